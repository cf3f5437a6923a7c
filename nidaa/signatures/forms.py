"""The two ways to sign: as an individual, or in an organisation's name.

Both carry a honeypot (a field people never see, hidden from screen readers too, with a name
that tempts form-filling bots) and the proof-of-work solution that sign.js fills in.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nidaa.core.countries import CountryField, country_choices
from nidaa.core.forms import HONEYPOT, EmailField, PublicForm
from nidaa.signatures.models import Signature


def _countries() -> list[tuple[str, str]]:
    # Called each time the select is rendered, so names follow the active language.
    return [("", gettext("Choose your country")), *country_choices()]


class SignForm(PublicForm):
    kind: str = Signature.Kind.INDIVIDUAL

    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def proof(self) -> str:
        return str(self.data.get(self.add_prefix("altcha"), ""))

    def signature_fields(self) -> dict[str, Any]:
        """What sign_statement stores, from the cleaned data."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in (HONEYPOT, "altcha")}
        return {**data, "kind": self.kind}


class IndividualForm(SignForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = EmailField(label=_("Your email"), max_length=254)
    country = CountryField(label=_("Country"), choices=_countries)
    city = forms.CharField(label=_("City (optional)"), max_length=100, required=False)
    show_publicly = forms.BooleanField(label=_("Show my name on the public list"), required=False)
    keep_informed = forms.BooleanField(label=_("Keep me informed about this campaign"), required=False)  # fmt: skip

    field_order = ["name", "email", "country", "city", "show_publicly", "keep_informed"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["country"].widget.attrs.update(autocomplete="country")
        self.fields["city"].widget.attrs.update(autocomplete="address-level2")


class OrganisationForm(SignForm):
    kind = Signature.Kind.ORGANISATION
    prefix = "org"

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose a type")), *Signature.OrganisationType.choices],
    )
    country = CountryField(label=_("Country"), choices=_countries)
    website = forms.URLField(
        label=_("Website (optional)"), max_length=200, required=False, assume_scheme="https"
    )
    name = forms.CharField(label=_("Contact person"), max_length=200)
    email = EmailField(label=_("Contact email"), max_length=254)

    field_order = ["organisation_name", "organisation_type", "country", "website", "name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].widget.attrs.update(autocomplete="organization")
        self.fields["website"].widget.attrs.update(autocomplete="url")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")


class ResendForm(forms.Form):
    email = EmailField(label=_("Your email"), max_length=254)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")


def form_for(data: Any) -> SignForm:
    """The form that was submitted: the organisation form says so in a hidden field."""
    if data.get("kind") == Signature.Kind.ORGANISATION:
        return OrganisationForm(data)
    return IndividualForm(data)
