"""What `make bench` measures. Add a scenario here; its figures appear in results.json/.md.

Every scenario gives ``<name>_rps``, ``<name>_p50_ms``, ``<name>_p99_ms`` and
``<name>_errors``; one with a ``baseline`` (``bare`` unless said otherwise) also gives
``<name>_ratio`` = its rps / the baseline's rps in the same round (median over rounds).
"""

from bench import events
from bench.harness import BARE_PATH, INSERT_PATH, UNIQUE, Scenario

# An individual's signature as the no-JavaScript form sends it; UNIQUE makes every request's
# email address new, so each accepted request must store one signature.
SIGN_BODY = (
    b"name=Bench+Signer&email=bench-" + UNIQUE + b"%40example.org&country=SY&city=Idlib"
    b"&show_publicly=on&website_url=&altcha="
)

BROWSER = (("Accept-Encoding", "gzip, deflate, br"),)

# The representatives look-up as a popular ZIP code is asked for again and again (mostly
# answered by the public page cache). Needs US Congress and the ZIP table imported
# (bench/lobbying.py does it before the rounds, from ../shared/data/representatives).
LOOKUP_PATH = "/api/v1/targets/lookup?country=us&postcode=10001"
LOOKUP = Scenario("lookup", LOOKUP_PATH, expect_text='"Senator"')
# The scenarios that need the lobbying data.
LOBBYING = {"lookup", "lobby_page"}

SCENARIOS: list[Scenario] = [
    # A trivial Django view, no middleware, no URL resolving: what every ratio is against.
    Scenario("bare", BARE_PATH, expect_text="ok", baseline=None),
    # The campaign page as anonymous visitors get it (from the public page cache, mostly).
    # Pages are asked for as browsers ask for them, accepting compression.
    Scenario("campaign_page", "/en/c/save-idlib/", expect_text="Save Idlib", headers=BROWSER),
    Scenario("home", "/en/", expect_text="Save Idlib", headers=BROWSER),
    Scenario("campaign_page_ar", "/ar/c/save-idlib/", expect_text="أنقذوا إدلب", headers=BROWSER),
    # Signing through the real form endpoint (challenge off): accepted = the redirect to
    # "check your email"; stored = a new signature that owes its verification mail (the outbox
    # the worker sends from), so a request that skipped the mail would count as lost.
    Scenario(
        "sign",
        "/en/c/save-idlib/sign/",
        method="POST",
        body=SIGN_BODY,
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        expect_status=302,
        stored_in="signatures_signature",
        stored_where="mail_due_at IS NOT NULL AND email LIKE 'bench-%'",
    ),
    # The reference for sign: one signature row stored from the same body with no checks and
    # no middleware (bench/bare_wsgi.py). sign_ratio cannot be above insert_floor_ratio.
    Scenario(
        "insert_floor",
        INSERT_PATH,
        method="POST",
        body=SIGN_BODY.replace(b"email=bench-", b"email=floor-"),
        headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        expect_status=302,
        stored_in="signatures_signature",
        stored_where="mail_due_at IS NOT NULL AND email LIKE 'floor-%'",
    ),
    # The counter every open campaign page polls.
    Scenario("count_json", "/c/save-idlib/count.json", expect_text='"signatures"'),
    # Lobbying: the API's look-up, and the finding page a supporter gets for the same ZIP code.
    LOOKUP,
    Scenario(
        "lobby_page",
        "/en/c/save-idlib/lobby/?country=us&postcode=10001",
        expect_text="more than one district",
        headers=BROWSER,
    ),
    # The news page with the demo's stories, as anonymous visitors' browsers get it.
    Scenario(
        "news_page", "/en/c/save-idlib/news/", expect_text="Demo: schools in Ariha", headers=BROWSER
    ),
]

# Figure → the smallest value that meets the goal (shown in results.md, and printed).
GOALS: dict[str, float] = {
    "campaign_page_ratio": 0.8,
    "sign_ratio": 0.3,
    "count_json_ratio": 0.9,
    "lookup_ratio": 0.6,
    "news_page_ratio": 0.8,
}
# Figure → the largest value that meets the goal.
CEILINGS: dict[str, float] = {
    "sign_lost": 0,
    "export_1m_peak_mb": 100,
    # bench/events.py: "near me" over 10,000 events, and a cached pamphlet against a fresh one.
    **events.CEILINGS,
}
