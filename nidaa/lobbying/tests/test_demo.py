"""seed_demo's lobbying: the campaign's letters and call scripts in English and Arabic, and a
list of UN Security Council missions whose contact details are marked as invented."""

import io

import pytest
from django.core.management import call_command

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.demo import MISSIONS_SLUG
from nidaa.lobbying.letters import check_placeholders
from nidaa.lobbying.lookup import fixed_targets
from nidaa.lobbying.models import ContactChannel, Directory, LetterTemplate

pytestmark = pytest.mark.django_db


def test_the_demo_has_letters_for_every_group_and_for_the_missions(
    demo_campaign: Campaign,
) -> None:
    templates = LetterTemplate.objects.filter(campaign=demo_campaign)

    found = {(t.directory.slug if t.directory else None, t.language) for t in templates}
    assert found == {(None, "en"), (None, "ar"), (MISSIONS_SLUG, "en"), (MISSIONS_SLUG, "ar")}
    for template in templates:
        check_placeholders({"subject": template.subject, "body": template.body, "call_script": template.call_script})  # fmt: skip
        assert "{supporter_name}" in template.body and "{target_name}" in template.call_script


def test_the_missions_are_a_custom_list_with_example_contact_data(demo_campaign: Campaign) -> None:
    missions = Directory.objects.get(slug=MISSIONS_SLUG)
    result = fixed_targets(MISSIONS_SLUG)

    assert missions.kind == Directory.Kind.CUSTOM and "demo" in missions.name
    assert len(result.targets) == 5 and all("(demo)" in t.name for t in result.targets)
    channels = ContactChannel.objects.filter(target__directory=missions)
    assert all("not a real contact" in c.source for c in channels)
    emails = channels.filter(kind="email").values_list("value", flat=True)
    assert all(email.endswith("@example.org") for email in emails)
    phones = channels.filter(kind="phone").values_list("value", flat=True)
    assert all(" 555 01" in phone for phone in phones)  # numbers reserved for fiction


def test_seeding_again_changes_nothing(demo_campaign: Campaign) -> None:
    before = (LetterTemplate.objects.count(), ContactChannel.objects.count())

    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())

    assert (LetterTemplate.objects.count(), ContactChannel.objects.count()) == before
