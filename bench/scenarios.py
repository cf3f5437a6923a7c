"""What `make bench` measures. Add a scenario here; its figures appear in results.json/.md.

Every scenario gives ``<name>_rps``, ``<name>_p50_ms``, ``<name>_p99_ms`` and
``<name>_errors``; one with a ``baseline`` (``bare`` unless said otherwise) also gives
``<name>_ratio`` = its rps / the baseline's rps in the same round (median over rounds).
"""

from bench.harness import BARE_PATH, Scenario

SCENARIOS: list[Scenario] = [
    # A trivial Django view, no middleware, no URL resolving: what every ratio is against.
    Scenario("bare", BARE_PATH, expect_text="ok", baseline=None),
    # The campaign page as anonymous visitors get it (from the public page cache, mostly).
    Scenario("campaign_page", "/en/c/save-idlib/", expect_text="Save Idlib"),
    Scenario("home", "/en/", expect_text="Save Idlib"),
    Scenario("campaign_page_ar", "/ar/c/save-idlib/", expect_text="أنقذوا إدلب"),
]

# Figure → the smallest value that meets the goal (shown in results.md, and printed).
GOALS: dict[str, float] = {
    "campaign_page_ratio": 0.8,
}
