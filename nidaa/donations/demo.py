"""Demo appeals for the demo campaign, in the project's own words.

Both are invented and say so in every field a reader sees; their links go to example.org (an
address reserved for examples). A real campaign lists only appeals its staff have vetted.
`seed_demo()` is safe to run again, and marks the demo appeals as checked today.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.donations.models import Appeal, AppealText

APPEALS: list[dict[str, Any]] = [
    {
        "url": "https://relief.example.org/appeals/winter-tents",
        "currencies": "USD EUR GBP TRY",
        "vetted_by": "Demo: the campaign's research team",
        "texts": {
            "en": {
                "organisation": "Example Relief Network (demo, not a real organisation)",
                "title": "Demo appeal: tents and blankets for the winter",
                "funds": "Winter tents, blankets and stoves for families displaced to camps. This demo appeal shows how the directory reads; do not try to give to it.",
                "place": "Camps near the Turkish border, Idlib governorate",
            },
            "ar": {
                "organisation": "شبكة الإغاثة المثال (تجريبية، ليست منظمة حقيقية)",
                "title": "نداء تجريبي: خيام وبطانيات للشتاء",
                "funds": "خيام شتوية وبطانيات ومدافئ للعائلات النازحة إلى المخيمات. هذا نداء تجريبي يُظهر كيف يُقرأ الدليل؛ لا تحاول التبرع له.",
                "place": "المخيمات قرب الحدود التركية، محافظة إدلب",
            },
        },
    },
    {
        "url": "https://clinic.example.org/donate",
        "currencies": "USD EUR",
        "vetted_by": "Demo: the campaign's research team",
        "texts": {
            "en": {
                "organisation": "Example Field Clinics (demo, not a real organisation)",
                "title": "Demo appeal: keep a field clinic open",
                "funds": "Medicines, fuel for the generator and the wages of a clinic's nurses for a month. A demo appeal.",
                "place": "Idlib city",
            },
            "ar": {
                "organisation": "العيادات الميدانية المثال (تجريبية، ليست منظمة حقيقية)",
                "title": "نداء تجريبي: لتبقى العيادة الميدانية مفتوحة",
                "funds": "أدوية ووقود للمولّد وأجور ممرضات العيادة لشهر. نداء تجريبي.",
                "place": "مدينة إدلب",
            },
        },
    },
]


@transaction.atomic
def seed_demo(campaign: Campaign) -> str:
    for position, spec in enumerate(APPEALS):
        appeal, _ = Appeal.objects.update_or_create(
            campaign=campaign,
            url=spec["url"],
            defaults={
                "currencies": spec["currencies"],
                "vetted_by": spec["vetted_by"],
                "last_checked": timezone.localdate(),
                "shown": True,
                "position": position,
            },
        )
        for language, text in spec["texts"].items():
            AppealText.objects.update_or_create(appeal=appeal, language=language, defaults=text)
    return f"Refreshed {len(APPEALS)} demo appeals."
