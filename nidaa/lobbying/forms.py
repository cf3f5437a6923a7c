"""The lobbying forms: finding your targets (GET), writing a letter, logging a call, a reply."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nidaa.core.countries import country_name, sort_key
from nidaa.core.forms import EmailField, PublicForm
from nidaa.lobbying.models import Call

LETTER_MAX = 10_000


class LineField(forms.CharField):
    """One line of text: a name, a town, a subject. Line breaks and other control characters
    are refused (they would end a mail header early)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if any(unicodedata.category(c) == "Cc" for c in value or ""):
            raise forms.ValidationError(_("Write this on one line."), code="control")


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CountryForm(Form):
    country = forms.ChoiceField(label=_("Your country"))

    def __init__(self, codes: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        named = sorted(((c, country_name(c)) for c in codes), key=lambda c: sort_key(c[1]))
        self.fields["country"].choices = [("", _("Choose your country")), *named]  # type: ignore[attr-defined]
        self.fields["country"].widget.attrs.update(autocomplete="country")


class PlaceForm(Form):
    """Where you live, as the country's directory needs it. `place` is "zip", "postcode"
    (a postcode or a constituency) or "constituency"."""

    postcode = forms.CharField(label=_("Your postcode"), max_length=20, required=False)
    constituency = forms.CharField(label=_("Your constituency"), max_length=200, required=False)

    def __init__(self, place: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place = place
        if place == "zip":
            self.fields["postcode"].label = _("Your ZIP code")
            self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="postal-code")  # fmt: skip
            del self.fields["constituency"]
        elif place == "constituency":
            del self.fields["postcode"]
        else:
            self.fields["postcode"].widget.attrs.update(autocomplete="postal-code")
            self.fields["constituency"].label = _("or your constituency")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("postcode", "constituency")):
            raise forms.ValidationError(self.missing(), code="required")
        return data

    def missing(self) -> Any:
        if self.place == "zip":
            return _("Give your ZIP code.")
        if self.place == "postcode":
            return _("Give your postcode or your constituency.")
        return _("Give your constituency.")


class CommitteeForm(Form):
    committee = forms.ChoiceField(label=_("Committee"), required=False)

    def __init__(self, committees: tuple[str, ...], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All committees")), *((c, c) for c in committees)]
        self.fields["committee"].choices = choices  # type: ignore[attr-defined]


class AboutYouForm(Form):
    """The first step of a letter: who writes it, so the letter can be filled in."""

    name = LineField(label=_("Your name"), max_length=200)
    email = EmailField(label=_("Your email"), max_length=254)
    town = LineField(label=_("Your town or city"), max_length=100)

    def __init__(self, needs_email: bool, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_email:
            del self.fields["email"]
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["town"].widget.attrs.update(autocomplete="address-level2")
        if "email" in self.fields:
            self.fields["email"].widget.attrs.update(autocomplete="email")


class LetterForm(PublicForm, AboutYouForm):
    """The second step: the letter itself, the campaign's text filled in, to edit. With a
    honeypot: a letter to a contact form counts at once, with no email to confirm."""

    subject = LineField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your letter"),
        max_length=LETTER_MAX,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 60}),
        strip=True,
    )

    def clean_body(self) -> str:
        # Browsers send CRLF; the letter is stored, compared and mailed with plain newlines.
        return str(self.cleaned_data["body"]).replace("\r\n", "\n").replace("\r", "\n")


class CallForm(PublicForm):
    """A call's outcome counts at once: with a honeypot."""

    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=Call.Outcome.choices, widget=forms.RadioSelect
    )


class ReplyForm(Form):
    replied = forms.TypedChoiceField(
        label=_("Did you get a reply?"),
        choices=[("yes", _("Yes, I got a reply")), ("no", _("No reply yet"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
