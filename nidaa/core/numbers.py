"""Numbers and dates in the reader's language.

Which digits a language writes is part of its translation, not of the code: the catalog
translates the string "0123456789" (context "digits") into the language's ten digits, e.g.
Arabic-Indic ٠١٢٣٤٥٦٧٨٩ in Arabic, as written in Syria. A language that leaves it untranslated
keeps Western digits.
"""

import datetime

from django.utils import formats
from django.utils.translation import pgettext

WESTERN = "0123456789"


def digits_table() -> dict[int, str]:
    local = pgettext("digits", "0123456789")
    if len(local) != 10:
        local = WESTERN
    return {ord(w): d for w, d in zip(WESTERN, local, strict=True)}


def localise_digits(text: str) -> str:
    return text.translate(digits_table())


def format_number(value: int | float) -> str:
    grouped = formats.number_format(value, use_l10n=True, force_grouping=True)
    return localise_digits(grouped)


def format_date(value: datetime.date | datetime.datetime, fmt: str = "DATE_FORMAT") -> str:
    return localise_digits(formats.date_format(value, fmt, use_l10n=True))
