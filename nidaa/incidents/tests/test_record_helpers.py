"""What the recording and workflow tests share: a record in any state, and a valid form.

The cast is the project's (Dana the documenter, Huda the verifier, Adel the admin, Omar the
outsider), plus Daoud, a second documenter, who must never see Dana's drafts.
"""

import datetime
from typing import Any

from django.contrib.auth.models import User

from nidaa.accounts import roles
from nidaa.incidents.models import Incident, Status
from nidaa.testing.base import make_user

DAY = datetime.date(2019, 12, 22)


def second_documenter() -> User:
    return make_user("daoud", roles.DOCUMENTER)


def make_record(author: User | None, status: str = Status.DRAFT, **fields: Any) -> Incident:
    """A record by `author` in `status`, with a title in English and Arabic."""
    values: dict[str, Any] = {
        "texts": {
            "en": {"title": "Strike on Maarrat al-Numan market", "narrative": "Two strikes."},
            "ar": {"title": "قصف سوق معرة النعمان", "narrative": "غارتان."},
        },
        "started_on": DAY,
        "place_en": "Maarrat al-Numan",
        "created_by": author,
        "status": status,
        **fields,
    }
    if status in (Status.VERIFIED, Status.PUBLISHED):
        values.setdefault("grade", "fair")
    return Incident.objects.create(**values)


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete recording form as a browser posts it: one row in each formset."""
    data: dict[str, Any] = {
        "title_en": "Air strike on Ariha market",
        "narrative_en": "Two strikes hit the vegetable market at noon.",
        "title_ar": "غارة على سوق أريحا",
        "narrative_ar": "",
        "started_on": "2019-12-22",
        "ended_on": "",
        "time_precision": "1",
        "latitude": "35.81234",
        "longitude": "36.61789",
        "geo_precision": "1",
        "location_mode": "rounded",
        "place_en": "Ariha",
        "place_ar": "أريحا",
        "strikes": "2",
        "locations": "1",
        "means": "air_strike",
        "killed_min": "3",
        "killed_max": "5",
        "injured_min": "10",
        "injured_max": "12",
        "client_token": "6f1c7d2e-8c1b-4a55-9a0e-1d2c3b4a5f60",
    }
    data.update(_rows("attributions", [{
        "actor": "", "new_actor_name": "Russian Air Force", "new_actor_kind": "state",
        "new_actor_country": "ru", "basis": "flight", "status": "likely",
    }]))  # fmt: skip
    data.update(_rows("objects_hit", [{"kind": "market", "name": "Vegetable market", "damage": "severe"}]))  # fmt: skip
    data.update(_rows("sources", [{
        "kind": "field_team", "publisher": "Idlib response team", "url": "https://example.org/r/1",
        "language": "ar", "published_on": "2019-12-22", "reliability": "B",
    }]))  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _rows(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def empty_rows(prefix: str) -> dict[str, str]:
    return _rows(prefix, [])
