from pathlib import Path

from django.conf import settings

from nidaa.core.languages import languages_from_catalogs


def add_catalog(locale_dir: Path, code: str) -> None:
    folder = locale_dir / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text('msgid ""\nmsgstr ""\n')


def test_the_site_speaks_english_and_arabic() -> None:
    assert [code for code, _ in settings.LANGUAGES] == ["en", "ar"]


def test_adding_a_catalog_adds_a_language(tmp_path: Path) -> None:
    add_catalog(tmp_path, "ar")
    add_catalog(tmp_path, "fr")
    assert languages_from_catalogs(tmp_path) == [
        ("en", "English"),
        ("ar", "العربيّة"),
        ("fr", "français"),
    ]


def test_a_folder_that_is_not_a_language_is_ignored(tmp_path: Path) -> None:
    add_catalog(tmp_path, "not-a-language")
    assert languages_from_catalogs(tmp_path) == [("en", "English")]
