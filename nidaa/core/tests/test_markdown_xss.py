"""Staff-written Markdown cannot carry a script into the campaign page."""

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.core.markdown import render_markdown
from nidaa.testing.html import script_risks

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">c</a>',
    '<a href="java&#x09;script:alert(1)">tab</a>',
    '<a href=" javascript:alert(1)">space</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="https://example.org" onclick="alert(1)">ok link, bad handler</a>',
    "<a href='https://example.org' onmouseover='alert(1)'>hover</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://example.org/x.png)',
    '[x](https://example.org "title" onclick="alert(1)")',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<https://example.org/" onmouseover="alert(1)>',
    "<javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    '"><script>alert(1)</script>',
    "<h2 onclick=alert(1)>heading</h2>",
    "<blockquote cite=javascript:alert(1) onmouseenter=alert(1)>q</blockquote>",
]


def test_there_are_enough_payloads() -> None:
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_markdown_carries_no_script(payload: str) -> None:
    assert script_risks(str(render_markdown(payload))) == []


@pytest.fixture
def campaign(db: None) -> Campaign:
    found = Campaign.objects.create(slug="xss", status=Campaign.Status.LIVE)
    found.translations.create(
        language="en", title="T", summary="S", statement="", call_to_action="C"
    )
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_statement_puts_no_script_in_the_campaign_page(
    client: Client, campaign: Campaign, payload: str
) -> None:
    text = campaign.translations.get()
    text.statement = f"We stand with Idlib.\n\n{payload}\n\nEnd of statement."
    text.summary = payload
    text.save()
    text.demands.create(text=payload)
    response = client.get("/en/c/xss/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "We stand with Idlib." in page
    assert script_risks(page) == []
