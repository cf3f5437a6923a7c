"""The host's event form, the RSVP form, the finder's filters and the host's message.

The host's and the RSVP form are core's PublicForm, with its honeypot.
"""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import language_choices
from nidaa.core.countries import CountryField, country_choices
from nidaa.core.forms import EmailField, PublicForm
from nidaa.core.numbers import format_number
from nidaa.events import places, times
from nidaa.events.models import Event

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
LONGEST_EVENT = datetime.timedelta(days=14)
RADII = [10, 25, 50, 100, 250, 500]
DEFAULT_RADIUS = 50
# The fields of an Event this form sets; a host's change to an approved event proposes these.
EVENT_FIELDS = [
    "kind", "language", "title", "description", "starts_at", "ends_at", "time_zone", "venue",
    "address", "address_visibility", "city", "country", "latitude", "longitude", "capacity",
]  # fmt: skip


class WallClockField(forms.DateTimeField):
    """A date and time as typed, without a zone: the event's zone is another field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = INPUT_FORMATS

    def to_python(self, value: Any) -> datetime.datetime | None:
        parsed = super().to_python(value)
        # Django made it aware in the current zone (UTC); take the typed wall time back.
        return timezone.make_naive(parsed) if parsed is not None else None


def _countries() -> list[tuple[str, str]]:
    return [("", gettext("Choose a country")), *country_choices()]


def _any_country() -> list[tuple[str, str]]:
    return [("", gettext("Any country")), *country_choices()]


def _zones() -> list[tuple[str, str]]:
    return [("", gettext("The city's time zone")), *((z, z.replace("_", " ")) for z in times.zone_names())]  # fmt: skip


class EventForm(PublicForm):
    kind = forms.ChoiceField(label=_("Type of event"), choices=Event.Kind.choices)
    language = forms.ChoiceField(
        label=_("Language of the title and description"), choices=language_choices
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What will happen, what to bring, who it is for."),
    )
    starts = WallClockField(label=_("Starts"), help_text=_("Local time where the event is."))
    ends = WallClockField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_zones,
        required=False,
        help_text=_("Leave it to be found from the city, or choose it."),
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        help_text=_("A name people recognise, e.g. “outside the Russian embassy”."),
    )
    address = forms.CharField(
        label=_("Exact address"),
        max_length=300,
        required=False,
        help_text=_("For an online event, where to join."),
    )
    address_visibility = forms.ChoiceField(
        label=_("Who sees the exact address and the map pin"),
        choices=Event.AddressVisibility.choices,
        initial=Event.AddressVisibility.ATTENDEES,
        widget=forms.RadioSelect,
    )
    city = forms.CharField(label=_("City"), max_length=100)
    country = CountryField(label=_("Country"), choices=_countries)
    latitude = forms.FloatField(
        label=_("Map pin: latitude (optional)"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Map pin: longitude (optional)"), required=False, min_value=-180, max_value=180
    )
    capacity = forms.IntegerField(
        label=_("Capacity (optional)"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=_("When it is full, people can join a waiting list."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["city"].widget.attrs.update(autocomplete="address-level2")
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update(step="any", inputmode="decimal")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = self._zone(data)
        starts, ends = data.get("starts"), data.get("ends")
        if zone and starts and ends:
            self._times(data, zone, starts, ends)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", gettext("Give both the latitude and the longitude, or neither."))  # fmt: skip
        kind = data.get("kind")
        if kind and kind != Event.Kind.ONLINE and not (data.get("venue") or data.get("address")):
            self.add_error("venue", gettext("Say where it happens: a venue or an address."))
        return data

    def _zone(self, data: dict[str, Any]) -> str:
        if data.get("time_zone"):
            return str(data["time_zone"])
        city = places.find_city(data.get("city", ""), data.get("country", ""))
        if data.get("city") and data.get("country") and city is None:
            self.add_error("time_zone", gettext("We could not find this city. Choose its time zone."))  # fmt: skip
        return city.time_zone if city else ""

    def _times(
        self, data: dict[str, Any], zone: str, starts: datetime.datetime, ends: datetime.datetime
    ) -> None:
        data["time_zone"] = zone
        try:
            data["starts_at"] = times.to_utc(starts, zone)
        except times.NoSuchTime:
            self.add_error("starts", gettext("This time does not exist there: the clocks change that night."))  # fmt: skip
            return
        try:
            data["ends_at"] = times.to_utc(ends, zone)
        except times.NoSuchTime:
            self.add_error("ends", gettext("This time does not exist there: the clocks change that night."))  # fmt: skip
            return
        if data["ends_at"] <= data["starts_at"]:
            self.add_error("ends", gettext("The end must come after the start."))
        elif data["ends_at"] - data["starts_at"] > LONGEST_EVENT:
            self.add_error("ends", gettext("An event can last two weeks at most."))
        elif data["ends_at"] <= timezone.now():
            self.add_error("ends", gettext("This event would be over already."))

    def event_fields(self) -> dict[str, Any]:
        """The Event's fields, from the cleaned data."""
        return {name: self.cleaned_data.get(name) for name in EVENT_FIELDS} | {
            "venue": self.cleaned_data.get("venue") or "",
            "address": self.cleaned_data.get("address") or "",
        }


class NewEventForm(EventForm):
    host_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Shown on the event as its host. It can be a first name or a group's name."),
    )
    host_email = EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Never shown. We send you a link to confirm it and to manage the event."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_name"].widget.attrs.update(autocomplete="name")
        self.fields["host_email"].widget.attrs.update(autocomplete="email")


def initial_for(event: Event) -> dict[str, Any]:
    """The form's initial values for `event` (or its waiting changes), in its own zone."""
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values |= proposed_values(event)
    zone = values["time_zone"]
    values["starts"] = times.wall(values.pop("starts_at"), zone)
    values["ends"] = times.wall(values.pop("ends_at"), zone)
    return values


def proposed_values(event: Event) -> dict[str, Any]:
    """The host's waiting changes, with times as datetimes again."""
    values = dict(event.proposed or {})
    for name in ("starts_at", "ends_at"):
        if name in values:
            values[name] = datetime.datetime.fromisoformat(values[name])
    return values


class RSVPForm(PublicForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Never shown, not even to the host. We send you a link to confirm."),
    )
    share_name = forms.BooleanField(label=_("Show my name to the host"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")


class FinderForm(forms.Form):
    """The list's filters, sent with GET: all optional."""

    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *Event.Kind.choices]
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = CountryField(label=_("Country"), choices=_any_country, required=False)
    radius = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=lambda: [(r, gettext("%(km)s km") % {"km": format_number(r)}) for r in RADII],
        initial=DEFAULT_RADIUS,
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["city"].widget.attrs.update(autocomplete="address-level2")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end must come after the start."))
        return data


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    include_waitlist = forms.BooleanField(
        label=_("Also send it to the people on the waiting list"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
