"""Build the site's two web fonts from the Noto packages installed from PyPI, and put the
Arabic font of PDF documents (Amiri, also from PyPI) beside them.

The packages hold multi-megabyte variable TrueType files; a phone on slow 3G needs a few
dozen kilobytes. We pin the width axis, keep weights 400–700, keep only the characters each
script needs (the CSS `unicode-range` tells the browser which file to fetch) and compress to
WOFF2. The output is git-ignored and rebuilt only when a package version changes.

PDFs set Arabic in Amiri, copied unchanged: text copied out of a PDF (or read aloud) comes from
each glyph's Unicode mapping, and Amiri's glyphs map one to one onto the letters, so
`pdftotext` gives back exactly the words on the page. Noto Sans Arabic draws several letters
from one dotless glyph plus dots, which extractors read back wrong. WeasyPrint embeds only the
glyphs a document uses.
"""

import importlib.metadata
import io
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from nidaa.core.fonts import NOTO_SANS, NOTO_SANS_ARABIC, package_file

OUT_DIR = Path(__file__).resolve().parents[2] / "static" / "core" / "fonts"

LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD"
ARABIC = "U+0020,U+00A0,U+0600-06FF,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"

# (distribution, module, file in the package, characters kept, output)
FONTS = [
    ("fontpkg-noto-sans", *NOTO_SANS, LATIN, "noto-sans-latin.woff2"),
    ("fontpkg-noto-sans-arabic", *NOTO_SANS_ARABIC, ARABIC, "noto-sans-arabic.woff2"),
]
# (distribution, module, file in the package, output): copied as they are, for PDFs only.
PDF_FONTS = [
    ("fontpkg-amiri", "fontpkg_amiri", "Amiri-Regular.ttf", "amiri-regular.ttf"),
    ("fontpkg-amiri", "fontpkg_amiri", "Amiri-Bold.ttf", "amiri-bold.ttf"),
]


class Command(BaseCommand):
    help = "Subset the Noto fonts installed from PyPI into small WOFF2 files for the site."

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for dist, module, filename, unicodes, out_name in FONTS:
            if not is_current(dist, out_name):
                self._store(dist, out_name, build_font(package_file(module, filename), unicodes))
        for dist, module, filename, out_name in PDF_FONTS:
            if not is_current(dist, out_name):
                self._store(dist, out_name, package_file(module, filename).read_bytes(), "for PDFs")

    def _store(self, dist: str, out_name: str, data: bytes, note: str = "") -> None:
        """Write a font and stamp it with its package's version."""
        out = OUT_DIR / out_name
        out.write_bytes(data)
        (OUT_DIR / f"{out_name}.version").write_text(importlib.metadata.version(dist))
        self.stdout.write(
            f"{out_name}: {out.stat().st_size // 1024} KB" + (f" ({note})" if note else "")
        )


def is_current(dist: str, out_name: str) -> bool:
    """Built already, from the installed version of its package."""
    out, stamp = OUT_DIR / out_name, OUT_DIR / f"{out_name}.version"
    return out.exists() and stamp.exists() and stamp.read_text() == importlib.metadata.version(dist)


def build_font(source: Path, unicodes: str) -> bytes:
    font = TTFont(source)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    # Subset first: instancing an unsubsetted font trips over glyphs the subsetter drops.
    font = instancer.instantiateVariableFont(font, {"wdth": 100, "wght": (400, 700)})
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()
