"""Build the site's two web fonts from the Noto packages installed from PyPI.

The packages hold multi-megabyte variable TrueType files; a phone on slow 3G needs a few
dozen kilobytes. We pin the width axis, keep weights 400–700, keep only the characters each
script needs (the CSS `unicode-range` tells the browser which file to fetch) and compress to
WOFF2. The output is git-ignored and rebuilt only when a package version changes.
"""

import importlib
import importlib.metadata
import io
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

OUT_DIR = Path(__file__).resolve().parents[2] / "static" / "core" / "fonts"

LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD"
ARABIC = "U+0020,U+00A0,U+0600-06FF,U+200C-200F,U+FB50-FDFF,U+FE70-FEFF"

FONTS = [
    ("fontpkg-noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", LATIN, "noto-sans-latin.woff2"),
    ("fontpkg-noto-sans-arabic", "fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf", ARABIC, "noto-sans-arabic.woff2"),
]  # fmt: skip


class Command(BaseCommand):
    help = "Subset the Noto fonts installed from PyPI into small WOFF2 files for the site."

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for dist, module, filename, unicodes, out_name in FONTS:
            out = OUT_DIR / out_name
            stamp = OUT_DIR / f"{out_name}.version"
            version = importlib.metadata.version(dist)
            if out.exists() and stamp.exists() and stamp.read_text() == version:
                continue
            source = (
                Path(importlib.import_module(module).__file__ or "").parent / "files" / filename
            )
            out.write_bytes(build_font(source, unicodes))
            stamp.write_text(version)
            self.stdout.write(f"{out_name}: {out.stat().st_size // 1024} KB")


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
