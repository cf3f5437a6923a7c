"""Accessibility checks with axe-core, installed from npm (package.json), never from a CDN.

axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does
not govern, so the page is checked with its real policy in force (no ``bypass_csp``).
"""

import functools
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA, the level PRODUCT.md promises, and the levels it builds on.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


@functools.cache
def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` (make test does)")
    return AXE_JS.read_text()


def run_axe(page: Page) -> list[dict[str, Any]]:
    """All of axe's violations on the page as it stands, once its stylesheets have loaded.

    After a click that sends a form, the new page's elements can be visible (and a test's
    `expect` satisfied) before its stylesheet applies; axe would then judge unstyled targets.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {axe_source()}\n }}")
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate("options => window.axe.run(document, options)", options)
    return list(results["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when axe finds a serious or critical violation."""
    blocking = [v for v in run_axe(page) if v.get("impact") in BLOCKING]
    assert not blocking, f"axe-core on {page.url}:\n{describe(blocking)}"
