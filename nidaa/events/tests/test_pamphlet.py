"""The campaign's pamphlet and events' flyers, read back with independent tools: pdftotext
(the words a reader copies out), pdffonts (every font embedded) and zbarimg (the QR code), all
from Debian (scripts/ensure-pdf-tools.sh); and the cache on disk."""

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nidaa.campaigns.demo_content import TEXTS
from nidaa.campaigns.models import Campaign
from nidaa.core import pdf as core_pdf
from nidaa.events import pamphlets
from nidaa.events.tests.helpers import make_event
from nidaa.incidents.models import Incident
from nidaa.incidents.summary import day_summary

pytestmark = pytest.mark.django_db
TOOLS = ("pdftotext", "pdffonts", "pdftoppm", "zbarimg")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]


@pytest.fixture(autouse=True)
def _tools() -> None:
    if MISSING:
        message = f"{', '.join(MISSING)} missing (Debian poppler-utils, zbar-tools): see scripts/ensure-pdf-tools.sh"  # fmt: skip
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def pamphlet(client: Client, query: str) -> bytes:
    response = client.get(f"/c/save-idlib/pamphlet.pdf?{query}")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"
STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f]")
EMBEDDED = re.compile(f"{LRE}([^{LRE}{RLE}{PDF}]*){PDF}")


def logical(extracted: str) -> str:
    """pdftotext's words in the order they are read, as a bidi-aware editor shows them.

    pdftotext writes Arabic letters in logical order and wraps each right-to-left line in RLE
    … PDF. Punctuation and digits between Arabic words it puts in a left-to-right embedding
    (LRE … PDF) in their visual order: "، " comes out as LRE " ،" PDF, which displays right.
    Reading such an embedding of neutral characters right to left gives the logical order
    back; an embedding with Latin letters (a URL, an English heading) is left as it is.
    """

    def resolve(match: re.Match[str]) -> str:
        run = match.group(1)
        return run if STRONG_LTR.search(run) else run[::-1]

    text = EMBEDDED.sub(resolve, extracted)
    return text.translate({ord(LRE): None, ord(RLE): None, ord(PDF): None})


def text_of(pdf: bytes, tmp_path: Path, *crop: str) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return " ".join(logical(run("pdftotext", *crop, str(path), "-")).split())


def test_the_arabic_pamphlet_copies_out_the_demands_as_written(
    client: Client, demo_campaign: Campaign, tmp_path: Path
) -> None:
    text = text_of(pamphlet(client, "lang=ar&size=a4"), tmp_path)

    for demand in TEXTS["ar"]["demands"]:
        assert " ".join(str(demand).split()) in text, f"not found as written: {demand}"
    assert str(TEXTS["ar"]["title"]) in text
    order = [text.index(" ".join(str(d).split())) for d in TEXTS["ar"]["demands"]]
    assert order == sorted(order)  # in their order, first demand first


def test_the_bilingual_pamphlet_has_both_languages_on_one_sheet(
    client: Client, demo_campaign: Campaign, tmp_path: Path
) -> None:
    pdf = pamphlet(client, "lang=ar%2Ben&size=letter")
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)

    assert "Pages:           1" in run("pdfinfo", str(path)) or "Pages: 1" in " ".join(run("pdfinfo", str(path)).split())  # fmt: skip
    assert "Page size:       612 x 792 pts (letter)" in run("pdfinfo", str(path))
    # Each language in its own column: the right half holds Arabic, the left half English.
    arabic = text_of(pdf, tmp_path, "-x", "306", "-y", "0", "-W", "306", "-H", "792")
    english = text_of(pdf, tmp_path, "-x", "0", "-y", "0", "-W", "306", "-H", "792")
    for demand in TEXTS["ar"]["demands"]:
        assert " ".join(str(demand).split()) in arabic
    for demand in TEXTS["en"]["demands"]:
        assert " ".join(str(demand).split()) in english
    assert "#SaveIdlib" in text_of(pdf, tmp_path)


def test_every_font_is_embedded_and_arabic_is_set_in_amiri(
    client: Client, demo_campaign: Campaign, tmp_path: Path
) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(pamphlet(client, "lang=ar+en&size=a4"))  # "+" as a space: still both

    lines = run("pdffonts", str(path)).splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        assert line.split()[-5] == "yes", f"not embedded: {line}"
    assert any("Amiri" in line for line in lines) and any("Noto-Sans" in line for line in lines)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_qr_code_leads_to_the_campaign_page_in_that_language(
    client: Client, demo_campaign: Campaign, tmp_path: Path, language: str
) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(pamphlet(client, f"lang={language}&size=a4"))
    run("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page"))

    [image] = tmp_path.glob("page*.png")
    decoded = run("zbarimg", "--quiet", "--raw", str(image)).strip()
    assert decoded == f"http://127.0.0.1:8000/{language}/c/save-idlib/"


def test_the_pamphlet_holds_the_latest_figures_and_the_five_actions(
    client: Client, demo_record: Campaign, tmp_path: Path
) -> None:
    text = text_of(pamphlet(client, "lang=en&size=a4"), tmp_path)

    assert "The latest documented figures" in text and "teams documented" in text
    for action in ("Stand in solidarity", "Get informed and spread the word", "Lobby", "Organise", "Donate"):  # fmt: skip
        assert action in text
    assert "Artwork: Nidaa project" in text


def test_the_latest_figures_are_those_of_the_newest_published_day(demo_record: Campaign) -> None:
    newest = max(Incident.objects.published().values_list("started_on", flat=True))

    figures = pamphlets.latest_figures()

    assert figures is not None and figures.date == newest
    assert figures == day_summary(newest)


def test_it_is_rendered_once_and_again_when_the_content_changes(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    with mock.patch.object(core_pdf, "render_pdf", wraps=core_pdf.render_pdf) as render:
        first = client.get("/c/save-idlib/pamphlet.pdf?lang=en&size=a4")
        second = client.get("/c/save-idlib/pamphlet.pdf?lang=en&size=a4")
        assert render.call_count == 1
        assert first.content == second.content and first["ETag"] == second["ETag"]
        assert client.get("/c/save-idlib/pamphlet.pdf?lang=en&size=a4", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # fmt: skip

        content = demo_campaign.translations.get(language="en")
        content.summary = "A new summary."
        content.save()
        third = client.get("/c/save-idlib/pamphlet.pdf?lang=en&size=a4")

    assert render.call_count == 2 and third["ETag"] != first["ETag"]
    files = list(Path(settings.NIDAA_PAMPHLET_DIR).glob("pamphlet-save-idlib-en-a4-*.pdf"))
    assert len(files) == 1  # the older version is gone


def test_bad_parameters_are_refused(client: Client, demo_campaign: Campaign) -> None:
    for query in ("lang=fr", "lang=ar+ar", "size=a3", "lang=ar+en+ar"):
        response = client.get(f"/c/save-idlib/pamphlet.pdf?{query}")
        assert response.status_code == 400
        assert response.content.decode() == "Choose lang=en, ar or ar+en, and size=a4 or letter."


def test_the_refusal_is_in_the_visitors_language(client: Client, demo_campaign: Campaign) -> None:
    response = client.get("/c/save-idlib/pamphlet.pdf?size=a3", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert "اختر" in response.content.decode()


def test_a_flyer_of_a_size_we_do_not_print_is_refused_in_the_pages_language(
    client: Client, demo_campaign: Campaign
) -> None:
    event = make_event(demo_campaign)
    response = client.get(f"/ar/c/save-idlib/events/{event.pk}/flyer.pdf?size=a3")
    assert response.status_code == 400
    assert response.content.decode() == "اختر size=a4 أو letter."


def test_a_draft_campaigns_pamphlet_is_for_its_editors_to_preview(
    client: Client, demo_campaign: Campaign, editor: User, sign_in: Any
) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)
    assert client.get("/c/save-idlib/pamphlet.pdf").status_code == 404

    sign_in(client, editor)
    preview = client.get("/c/save-idlib/pamphlet.pdf?lang=ar")

    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    page = client.get(f"/en/staff/campaigns/campaign/{demo_campaign.pk}/change/").content.decode()
    assert "/c/save-idlib/pamphlet.pdf?lang=ar" in page


def test_an_events_flyer_in_the_pages_language(
    client: Client, demo_campaign: Campaign, tmp_path: Path
) -> None:
    event = make_event(demo_campaign, title="وقفة من أجل إدلب", language="ar")

    response = client.get(f"/ar/c/save-idlib/events/{event.pk}/flyer.pdf?size=a4")

    assert response.status_code == 200
    text = text_of(response.content, tmp_path)
    assert "وقفة من أجل إدلب" in text and "Kensington Palace Gardens" in text
