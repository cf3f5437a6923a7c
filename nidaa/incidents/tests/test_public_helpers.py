"""Small fixtures the public-record tests share: incidents, actors and one sub-district.

The exact point (EXACT_LAT, EXACT_LON) is chosen off every 0.1° grid line and away from the
sub-district's centre, so that finding its digits in a page or a document can only mean a leak.
"""

import datetime
from typing import Any

from django.test import Client

from nidaa.boundaries.models import AdminArea
from nidaa.incidents.models import Actor, Incident, Status

EXACT_LAT = 35.81234
EXACT_LON = 36.61789
# What must never appear in public when the location is degraded: the first four decimals.
EXACT_TRACES = ("35.8123", "36.6178", "36.6179")
DAY = datetime.date(2019, 12, 22)

# A square sub-district around the point: centre (35.8, 36.62).
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[36.52, 35.7], [36.72, 35.7], [36.72, 35.9], [36.52, 35.9], [36.52, 35.7]]],
}


def make_area() -> AdminArea:
    """Idlib governorate, Ariha district and a square Ariha sub-district."""
    governorate, _ = AdminArea.objects.get_or_create(
        pcode="SY07",
        defaults={"level": AdminArea.Level.GOVERNORATE, "name_en": "Idleb", "name_ar": "إدلب"},
    )
    district, _ = AdminArea.objects.get_or_create(
        pcode="SY0705",
        defaults={
            "level": AdminArea.Level.DISTRICT,
            "name_en": "Ariha",
            "name_ar": "أريحا",
            "parent": governorate,
        },
    )
    area, _ = AdminArea.objects.get_or_create(
        pcode="SY070500",
        defaults={
            "level": AdminArea.Level.SUBDISTRICT,
            "name_en": "Ariha",
            "name_ar": "مركز أريحا",
            "parent": district,
            "geometry": SQUARE,
            "min_lon": 36.52,
            "max_lon": 36.72,
            "min_lat": 35.7,
            "max_lat": 35.9,
        },
    )
    return area


def make_incident(**fields: Any) -> Incident:
    values: dict[str, Any] = {
        "texts": {
            "en": {"title": "Air strikes on the market", "narrative": "Two strikes at noon."},
            "ar": {"title": "غارات على السوق", "narrative": "غارتان عند الظهر."},
        },
        "started_on": DAY,
        "latitude": EXACT_LAT,
        "longitude": EXACT_LON,
        "place_en": "Ariha market",
        "place_ar": "سوق أريحا",
        "admin1_pcode": "SY07",
        "admin1_en": "Idleb",
        "admin1_ar": "إدلب",
        "admin3_pcode": "SY070500",
        "admin3_en": "Ariha",
        "admin3_ar": "مركز أريحا",
        "means": "air_strike",
        "status": Status.PUBLISHED,
    }
    values.update(fields)
    return Incident.objects.create(**values)


def attribute(incident: Incident, actor_name: str, **fields: Any) -> Actor:
    actor, _ = Actor.objects.get_or_create(
        name=actor_name, defaults={"name_ar": fields.pop("name_ar", "")}
    )
    incident.attributions.create(actor=actor, **fields)
    return actor


def text_of(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()
