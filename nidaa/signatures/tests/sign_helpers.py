"""What the signing tests share: form data, solving the challenge, the mail owed and sent."""

import base64
import json
import re
from typing import Any

import altcha
from django.test import Client

from nidaa.signatures import tasks
from nidaa.signatures.models import Signature
from nidaa.testing.base import Supporter

SIGN_URL = "/{language}/c/save-idlib/sign/"
CHECK_EMAIL_URL = "/{language}/c/save-idlib/sign/check-email/"
LINK = re.compile(r"https?://[^\s\"<>]+/(verify|withdraw)/\d+/[\w-]+/")


def individual(supporter: Supporter | None = None, **overrides: Any) -> dict[str, Any]:
    """What Samira types into the individual form."""
    supporter = supporter or Supporter()
    data = {"name": supporter.name, "email": supporter.email, "country": supporter.country}
    return {**data, **overrides}


def organisation(supporter: Supporter | None = None, **overrides: Any) -> dict[str, Any]:
    supporter = supporter or Supporter()
    data = {
        "kind": "organisation",
        "org-organisation_name": supporter.organisation,
        "org-organisation_type": "ngo",
        "org-country": supporter.country,
        "org-website": "https://solidarity.example.org/",
        "org-name": supporter.name,
        "org-email": supporter.email,
    }
    return {**data, **overrides}


def solve(client: Client, slug: str = "save-idlib") -> str:
    """Fetch a challenge and solve it, as sign.js does in the browser."""
    challenge = json.loads(client.get(f"/c/{slug}/challenge.json").content)
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], "SHA-256", challenge["maxNumber"]
    )
    assert solution is not None
    fields = ("algorithm", "challenge", "salt", "signature")
    payload = {key: challenge[key] for key in fields} | {"number": solution.number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def queued_mail() -> list[int]:
    """Ids of the signatures whose owners are owed mail, in order of signing."""
    owed = Signature.objects.filter(mail_due_at__isnull=False).order_by("pk")
    return list(owed.values_list("pk", flat=True))


def send_queued_mail() -> str:
    """What the worker does with the task the clock enqueues: send the mail that is due."""
    return tasks.send_due_mail.call()


def links(text: str) -> dict[str, str]:
    """The verify and withdraw links in a message, by kind."""
    return {match.group(1): match.group(0) for match in LINK.finditer(text)}
