"""What `make bench` measures. Add a scenario here; its figures appear in results.json/.md.

Every scenario gives ``<name>_rps``, ``<name>_p50_ms``, ``<name>_p99_ms`` and
``<name>_errors``; one with a ``baseline`` (``bare`` unless said otherwise) also gives
``<name>_ratio`` = its rps / the baseline's rps in the same round (median over rounds).
"""

from bench.harness import BARE_PATH, UNIQUE, Scenario

# An individual's signature as the no-JavaScript form sends it; UNIQUE makes every request's
# email address new, so each accepted request must store one signature.
SIGN_BODY = (
    b"name=Bench+Signer&email=bench-" + UNIQUE + b"%40example.org&country=SY&city=Idlib"
    b"&show_publicly=on&website_url=&altcha="
)

BROWSER = (("Accept-Encoding", "gzip, deflate, br"),)

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
        stored_where="mail_due_at IS NOT NULL",
    ),
    # The counter every open campaign page polls.
    Scenario("count_json", "/c/save-idlib/count.json", expect_text='"signatures"'),
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
    "news_page_ratio": 0.8,
}
# Figure → the largest value that meets the goal.
CEILINGS: dict[str, float] = {
    "sign_lost": 0,
    "export_1m_peak_mb": 100,
}
