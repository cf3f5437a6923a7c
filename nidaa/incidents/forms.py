"""The recording form: one record, with its attributions, civilian objects hit and sources.

Laid out for a phone in one column. Plain inputs throughout (number inputs for coordinates, no
map picker), because documenters work on poor connections and often without a map to hand.
"""

import re
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.forms import inlineformset_factory
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from nidaa.incidents import workflow
from nidaa.incidents.models import (
    Actor,
    Attribution,
    CivilianObject,
    Grade,
    Incident,
    Source,
)
from nidaa.incidents.workflow import User

ISO_DATE = "%Y-%m-%d"
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


def _coordinate_input(low: int, high: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": low, "max": high, "inputmode": "decimal"})


def _count_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})


def text_field_names(language: str) -> tuple[str, str]:
    return f"title_{language}", f"narrative_{language}"


class IncidentForm(forms.ModelForm):
    """The record itself. Title and narrative come once per site language; the grade only for a
    verifier checking someone else's record; a new record carries a one-off token."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Incident
        fields = [
            "started_on", "ended_on", "time_precision",
            "latitude", "longitude", "geo_precision", "location_mode", "place_en", "place_ar",
            "strikes", "locations", "means",
            "killed_min", "killed_max", "injured_min", "injured_max", "grade",
        ]  # fmt: skip
        widgets = {
            "started_on": _date_input(),
            "ended_on": _date_input(),
            "latitude": _coordinate_input(-90, 90),
            "longitude": _coordinate_input(-180, 180),
            "place_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "place_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            **{
                name: _count_input()
                for name in ("strikes", "locations", "killed_min", "killed_max", "injured_min", "injured_max")
            },
        }  # fmt: skip
        help_texts = {
            "latitude": _("Decimal degrees, e.g. 35.8456. Leave both empty if unknown."),
            "longitude": _("Decimal degrees, e.g. 36.7189."),
            "time_precision": _("How sure the date is: exact day, within a week, or only the month."),
            "geo_precision": _("How sure the point is: exact place, near it, or only the area."),
            "location_mode": _("What the public sees of the place; choose less for a sensitive site."),
        }  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields = {**self._text_fields(), **self.fields}
        for name in ("started_on", "ended_on"):
            self.fields[name].input_formats = [ISO_DATE]  # type: ignore[attr-defined]
        if not workflow.can_grade(user, self.instance):
            del self.fields["grade"]
        if self.instance.pk is not None:
            del self.fields["client_token"]
        elif not self.is_bound:
            self.initial["client_token"] = uuid.uuid4()

    def _text_fields(self) -> dict[str, forms.Field]:
        texts = self.instance.texts or {}
        fields: dict[str, forms.Field] = {}
        for code, _name in settings.LANGUAGES:
            language = get_language_info(code)["name_translated"]
            title, narrative = text_field_names(code)
            written = texts.get(code) or {}
            attrs = {"lang": code, "dir": "auto"}
            fields[title] = forms.CharField(
                label=_("Title in %(language)s") % {"language": language},
                max_length=300,
                required=False,
                initial=written.get("title", ""),
                widget=forms.TextInput(attrs=attrs),
            )
            fields[narrative] = forms.CharField(
                label=_("What happened, in %(language)s") % {"language": language},
                required=False,
                initial=written.get("narrative", ""),
                widget=forms.Textarea(attrs={**attrs, "rows": 6}),
            )
        return fields

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = dict(self.instance.texts or {})
        for code, _name in settings.LANGUAGES:
            title, narrative = (cleaned.get(name, "").strip() for name in text_field_names(code))
            texts.pop(code, None)
            if title or narrative:
                texts[code] = {"title": title, "narrative": narrative}
        if not any((entry or {}).get("title") for entry in texts.values()):
            first = text_field_names(settings.LANGUAGES[0][0])[0]
            self.add_error(first, _("Give the record a title in at least one language."))
        self.instance.texts = texts
        return cleaned

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The form's fields in the order a documenter thinks of them, under a heading each."""
        texts = [name for code, _name in settings.LANGUAGES for name in text_field_names(code)]
        groups = [
            (_("What happened"), texts),
            (_("When"), ["started_on", "ended_on", "time_precision"]),
            (_("Where"), ["place_en", "place_ar", "latitude", "longitude", "geo_precision", "location_mode"]),
            (_("Strikes and harm"), ["strikes", "locations", "means", "killed_min", "killed_max", "injured_min", "injured_max", "grade"]),
        ]  # fmt: skip
        return [(title, [self[n] for n in names if n in self.fields]) for title, names in groups]

    def fields_to_save(self) -> list[str]:
        """The model fields an edit through this form writes."""
        model_fields = {f.name for f in Incident._meta.concrete_fields}
        return ["texts", *(name for name in self.fields if name in model_fields)]


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class AttributionForm(forms.ModelForm):
    """Who the attack is attributed to: an actor already on the list, or a new one."""

    actor = ActorChoiceField(
        label=_("Actor"), queryset=Actor.objects.all(), required=False, empty_label=_("Not on the list")
    )  # fmt: skip
    new_actor_name = forms.CharField(
        label=_("Or a new actor's name"), max_length=200, required=False
    )
    new_actor_kind = forms.ChoiceField(
        label=_("New actor's type"), choices=Actor.Kind.choices, initial=Actor.Kind.UNKNOWN
    )
    new_actor_country = forms.CharField(
        label=_("New actor's country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code of a state's forces, e.g. RU or SY."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 3}),
    )

    class Meta:
        model = Attribution
        fields = [
            "actor",
            "new_actor_name",
            "new_actor_kind",
            "new_actor_country",
            "basis",
            "status",
        ]
        labels = {"status": _("How certain")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.new_actor: Actor | None = None

    def clean_new_actor_country(self) -> str:
        code = str(self.cleaned_data.get("new_actor_country", "")).strip().upper()
        if code and not COUNTRY_CODE.fullmatch(code):
            raise forms.ValidationError(_("Two letters, e.g. RU."))
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = str(cleaned.get("new_actor_name", "")).strip()
        if cleaned.get("actor") and name:
            self.add_error("new_actor_name", _("Choose an actor from the list or name a new one, not both."))  # fmt: skip
        elif not cleaned.get("actor") and not name:
            self.add_error("actor", _("Choose an actor, or name a new one below."))
        elif name:
            known = Actor.objects.filter(name__iexact=name).first()
            if known is not None:
                cleaned["actor"] = known
            else:
                kind, country = cleaned.get("new_actor_kind", ""), cleaned.get("new_actor_country", "")  # fmt: skip
                self.new_actor = Actor(name=name, kind=kind, country=country)
        return cleaned

    def save(self, commit: bool = True) -> Any:
        if self.new_actor is not None:
            # Saved before the rows (workflow._save_formsets); Django takes its new primary key.
            self.instance.actor = self.new_actor
        return super().save(commit)


class RowsFormSet(forms.BaseInlineFormSet):
    """An inline formset of the recording form. Rows left empty are skipped; a row is removed
    with its own checkbox."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")

    def new_actors(self) -> list[Actor]:
        """Actors named for the first time in this formset, to be saved before its rows."""
        return []


class AttributionFormSet(RowsFormSet):
    def clean(self) -> None:
        # Django finds an actor chosen twice (the unique constraint); a new name typed twice
        # is caught here.
        super().clean()
        seen: set[str] = set()
        for form in self._kept_forms():
            if form.new_actor is None:
                continue
            key = form.new_actor.name.casefold()
            if key in seen:
                form.add_error("new_actor_name", _("This actor is named twice."))
            seen.add(key)

    def _kept_forms(self) -> list[Any]:
        return [
            form
            for form in self.forms
            if form.is_valid() and form.has_changed() and not form.cleaned_data.get("DELETE")
        ]

    def new_actors(self) -> list[Actor]:
        return [form.new_actor for form in self._kept_forms() if form.new_actor is not None]


class RowForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """An address typed without a scheme is taken as https:// (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SourceForm(RowForm):
    class Meta:
        model = Source
        fields = ["kind", "publisher", "url", "language", "published_on", "reliability"]
        formfield_callback = https_by_default
        widgets = {"published_on": _date_input(), "url": forms.URLInput(attrs={"dir": "ltr"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published_on"].input_formats = [ISO_DATE]  # type: ignore[attr-defined]


class CivilianObjectForm(RowForm):
    class Meta:
        model = CivilianObject
        fields = ["kind", "name", "damage", "out_of_service"]


def _formset(model: type, form: type, formset: type = RowsFormSet) -> Any:
    return inlineformset_factory(
        Incident, model, form=form, formset=formset, extra=1, can_delete=True, max_num=100
    )


FORMSETS = {
    "attributions": _formset(Attribution, AttributionForm, AttributionFormSet),
    "objects_hit": _formset(CivilianObject, CivilianObjectForm),
    "sources": _formset(Source, SourceForm),
}
# Each formset's heading, and the name of one of its rows.
FORMSET_TITLES = {
    "attributions": (_("Attributed to"), _("Attribution")),
    "objects_hit": (_("Civilian objects hit"), _("Object hit")),
    "sources": (_("Sources"), _("Source")),
}


def grade_choices() -> list[tuple[str, Any]]:
    return [("", _("Keep the current grade")), *Grade.choices]


class TransitionForm(forms.Form):
    """One move on the record's page, with the note or grade it may need.

    Each move is its own small form on the page; ids carry the move's name to stay unique.
    """

    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    grade = forms.ChoiceField(label=_("Civilian-harm grade"), required=False, choices=grade_choices)  # fmt: skip

    def __init__(self, *args: Any, transition: workflow.Transition, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", f"id_{transition.name}_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["note"].label = transition.note_label
        if not transition.needs_note:
            del self.fields["note"]
        if transition.name != "verify":
            del self.fields["grade"]
