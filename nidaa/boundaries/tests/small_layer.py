"""A small made-up layer in OCHA's format, written for the tests.

Two governorates side by side on a grid of whole degrees:

    lat 12 +-----------------------+-----+-----+
           |  A (SY910100)         | C   |     |
           |     +-----------+     +-----+  D  |
           |     | B (hole   |     | gap |     |
           |     | of A)     |     +-----+     |
           |     +-----------+     | C   |     |
    lat 10 +-----------------------+-----+-----+
         lon 10                   12    13    14

A is a square with a hole; B fills the hole; C is a MultiPolygon of two squares with a gap
between them; A, B and C are in governorate SY91, D in SY92.
"""

import json
from pathlib import Path
from typing import Any


def square(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


A_SHAPE = {"type": "Polygon", "coordinates": [square(10, 10, 12, 12), square(10.5, 10.5, 11.5, 11.5)[::-1]]}  # fmt: skip
B_SHAPE = {"type": "Polygon", "coordinates": [square(10.5, 10.5, 11.5, 11.5)]}
C_SHAPE = {
    "type": "MultiPolygon",
    "coordinates": [[square(12, 10, 13, 11)], [square(12, 11.5, 13, 12)]],
}
D_SHAPE = {"type": "Polygon", "coordinates": [square(13, 10, 14, 12)]}

# (lat, lon) points and the sub-district each lies in.
IN_A = (10.2, 10.2)
IN_B = (11.0, 11.0)
IN_C_SOUTH = (10.5, 12.5)
IN_C_NORTH = (11.8, 12.5)
IN_THE_GAP = (11.2, 12.5)
IN_D = (11.0, 13.5)
OUTSIDE = (20.0, 20.0)
POINTS = [IN_A, IN_B, IN_C_SOUTH, IN_C_NORTH, IN_THE_GAP, IN_D, OUTSIDE]


def area(pcode: str, shape: dict[str, Any], **names: str) -> dict[str, Any]:
    governorate = "SY92" if pcode.startswith("SY92") else "SY91"
    properties = {
        "PCODE": pcode,
        "NAME_EN": names.get("en", f"Area {pcode}"),
        "NAME_AR": names.get("ar", f"منطقة {pcode}"),
        "ADM2_PCODE": pcode[:6],
        "ADM2_EN": f"District {pcode[:6]}",
        "ADM2_AR": f"منطقة {pcode[:6]}",
        "ADM1_PCODE": governorate,
        "ADM1_EN": "North" if governorate == "SY91" else "South",
        "ADM1_AR": "الشمال" if governorate == "SY91" else "الجنوب",
        # OCHA's Syria layer has these two the wrong way round; the importer ignores them.
        "ADM0_EN": "الجمهورية",
        "ADM0_AR": "Republic",
    }
    return {"type": "Feature", "properties": properties, "geometry": shape}


def features(**names: str) -> list[dict[str, Any]]:
    return [
        area("SY910100", A_SHAPE, **names),
        area("SY910101", B_SHAPE),
        area("SY910102", C_SHAPE),
        area("SY920100", D_SHAPE),
    ]


def write_layer(path: Path, feature_list: list[Any] | None = None) -> Path:
    document = {"type": "FeatureCollection", "features": feature_list or features()}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
