"""The site's fonts come from PyPI's font packages (fontpkg-…): where each keeps its files.

`manage.py build_fonts` makes the web fonts and PDF fonts from them; the share pictures
(campaigns/share_card.py) draw with the same files.
"""

import importlib
from pathlib import Path

# (module, file in the package)
NOTO_SANS = ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf")
NOTO_SANS_ARABIC = ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf")


def package_file(module: str, filename: str) -> Path:
    """A file of an installed font package."""
    return Path(importlib.import_module(module).__file__ or "").parent / "files" / filename
