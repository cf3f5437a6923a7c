"""Appeals for tests."""

import datetime

from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.donations.models import Appeal


def make_appeal(
    campaign: Campaign,
    url: str = "https://relief.example.org/give",
    days_since_check: int = 0,
    **fields: object,
) -> Appeal:
    checked = timezone.localdate() - datetime.timedelta(days=days_since_check)
    values: dict[str, object] = {
        "vetted_by": "Research team",
        "last_checked": checked,
        "currencies": "USD EUR",
    } | fields
    appeal = Appeal.objects.create(campaign=campaign, url=url, **values)
    appeal.texts.create(
        language="en",
        organisation="Relief Org",
        title=f"Appeal at {url}",
        funds="Tents",
        place="Idlib",
    )
    appeal.texts.create(
        language="ar", organisation="منظمة إغاثة", title=f"نداء {url}", funds="خيام", place="إدلب"
    )
    return appeal
