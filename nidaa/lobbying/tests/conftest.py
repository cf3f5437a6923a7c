"""Fixtures of the lobbying tests: the demo campaign with the small directories loaded."""

from typing import Any

import pytest

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.tests.helpers import load_fixtures


@pytest.fixture
def lobby(demo_campaign: Campaign) -> Campaign:
    """The demo campaign (with its letters and list of UN missions) and the fixture
    directories: US Congress (Sadia Senator, Rami K. Representative for NY-12), its ZIP table
    (10001 lies in NY-10 and NY-12), UK MPs (Alex Baker for Aldershot, with an email; Gwen
    Jones, without) and MEPs (two French, one German)."""
    load_fixtures()
    return demo_campaign


@pytest.fixture
def site(settings: Any) -> Any:
    """Links in mail point at the test server."""
    settings.NIDAA_SITE_URL = "http://testserver"
    return settings
