"""Form pieces every public form shares: an email address however it is typed, and a
honeypot against form-filling bots."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website_url"


def normalise_email(address: str) -> str:
    """One key per mailbox however it is typed: Unicode NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", address).strip().casefold()


class EmailField(forms.EmailField):
    """Unicode NFKC first, so an address typed with full-width letters is still an address."""

    def to_python(self, value: Any) -> str:
        return unicodedata.normalize("NFKC", super().to_python(value) or "").strip()


class PublicForm(forms.Form):
    """A form anyone may send: labels without a trailing colon, and a honeypot, a field people
    never see (core/_honeypot.html puts it in a hidden element, away from screen readers too)
    with a name that tempts form-filling bots. A view that finds it filled pretends all went
    well and stores nothing."""

    website_url = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update(tabindex="-1", autocomplete="off")

    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT)))

    def visible_fields(self) -> list[forms.BoundField]:
        """The fields a person sees: not the honeypot, which core/_honeypot.html renders."""
        return [field for field in super().visible_fields() if field.name != HONEYPOT]
