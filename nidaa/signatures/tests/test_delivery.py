"""The delivery PDF: what it says, in which language, who may print it, what it never fetches."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.core.pdf import laid_out_text, render_document
from nidaa.signatures.delivery import delivery_pdf, gather, render_html
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.factories import make_signature

pytestmark = pytest.mark.django_db


def add(campaign: Campaign, email: str, **fields: Any) -> Signature:
    fields.setdefault("verified_at", None)
    return make_signature(campaign, email, **{"name": "Samira Haddad", "country": "GB", **fields})


def organisation(campaign: Campaign, name: str, **fields: Any) -> Signature:
    now = timezone.now()
    values = {"verified_at": now, "approved_at": now, **fields}
    return add(
        campaign,
        f"{abs(hash(name))}@org.example",
        kind=Signature.Kind.ORGANISATION,
        organisation_name=name,
        organisation_type=Signature.OrganisationType.NGO,
        **values,
    )


@pytest.fixture
def signed(demo_campaign: Campaign) -> Campaign:
    now = timezone.now()
    for i in range(3):
        add(demo_campaign, f"person{i}@example.org", verified_at=now)
    add(demo_campaign, "unverified@example.org")
    add(demo_campaign, "voided@example.org", verified_at=now, voided_at=now)
    organisation(demo_campaign, "Syrian Relief Collective")
    organisation(demo_campaign, "الدفاع المدني السوري", country="SY")
    organisation(demo_campaign, "Not Yet Approved", approved_at=None)
    organisation(demo_campaign, "Voided Org", voided_at=now)
    organisation(demo_campaign, "Unverified Org", verified_at=None)
    return demo_campaign


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def fonts_of(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_it_lists_the_organisations_that_count_and_the_number_of_individuals(
    signed: Campaign,
) -> None:
    pdf, delivery = delivery_pdf(signed, "en")

    text = text_of(pdf)
    assert [o.name for o in delivery.organisations] == [
        "Syrian Relief Collective",
        "الدفاع المدني السوري",
    ]
    assert delivery.individuals == 3
    assert "Syrian Relief Collective" in text
    assert "Signed by 3 individuals." in text
    for absent in ("Not Yet Approved", "Voided Org", "Unverified Org", "person0@example.org"):
        assert absent not in text
    content = signed.content("en")
    assert content is not None
    assert content.title in text
    for demand in content.demands.all():
        assert squeeze(demand.text[:40]) in squeeze(text)


def test_it_prints_in_arabic_right_to_left_with_the_self_hosted_font(signed: Campaign) -> None:
    pdf, _ = delivery_pdf(signed, "ar")

    html = render_html(gather(signed, "ar"))
    assert 'lang="ar" dir="rtl"' in html
    content = signed.content("ar")
    assert content is not None and content.language == "ar"
    # The laid-out lines (see laid_out_text for why not the PDF's extracted text).
    laid_out = squeeze(laid_out_text(render_document(html)))
    assert squeeze(content.title) in laid_out
    assert squeeze("الدفاع المدني السوري") in laid_out
    assert squeeze("Syrian Relief Collective") in laid_out
    assert "٣" in laid_out  # the count of individuals, in the digits Arabic readers use
    assert "Amiri" in fonts_of(pdf)  # from PyPI, served by the site, embedded
    assert any("\u0600" <= ch <= "\u06ff" for ch in text_of(pdf))


def test_user_text_is_escaped_and_fetches_nothing(demo_campaign: Campaign) -> None:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/x.png"
    try:
        organisation(demo_campaign, f'<img src="{url}"><link rel="stylesheet" href="{url}">')
        organisation(demo_campaign, '<img src="file:///etc/passwd">')
        content = demo_campaign.content("en")
        assert content is not None
        content.statement += f'\n\n![x]({url}) <img src="{url}"> <style>@import url("{url}");</style> <img src="file:///etc/passwd">'
        content.save()
        pdf, _ = delivery_pdf(demo_campaign, "en")
    finally:
        server.shutdown()
        server.server_close()

    assert hits == []
    text = text_of(pdf)
    assert "<img src=" in text.replace("\n", "")  # the organisation's "name", shown as text
    assert "root:" not in text


# --- the staff view -----------------------------------------------------------------------------


def delivery_url(language: str = "ar") -> str:
    return reverse("signatures:delivery", args=["save-idlib"]) + f"?language={language}"


def test_an_admin_gets_the_pdf_in_the_chosen_language_and_the_log_says_so(
    client: Client, admin_user: User, sign_in: Any, signed: Campaign
) -> None:
    sign_in(client, admin_user)

    response = client.get(delivery_url("ar"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="save-idlib-delivery-ar-' in response["Content-Disposition"]
    assert "Amiri" in fonts_of(response.content)
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == admin_user
    assert entry.after == {
        "file": "delivery",
        "format": "pdf",
        "language": "ar",
        "organisations": 2,
        "individuals": 3,
    }


def test_an_unknown_language_falls_back_to_english(
    client: Client, admin_user: User, sign_in: Any, signed: Campaign
) -> None:
    sign_in(client, admin_user)

    response = client.get(delivery_url("xx"))

    assert response.status_code == 200
    assert "-delivery-en-" in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["editor", "moderator", "outsider"])
def test_staff_without_the_permission_are_refused(
    client: Client, people: Any, sign_in: Any, signed: Campaign, who: str
) -> None:
    sign_in(client, getattr(people, who))

    response = client.get(delivery_url())

    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_password_only_session_is_refused(
    client: Client, admin_user: User, sign_in: Any, signed: Campaign
) -> None:
    sign_in(client, admin_user, verified=False)

    response = client.get(delivery_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
