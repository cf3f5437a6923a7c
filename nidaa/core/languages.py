"""Which languages the site speaks: English plus every language that has a catalog.

Read by settings.py at start-up, so it must not use Django's settings itself.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO

SOURCE_LANGUAGE = "en"


def languages_from_catalogs(locale_dir: Path) -> list[tuple[str, str]]:
    """(code, name in that language) for English and each locale/<code>/LC_MESSAGES/django.po."""
    found = {p.parent.parent.name for p in locale_dir.glob("*/LC_MESSAGES/django.po")}
    codes = [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]
    return [(code, LANG_INFO[code]["name_local"]) for code in codes if code in LANG_INFO]
