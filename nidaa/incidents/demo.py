"""A few published demo incidents in Idlib governorate, in English and Arabic.

Invented for the demo campaign, and marked as such in every title: they show how the record
reads, and must never be taken for documentation. `seed_demo_record()` is safe to run again:
it brings each demo incident back to this text, keyed by its code.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from nidaa.incidents.models import (
    Actor,
    Attribution,
    CivilianObject,
    Grade,
    Incident,
    LocationMode,
    Means,
    Precision,
    Source,
    Status,
)

ACTORS = {
    "Russian Armed Forces": {"name_ar": "القوات المسلحة الروسية", "kind": Actor.Kind.STATE, "country": "RU"},
    "Syrian government forces": {"name_ar": "القوات الحكومية السورية", "kind": Actor.Kind.STATE, "country": "SY"},
}  # fmt: skip

# Where the boundaries are not imported, the demo still names its governorate and sub-district.
IDLIB = {"admin1_pcode": "SY07", "admin1_en": "Idleb", "admin1_ar": "إدلب"}

INCIDENTS: list[dict[str, Any]] = [
    {
        "code": "DEMO-20191222-ARIHA",
        "texts": {
            "en": {
                "title": "Demo: air strikes on the market in Ariha",
                "narrative": "Demo record, invented to show how the record reads.\n\nTwo air strikes hit the covered market in Ariha in the late morning, when it was full of shoppers. Civil-defence teams pulled survivors from the rubble for several hours.",
            },
            "ar": {
                "title": "مثال: غارات جوية على سوق أريحا",
                "narrative": "سجل تجريبي، كُتب ليُظهر كيف يُقرأ السجل.\n\nأصابت غارتان جويتان السوق المسقوف في أريحا في ساعات الضحى، حين كان مكتظاً بالمتسوقين. وانتشلت فرق الدفاع المدني الناجين من تحت الأنقاض لساعات.",
            },
        },
        "started_on": datetime.date(2019, 12, 22),
        "latitude": 35.8127,
        "longitude": 36.6108,
        "location_mode": LocationMode.EXACT,
        "place_en": "Ariha, covered market",
        "place_ar": "أريحا، السوق المسقوف",
        "admin2": ("SY0705", "Ariha", "أريحا"),
        "admin3": ("SY070500", "Ariha", "مركز أريحا"),
        "means": Means.AIR_STRIKE,
        "strikes": 2,
        "locations": 1,
        "killed": (6, 9),
        "injured": (20, 27),
        "grade": Grade.FAIR,
        "actors": [("Russian Armed Forces", Attribution.Basis.FLIGHT, Attribution.Certainty.LIKELY)],
        "objects": [(CivilianObject.Kind.MARKET, "Ariha covered market", CivilianObject.Damage.SEVERE, True)],
        "sources": [(Source.Kind.NGO, "Demo civil-defence network", "https://example.org/demo/ariha-market")],
    },
    {
        "code": "DEMO-20191222-HOSPITAL",
        "texts": {
            "en": {
                "title": "Demo: hospital put out of service by air strikes",
                "narrative": "Demo record, invented to show how the record reads.\n\nA hospital serving several towns was struck twice within an hour. Staff moved patients to the basement; the hospital stopped admitting patients. Its exact place is withheld to protect the staff who still work nearby.",
            },
            "ar": {
                "title": "مثال: غارات جوية تُخرج مستشفى عن الخدمة",
                "narrative": "سجل تجريبي، كُتب ليُظهر كيف يُقرأ السجل.\n\nاستُهدف مستشفى يخدم عدة بلدات مرتين خلال ساعة. نقل العاملون المرضى إلى القبو، وتوقف المستشفى عن استقبال المرضى. حُجب موقعه الدقيق حمايةً للعاملين الذين ما زالوا في المنطقة.",
            },
        },
        "started_on": datetime.date(2019, 12, 22),
        "latitude": 35.6142,
        "longitude": 36.5587,
        "location_mode": LocationMode.SUBDISTRICT,
        "place_en": "Kafr Nobol, hospital",
        "place_ar": "كفر نبل، المستشفى",
        "admin2": ("SY0702", "Al Ma'ra", "معرة النعمان"),
        "admin3": ("SY070203", "Kafr Nobol", "كفر نبل"),
        "means": Means.AIR_STRIKE,
        "strikes": 2,
        "locations": 1,
        "killed": (1, 2),
        "injured": (4, 6),
        "grade": Grade.CONFIRMED,
        "actors": [("Russian Armed Forces", Attribution.Basis.REMNANTS, Attribution.Certainty.LIKELY)],
        "objects": [(CivilianObject.Kind.HOSPITAL, "", CivilianObject.Damage.SEVERE, True)],
        "sources": [(Source.Kind.NGO, "Demo medical relief network", "https://example.org/demo/hospital")],
    },
    {
        "code": "DEMO-20191223-CAMP",
        "texts": {
            "en": {
                "title": "Demo: shelling near a camp for displaced families",
                "narrative": "Demo record, invented to show how the record reads.\n\nShells fell at the edge of a camp for families displaced from the south of the governorate. Tents burned; families fled north on foot.",
            },
            "ar": {
                "title": "مثال: قصف قرب مخيم للعائلات النازحة",
                "narrative": "سجل تجريبي، كُتب ليُظهر كيف يُقرأ السجل.\n\nسقطت قذائف على طرف مخيم لعائلات نزحت من جنوب المحافظة. احترقت خيام وفرّت العائلات شمالاً سيراً على الأقدام.",
            },
        },
        "started_on": datetime.date(2019, 12, 23),
        "latitude": 35.8723,
        "longitude": 36.7891,
        "location_mode": LocationMode.ROUNDED,
        "place_en": "Saraqab, camp",
        "place_ar": "سراقب، المخيم",
        "admin2": ("SY0700", "Idleb", "مركز إدلب"),
        "admin3": ("SY070003", "Saraqab", "سراقب"),
        "means": Means.ARTILLERY,
        "strikes": 5,
        "locations": 2,
        "killed": (0, 1),
        "injured": (3, 5),
        "grade": Grade.WEAK,
        "actors": [("Syrian government forces", Attribution.Basis.WITNESS, Attribution.Certainty.SINGLE_SOURCE)],
        "objects": [(CivilianObject.Kind.CAMP, "", CivilianObject.Damage.MODERATE, False)],
        "sources": [(Source.Kind.MEDIA, "Demo news agency", "https://example.org/demo/camp")],
    },
]  # fmt: skip


@transaction.atomic
def seed_demo_record() -> list[Incident]:
    """Create or refresh the demo incidents (published), their actors, objects and sources."""
    actors = {name: demo_actor(name, fields) for name, fields in ACTORS.items()}
    return [demo_incident(spec, actors) for spec in INCIDENTS]


def demo_actor(name: str, fields: dict[str, Any]) -> Actor:
    actor, _ = Actor.objects.update_or_create(name=name, defaults=fields)
    return actor


def demo_incident(spec: dict[str, Any], actors: dict[str, Actor]) -> Incident:
    incident = Incident.objects.filter(code=spec["code"]).first() or Incident(code=spec["code"])
    fields = {
        **IDLIB,
        **dict(zip(("admin2_pcode", "admin2_en", "admin2_ar"), spec["admin2"], strict=True)),
        **dict(zip(("admin3_pcode", "admin3_en", "admin3_ar"), spec["admin3"], strict=True)),
        "texts": spec["texts"],
        "started_on": spec["started_on"],
        "time_precision": Precision.EXACT,
        "latitude": spec["latitude"],
        "longitude": spec["longitude"],
        "geo_precision": Precision.EXACT,
        "location_mode": spec["location_mode"],
        "place_en": spec["place_en"],
        "place_ar": spec["place_ar"],
        "means": spec["means"],
        "strikes": spec["strikes"],
        "locations": spec["locations"],
        "killed_min": spec["killed"][0],
        "killed_max": spec["killed"][1],
        "injured_min": spec["injured"][0],
        "injured_max": spec["injured"][1],
        "grade": spec["grade"],
        "status": Status.PUBLISHED,
        "published_at": incident.published_at or timezone.now(),
    }
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.save()  # fills the admin areas from the boundaries, when they are imported
    replace_details(incident, spec, actors)
    return incident


def replace_details(incident: Incident, spec: dict[str, Any], actors: dict[str, Actor]) -> None:
    incident.attributions.all().delete()
    incident.objects_hit.all().delete()
    incident.sources.all().delete()
    for actor, basis, status in spec["actors"]:
        incident.attributions.create(actor=actors[actor], basis=basis, status=status)
    for kind, name, damage, out_of_service in spec["objects"]:
        incident.objects_hit.create(
            kind=kind, name=name, damage=damage, out_of_service=out_of_service
        )
    for kind, publisher, url in spec["sources"]:
        incident.sources.create(
            kind=kind,
            publisher=publisher,
            url=url,
            language="ar",
            published_on=spec["started_on"],
            reliability=Source.Reliability.C,
        )
