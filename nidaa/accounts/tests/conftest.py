import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.testing.base import totp_device


@pytest.fixture
def app(editor: User) -> TOTPDevice:
    """Eman the editor's confirmed authenticator app."""
    return totp_device(editor)
