"""Who may move a record through verification, from where to where, and what each move writes."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from nidaa.accounts.models import AuditEntry
from nidaa.core.middleware import GENERATION_KEY
from nidaa.incidents import workflow
from nidaa.incidents.models import Incident, Status
from nidaa.incidents.tests.test_record_helpers import make_record, second_documenter

pytestmark = pytest.mark.django_db

# The rules, declared here independently of workflow.py: who makes each move, and from where.
# "author" is Dana on her own record; "own verifier" is Huda on a record she wrote herself.
WHO = {
    "submit": {"author", "own verifier"},
    "start_verification": {"verifier", "admin"},
    "verify": {"verifier", "admin"},
    "publish": {"verifier", "admin"},
    "unpublish": {"verifier", "admin"},
    "return_to_draft": {"verifier", "admin"},
    "reject": {"verifier", "admin"},
    "reopen": {"author", "own verifier"},
}
FROM_TO = {
    "submit": ({"draft"}, "submitted"),
    "start_verification": ({"submitted"}, "in_verification"),
    "verify": ({"in_verification"}, "verified"),
    "publish": ({"verified"}, "published"),
    "unpublish": ({"published"}, "verified"),
    "return_to_draft": ({"submitted", "in_verification"}, "draft"),
    "reject": ({"submitted", "in_verification"}, "rejected"),
    "reopen": ({"rejected"}, "draft"),
}
ROLES = ["author", "other documenter", "verifier", "admin", "own verifier", "outsider"]


@pytest.fixture
def cast(documenter: User, verifier: User, admin_user: User, outsider: User) -> dict[str, Any]:
    return {
        "author": documenter,
        "other documenter": second_documenter(),
        "verifier": verifier,
        "admin": admin_user,
        "own verifier": verifier,
        "outsider": outsider,
    }


def attempt(user: User, incident: Incident, name: str) -> str:
    try:
        workflow.perform(user, incident, name, note="Checked with the field team.", grade="fair")
    except PermissionDenied:
        return "refused"
    except workflow.WorkflowError:
        return "not now"
    return "done"


@pytest.mark.parametrize("name", list(WHO))
def test_each_move_is_made_only_by_the_right_person_from_the_right_state(
    cast: dict[str, Any], name: str
) -> None:
    sources, target = FROM_TO[name]
    wrong = []
    for status in Status.values:
        for role in ROLES:
            author = cast["verifier"] if role == "own verifier" else cast["author"]
            incident = make_record(author, status)
            expected = (
                "refused" if role not in WHO[name] else "done" if status in sources else "not now"
            )
            outcome = attempt(cast[role], incident, name)
            incident.refresh_from_db()
            moved = incident.status == target and status != target
            if outcome != expected or moved != (expected == "done"):
                wrong.append(f"{role} on {status}: {outcome}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_declared_rules_cover_every_move_in_the_code() -> None:
    assert set(WHO) == set(workflow.TRANSITIONS)
    for name, (sources, target) in FROM_TO.items():
        assert set(workflow.TRANSITIONS[name].sources) == sources
        assert workflow.TRANSITIONS[name].target == target


def test_a_verifier_cannot_verify_or_publish_her_own_record(verifier: User) -> None:
    own = make_record(verifier, Status.IN_VERIFICATION)

    with pytest.raises(PermissionDenied):
        workflow.verify(verifier, own, grade="confirmed")
    own.status = Status.VERIFIED
    own.save()
    with pytest.raises(PermissionDenied):
        workflow.publish(verifier, own)

    assert workflow.available(verifier, own) == []


def test_the_record_page_offers_only_the_moves_a_person_may_make(
    documenter: User, verifier: User
) -> None:
    submitted = make_record(documenter, Status.SUBMITTED)

    assert [t.name for t in workflow.available(documenter, submitted)] == []
    assert [t.name for t in workflow.available(verifier, submitted)] == [
        "start_verification",
        "return_to_draft",
        "reject",
    ]


def test_verifying_needs_a_grade_and_records_who_verified(documenter: User, verifier: User) -> None:
    incident = make_record(documenter, Status.IN_VERIFICATION)

    with pytest.raises(workflow.WorkflowError):
        workflow.verify(verifier, incident)
    workflow.verify(verifier, incident, grade="confirmed")

    incident.refresh_from_db()
    assert incident.status == Status.VERIFIED
    assert incident.grade == "confirmed"
    assert incident.verified_by == verifier


def test_only_a_verified_record_can_be_published(documenter: User, verifier: User) -> None:
    for status in Status.values:
        incident = make_record(documenter, status)
        if status == Status.VERIFIED:
            workflow.publish(verifier, incident)
            continue
        with pytest.raises(workflow.WorkflowError):
            workflow.publish(verifier, incident)
        incident.refresh_from_db()
        assert incident.status == status and incident.published_at is None


def test_publishing_sets_the_date_and_the_verifier_and_purges_public_pages(
    documenter: User, verifier: User, django_capture_on_commit_callbacks: Any
) -> None:
    incident = make_record(documenter, Status.VERIFIED)
    cache.set(GENERATION_KEY, 1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.publish(verifier, incident)

    incident.refresh_from_db()
    assert incident.status == Status.PUBLISHED
    assert incident.published_at is not None
    assert incident.verified_by == verifier
    assert len(callbacks) == 1
    assert cache.get(GENERATION_KEY) != 1


def test_unpublishing_for_a_correction_takes_it_down_and_purges_public_pages(
    documenter: User, verifier: User, django_capture_on_commit_callbacks: Any
) -> None:
    incident = make_record(documenter, Status.VERIFIED)
    workflow.publish(verifier, incident)
    cache.set(GENERATION_KEY, 1)

    with pytest.raises(workflow.WorkflowError):
        workflow.unpublish(verifier, incident, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(verifier, incident, note="The death toll was revised.")

    incident.refresh_from_db()
    assert incident.status == Status.VERIFIED and incident.published_at is None
    assert cache.get(GENERATION_KEY) != 1
    assert workflow.can_edit(verifier, incident)


def test_moves_that_do_not_touch_the_public_record_leave_the_page_cache_alone(
    documenter: User, verifier: User, django_capture_on_commit_callbacks: Any
) -> None:
    incident = make_record(documenter, Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.start_verification(verifier, incident)

    assert callbacks == []


def test_rejecting_needs_a_reason_and_the_author_may_reopen(
    documenter: User, verifier: User
) -> None:
    incident = make_record(documenter, Status.SUBMITTED)

    with pytest.raises(workflow.WorkflowError):
        workflow.reject(verifier, incident, note="")
    workflow.reject(verifier, incident, note="The same strike as NID-20191222-AB12CD.")
    assert not workflow.can_edit(documenter, incident)
    workflow.reopen(documenter, incident)

    incident.refresh_from_db()
    assert incident.status == Status.DRAFT
    assert workflow.can_edit(documenter, incident)


def test_a_returned_record_is_the_authors_draft_again_with_the_note(
    documenter: User, verifier: User
) -> None:
    incident = make_record(documenter, Status.IN_VERIFICATION)

    workflow.return_to_draft(verifier, incident, note="Please add the hospital's name.")

    incident.refresh_from_db()
    assert incident.status == Status.DRAFT
    assert workflow.can_edit(documenter, incident)
    assert not workflow.can_edit(verifier, incident)
    [latest, *_] = workflow.history(documenter, incident)
    assert latest.note == "Please add the hospital's name."


def test_every_move_is_in_the_audit_log_with_the_record_before_and_after(
    documenter: User, verifier: User
) -> None:
    incident = make_record(documenter)

    workflow.submit(documenter, incident)
    workflow.start_verification(verifier, incident)
    workflow.verify(verifier, incident, grade="fair")
    workflow.publish(verifier, incident)

    entries = list(AuditEntry.objects.filter(object_id=str(incident.pk)).order_by("id"))
    moves = [(e.actor_username, (e.before or {})["status"], (e.after or {})["status"]) for e in entries]  # fmt: skip
    assert moves == [
        ("dana", "draft", "submitted"),
        ("huda", "submitted", "in_verification"),
        ("huda", "in_verification", "verified"),
        ("huda", "verified", "published"),
    ]
    assert all(e.action == AuditEntry.Action.CHANGE for e in entries)
    grading = entries[2]
    assert grading.before and grading.after
    assert grading.before["grade"] == "" and grading.after["grade"] == "fair"


def test_a_move_on_a_page_that_is_out_of_date_is_refused(
    documenter: User, verifier: User, admin_user: User
) -> None:
    incident = make_record(documenter, Status.VERIFIED)
    seen_by_adel = Incident.objects.get(pk=incident.pk)

    workflow.publish(verifier, incident)

    with pytest.raises(workflow.WorkflowError):
        workflow.publish(admin_user, seen_by_adel)
    assert AuditEntry.objects.filter(object_id=str(incident.pk)).count() == 1


@pytest.mark.parametrize(
    ("role", "status", "may_edit"),
    [
        ("author", Status.DRAFT, True),
        ("author", Status.SUBMITTED, False),
        ("author", Status.REJECTED, False),
        ("author", Status.PUBLISHED, False),
        ("other documenter", Status.DRAFT, False),
        ("verifier", Status.DRAFT, False),
        ("verifier", Status.SUBMITTED, False),
        ("verifier", Status.IN_VERIFICATION, True),
        ("verifier", Status.VERIFIED, True),
        ("verifier", Status.PUBLISHED, False),
        ("admin", Status.IN_VERIFICATION, True),
        ("outsider", Status.DRAFT, False),
    ],
)
def test_who_may_edit_a_record(
    cast: dict[str, Any], role: str, status: str, may_edit: bool
) -> None:
    incident = make_record(cast["author"], status)

    assert workflow.can_edit(cast[role], incident) is may_edit


def test_only_a_verifier_checking_someone_elses_record_may_grade_it(
    documenter: User, verifier: User
) -> None:
    theirs = make_record(documenter, Status.IN_VERIFICATION)
    own = make_record(verifier, Status.DRAFT)

    assert workflow.can_grade(verifier, theirs)
    assert not workflow.can_grade(documenter, theirs)
    assert not workflow.can_grade(verifier, own)


def test_a_documenter_sees_only_her_own_records_and_a_verifier_sees_all(
    cast: dict[str, Any],
) -> None:
    dana, daoud = cast["author"], cast["other documenter"]
    mine = make_record(dana)
    theirs = make_record(daoud)

    assert list(workflow.visible_to(dana)) == [mine]
    assert set(workflow.visible_to(cast["verifier"])) == {mine, theirs}
    assert list(workflow.visible_to(cast["outsider"])) == []
    assert not workflow.can_view(daoud, mine)


def test_an_imported_draft_without_an_author_is_the_verifiers_to_correct_and_submit(
    documenter: User, verifier: User, admin_user: User
) -> None:
    imported = make_record(None, Status.DRAFT)

    assert workflow.can_edit(verifier, imported) and not workflow.can_edit(documenter, imported)
    with pytest.raises(PermissionDenied):
        workflow.submit(documenter, imported)
    workflow.submit(verifier, imported)
    workflow.start_verification(admin_user, imported)

    imported.refresh_from_db()
    assert imported.status == Status.IN_VERIFICATION
