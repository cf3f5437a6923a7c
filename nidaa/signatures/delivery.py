"""The delivery document: the statement, its demands and its signatories, as a PDF.

Campaign staff hand it to a government, a UN mission or an embassy. It lists the
organisations whose signatures count (verified, approved, not voided) and the number of
individuals who signed; individuals are never named in it. The counts are exact, from the
database at the moment of printing, not the published counts that lag a few seconds behind.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.core.markdown import render_markdown
from nidaa.signatures.models import COUNTED, Signature


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str
    country: str


@dataclass(frozen=True)
class Delivery:
    campaign: Campaign
    content: CampaignTranslation
    language: str
    statement: SafeString
    demands: list[str]
    organisations: list[Organisation]
    individuals: int
    printed: date


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def organisations(campaign: Campaign) -> list[Organisation]:
    """The organisations that count, by name (the language's own collation is not needed:
    the list is short and read, not searched)."""
    rows = (
        Signature.objects.filter(COUNTED, campaign=campaign, kind=Signature.Kind.ORGANISATION)
        .order_by("organisation_name", "id")
        .values_list("organisation_name", "organisation_type", "country")
    )
    types = dict(Signature.OrganisationType.choices)
    return [Organisation(name, str(types.get(kind, "")), country) for name, kind, country in rows]


def gather(campaign: Campaign, language: str) -> Delivery:
    """Everything the document shows, in `language` (the statement falls back to the
    campaign's default language when it has no text in that one)."""
    content = campaign.content(language)
    if content is None:
        raise Http404("the campaign has no text")
    counted = Signature.objects.filter(COUNTED, campaign=campaign)
    return Delivery(
        campaign=campaign,
        content=content,
        language=language,
        statement=render_markdown(content.statement),
        demands=[demand.text for demand in content.demands.all()],
        organisations=organisations(campaign),
        individuals=counted.filter(kind=Signature.Kind.INDIVIDUAL).count(),
        printed=timezone.localdate(),
    )


def render_html(delivery: Delivery) -> str:
    with translation.override(delivery.language):
        return render_to_string(
            "signatures/delivery.html",
            {"delivery": delivery, "rtl": translation.get_language_bidi()},
        )


def delivery_pdf(campaign: Campaign, language: str) -> tuple[bytes, Delivery]:
    # Imported here, not at the top: WeasyPrint takes about 0.8 s and 40 MB to import, which
    # every web worker and management command would otherwise pay for a rarely printed PDF.
    from nidaa.core.pdf import render_pdf

    delivery = gather(campaign, language)
    return render_pdf(render_html(delivery)), delivery
