"""Deconfliction: incidents near a notified protected site, after its notification, are hits.

Distances are great-circle (haversine); the threshold is NIDAA_DECONFLICTION_METRES (500 m by
default). Hits follow the incident when it is saved, the site when staff change it, and
everything after an import. The staff report lists them; the staff site keeps the sites.
"""

import datetime
import io
import math
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from nidaa.accounts.models import AuditEntry
from nidaa.incidents import deconfliction
from nidaa.incidents.deconfliction import haversine_m, recheck_deconfliction
from nidaa.incidents.models import Incident, ProtectedSite, ProtectedSiteHit
from nidaa.incidents.tests.test_record_helpers import DAY, make_record

pytestmark = pytest.mark.django_db

# A field hospital in Saraqeb; points north of it by a given number of metres.
SITE = (35.8630, 36.8020)
NOTIFIED = DAY - datetime.timedelta(days=30)


def north_of_site(metres: float) -> tuple[float, float]:
    return SITE[0] + metres / deconfliction.METRES_PER_DEGREE, SITE[1]


def hospital(**fields: Any) -> ProtectedSite:
    values = {"name": "Saraqeb field hospital", "kind": "hospital", "operator": "SAMS",
              "latitude": SITE[0], "longitude": SITE[1], "notified_on": NOTIFIED,
              "list_version": "2019-11", **fields}  # fmt: skip
    site = ProtectedSite.objects.create(**values)
    deconfliction.recheck_site(site)
    return site


def strike(author: User | None, metres: float, **fields: Any) -> Incident:
    lat, lon = north_of_site(metres)
    return make_record(author, latitude=lat, longitude=lon, **fields)


def test_haversine_agrees_with_known_distances() -> None:
    # One degree of latitude, and Damascus to Aleppo (about 310 km).
    assert haversine_m(35.0, 36.0, 36.0, 36.0) == pytest.approx(111_195, abs=1)
    assert haversine_m(33.5138, 36.2765, 36.2021, 37.1343) == pytest.approx(309_600, rel=0.01)
    assert haversine_m(*SITE, *SITE) == 0


def test_an_incident_near_a_site_after_its_notification_is_a_hit(documenter: User) -> None:
    site = hospital()

    incident = strike(documenter, 300)

    [hit] = ProtectedSiteHit.objects.all()
    assert (hit.site, hit.incident, hit.distance_m) == (site, incident, 300)
    incident.refresh_from_db()
    assert incident.near_protected_site
    # The hit is in the audit log: the record's history shows it to verifiers.
    assert AuditEntry.objects.filter(action="create", after__incident_id=incident.pk).exists()


@pytest.mark.parametrize(
    ("metres", "started_on", "hit"),
    [
        (499, DAY, True),
        (501, DAY, False),
        (100, NOTIFIED, True),  # on the day of notification
        (100, NOTIFIED - datetime.timedelta(days=1), False),  # before it was notified
    ],
)
def test_the_distance_and_the_date_decide(
    documenter: User, metres: float, started_on: datetime.date, hit: bool
) -> None:
    hospital()

    incident = strike(documenter, metres, started_on=started_on)

    assert ProtectedSiteHit.objects.filter(incident=incident).exists() is hit
    assert Incident.objects.get(pk=incident.pk).near_protected_site is hit


def test_the_distance_is_a_setting(documenter: User, settings: Any) -> None:
    settings.NIDAA_DECONFLICTION_METRES = 1000
    hospital()

    assert strike(documenter, 900).near_protected_site


def test_moving_the_incident_away_removes_the_hit(documenter: User) -> None:
    hospital()
    incident = strike(documenter, 100)

    incident.latitude, incident.longitude = north_of_site(5000)
    incident.save()

    assert not ProtectedSiteHit.objects.exists()
    assert not Incident.objects.get(pk=incident.pk).near_protected_site
    assert AuditEntry.objects.filter(action="delete", before__incident_id=incident.pk).exists()


def test_a_save_that_cannot_move_the_incident_does_not_recompute(
    documenter: User, django_assert_max_num_queries: Any
) -> None:
    hospital()
    incident = strike(documenter, 100)

    with django_assert_max_num_queries(10) as moved:
        incident.save()
    with django_assert_max_num_queries(10) as unmoved:
        incident.save(update_fields=["status"])

    def sites(queries: Any) -> list[str]:
        return [q["sql"] for q in queries.captured_queries if "protectedsite" in q["sql"]]

    assert sites(moved) and not sites(unmoved)


def test_a_site_added_later_finds_the_incidents_near_it(documenter: User) -> None:
    near, far = strike(documenter, 200), strike(documenter, 2000)

    hospital()

    assert list(ProtectedSiteHit.objects.values_list("incident", flat=True)) == [near.pk]
    assert Incident.objects.get(pk=near.pk).near_protected_site
    assert not Incident.objects.get(pk=far.pk).near_protected_site


def test_a_site_near_the_date_line_or_far_north_is_still_found(documenter: User) -> None:
    ProtectedSite.objects.create(name="Arctic", kind="clinic", latitude=78.22, longitude=15.65, notified_on=NOTIFIED)  # fmt: skip
    # 400 m east at 78° north is about 0.0176° of longitude.
    make_record(documenter, latitude=78.22, longitude=15.65 + 400 / (deconfliction.METRES_PER_DEGREE * math.cos(math.radians(78.22))))  # fmt: skip

    recheck_deconfliction()

    assert ProtectedSiteHit.objects.get().distance_m == 400


def test_the_bulk_recheck_finds_the_same_hits_as_one_by_one(documenter: User) -> None:
    sites = [hospital(name=f"Site {n}", latitude=SITE[0] + n * 0.01) for n in range(5)]
    incidents = [strike(documenter, metres) for metres in range(0, 6000, 150)]
    one_by_one = set(ProtectedSiteHit.objects.values_list("incident", "site", "distance_m"))
    assert len(one_by_one) > 5

    ProtectedSiteHit.objects.all().delete()
    Incident.objects.update(near_protected_site=True)  # stale flags, as a bulk import leaves
    recheck_deconfliction()

    assert set(ProtectedSiteHit.objects.values_list("incident", "site", "distance_m")) == one_by_one
    flagged = set(Incident.objects.filter(near_protected_site=True).values_list("pk", flat=True))
    assert flagged == {pk for pk, _, _ in one_by_one}
    assert len(sites) == 5 and len(incidents) == 40


def test_the_bulk_recheck_is_quick_over_many_incidents(documenter: User) -> None:
    ProtectedSite.objects.bulk_create(
        ProtectedSite(name=f"Site {n}", kind="clinic", latitude=34 + n * 0.01,
                      longitude=36 + n * 0.005, notified_on=NOTIFIED) for n in range(200)
    )  # fmt: skip
    rows = [Incident(code=f"BULK-{n}", started_on=DAY, latitude=34 + (n % 2000) * 0.001,
                     longitude=36 + (n % 1000) * 0.001) for n in range(5000)]  # fmt: skip
    Incident.objects.bulk_create(rows, batch_size=1000)

    started = time.monotonic()
    recheck_deconfliction()
    elapsed = time.monotonic() - started

    assert ProtectedSiteHit.objects.count() > 0
    assert elapsed < 2, f"{elapsed:.1f} s for 5,000 incidents and 200 sites"


# --- The report and the staff site ---------------------------------------------------------------


def staff_url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_the_report_lists_each_hit_with_distance_and_days_after_notification(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    hospital()
    incident = strike(documenter, 120)
    sign_in(client, verifier)

    page = client.get(staff_url("evidence:protected_hits")).content.decode()

    assert "Saraqeb field hospital" in page and incident.code in page
    assert "120 m" in page and "<td>30</td>" in page
    assert staff_url("record:detail", code=incident.code) in page


def test_documenters_never_see_the_sites(client: Client, documenter: User, sign_in: Any) -> None:
    hospital()
    sign_in(client, documenter)

    assert client.get(staff_url("evidence:protected_hits")).status_code == 403
    assert client.get(staff_url("admin:incidents_protectedsite_changelist")).status_code == 403


def test_a_verifier_adds_a_site_on_the_staff_site_and_its_hits_follow(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    incident = strike(documenter, 250)
    sign_in(client, verifier)

    response = client.post(staff_url("admin:incidents_protectedsite_add"), {
        "name": "Saraqeb school", "kind": "school", "operator": "", "latitude": SITE[0],
        "longitude": SITE[1], "notified_on": NOTIFIED.isoformat(), "list_version": "2019-11",
    })  # fmt: skip

    assert response.status_code == 302
    site = ProtectedSite.objects.get()
    assert ProtectedSiteHit.objects.get().incident == incident
    assert AuditEntry.objects.filter(action="create", object_id=str(site.pk), actor=verifier).exists()  # fmt: skip
    listing = client.get(staff_url("admin:incidents_protectedsite_changelist") + "?q=school")
    assert "Saraqeb school" in listing.content.decode()


def test_a_site_with_an_impossible_latitude_is_refused(
    client: Client, verifier: User, sign_in: Any
) -> None:
    sign_in(client, verifier)

    response = client.post(staff_url("admin:incidents_protectedsite_add"), {
        "name": "Nowhere", "kind": "clinic", "latitude": "135", "longitude": "36",
        "notified_on": "2019-01-01",
    })  # fmt: skip

    assert response.status_code == 200 and "between -90 and 90" in response.content.decode()
    assert not ProtectedSite.objects.exists()


def test_removing_a_site_removes_its_hits_and_lowers_the_flag(
    client: Client, admin_user: User, documenter: User, sign_in: Any
) -> None:
    site = hospital()
    incident = strike(documenter, 100)
    sign_in(client, admin_user)

    client.post(staff_url("admin:incidents_protectedsite_delete", object_id=site.pk), {"post": "yes"})  # fmt: skip

    assert not ProtectedSite.objects.exists() and not ProtectedSiteHit.objects.exists()
    assert not Incident.objects.get(pk=incident.pk).near_protected_site


# --- import_protected_sites ------------------------------------------------------------------------

GOOD = """name,type,operator,lat,lon,notified date,list version
Saraqeb field hospital,hospital,SAMS,35.8630,36.8020,2019-11-22,2019-11
Ariha water station,water,UNICEF,35.8120,36.6080,2019-11-22,2019-11
Atmeh camp school,camp for displaced people,IRC,36.2230,36.6780,2019-10-01,2019-11
"""


def import_sites(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_protected_sites", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_notified_sites_list_is_imported_and_checked_against_the_incidents(
    tmp_path: Path, documenter: User
) -> None:
    incident = strike(documenter, 50)

    out = import_sites(tmp_path, GOOD)

    assert "3 new" in out
    site = ProtectedSite.objects.get(name="Atmeh camp school")
    assert (site.kind, site.operator, site.notified_on, site.list_version) == ("camp", "IRC", datetime.date(2019, 10, 1), "2019-11")  # fmt: skip
    assert ProtectedSiteHit.objects.get().incident == incident
    assert AuditEntry.objects.filter(action="create", object_repr="Ariha water station").exists()


def test_importing_the_same_list_again_changes_nothing(tmp_path: Path) -> None:
    import_sites(tmp_path, GOOD)

    out = import_sites(tmp_path, GOOD)

    assert "0 new, 0 updated, 3 unchanged" in out
    assert ProtectedSite.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (
            "Clinic,clinic,,35.8,36.8,2019-13-01,v1",
            "sites.csv:3:notified date: '2019-13-01' is not a date",
        ),
        (
            "Clinic,castle,,35.8,36.8,2019-01-01,v1",
            "sites.csv:3:type: 'castle' is not a site type",
        ),
        (
            "Clinic,clinic,,95,36.8,2019-01-01,v1",
            "sites.csv:3:lat: '95' is not between -90 and 90",
        ),
        ("Clinic,clinic,,35.8,east,2019-01-01,v1", "sites.csv:3:lon: 'east' is not a number"),
        (",clinic,,35.8,36.8,2019-01-01,v1", "sites.csv:3:name: a site needs a name"),
    ],
)
def test_a_bad_cell_stops_the_import_naming_line_and_column_and_nothing_is_written(
    tmp_path: Path, row: str, where: str
) -> None:
    text = "name,type,operator,lat,lon,notified date,list version\nGood,clinic,,35,36,2019-01-01,v1\n" + row + "\n"  # fmt: skip

    with pytest.raises(CommandError, match=re.escape(where)):
        import_sites(tmp_path, text)

    assert not ProtectedSite.objects.exists()


def test_a_file_without_a_required_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=re.escape("sites.csv:1:lat: no column 'lat'")):
        import_sites(tmp_path, "name,type,lon,notified_on\nA,clinic,36,2019-01-01\n")
