import datetime

from django.utils import translation

from nidaa.core.numbers import format_date, format_number, localise_digits


def test_english_numbers_use_western_digits_and_commas() -> None:
    with translation.override("en"):
        assert format_number(1234567) == "1,234,567"


def test_arabic_numbers_use_arabic_indic_digits_and_arabic_separators() -> None:
    with translation.override("ar"):
        assert format_number(1234567) == "١٬٢٣٤٬٥٦٧"
        assert localise_digits("57") == "٥٧"


def test_dates_are_written_in_the_reader_language() -> None:
    day = datetime.date(2026, 12, 22)
    with translation.override("en"):
        assert format_date(day) == "Dec. 22, 2026"
    with translation.override("ar"):
        arabic = format_date(day)
        assert "٢٢" in arabic and "٢٠٢٦" in arabic
        assert "Dec" not in arabic
