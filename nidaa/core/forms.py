"""Form pieces every public form shares: an email address however it is typed."""

import unicodedata
from typing import Any

from django import forms


def normalise_email(address: str) -> str:
    """One key per mailbox however it is typed: Unicode NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", address).strip().casefold()


class EmailField(forms.EmailField):
    """Unicode NFKC first, so an address typed with full-width letters is still an address."""

    def to_python(self, value: Any) -> str:
        return unicodedata.normalize("NFKC", super().to_python(value) or "").strip()
