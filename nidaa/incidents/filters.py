"""The filters of the public record: the same for the pages (a GET form) and the API.

Both forms clean to the same values (start, end, admin1, actor, means, grade), which
`filter_incidents` applies to the published incidents.
"""

import datetime
import re
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from nidaa.incidents.models import Actor, Attribution, Grade, IncidentQuerySet, Means, Status

PCODE = re.compile(r"[A-Za-z0-9]{2,20}")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d"]


class BaseFilter(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    end = forms.DateField(
        label=_("To"), required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    means = forms.ChoiceField(
        label=_("Means"), required=False, choices=[("", _("Any means")), *Means.choices]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class PageFilter(BaseFilter):
    """The form on the index and timeline pages: every choice is a list to pick from."""

    admin1 = forms.ChoiceField(label=_("Governorate"), required=False)
    actor = forms.TypedChoiceField(label=_("Attributed to"), required=False, coerce=int)
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("Any grade")), *Grade.choices]
    )

    field_order = ["start", "end", "admin1", "means", "actor", "grade"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        admin1 = self.fields["admin1"]
        actor = self.fields["actor"]
        assert isinstance(admin1, forms.ChoiceField) and isinstance(actor, forms.ChoiceField)
        admin1.choices = [("", _("All governorates")), *governorate_choices()]
        actor.choices = [("", _("Any actor")), *actor_choices()]

    def clean_actor(self) -> int | None:
        return self.cleaned_data.get("actor") or None


class PcodeField(forms.CharField):
    """An area's P-code (OCHA's place codes, e.g. SY07 for Idlib governorate), upper case."""

    def to_python(self, value: Any) -> str:
        pcode = str(super().to_python(value)).upper()
        if pcode and not PCODE.fullmatch(pcode):
            raise forms.ValidationError(_("A P-code is 2 to 20 letters and digits, e.g. SY07."))
        return pcode


class ApiFilter(BaseFilter):
    """The API's parameters: a governorate by P-code, an actor by name or id."""

    admin1 = PcodeField(required=False)
    actor = forms.CharField(required=False)
    grade = forms.ChoiceField(required=False, choices=[("", ""), *Grade.choices])

    def clean_actor(self) -> int | None:
        given = self.cleaned_data.get("actor", "").strip()
        if not given:
            return None
        by_name = Actor.objects.filter(name__iexact=given)
        if given.isascii() and given.isdigit() and len(given) < 16:
            by_name = by_name | Actor.objects.filter(pk=int(given))
        pk = by_name.values_list("pk", flat=True).first()
        if pk is None:
            raise forms.ValidationError(_("No actor has this name or id."))
        return pk


def governorate_choices() -> list[tuple[str, str]]:
    """The imported governorates, named in the page's language, in alphabetical order."""
    from nidaa.boundaries.lookup import governorates

    return sorted(
        ((area.pcode, area.display_name()) for area in governorates()), key=lambda c: c[1]
    )


def actor_choices() -> list[tuple[int, str]]:
    """Actors that published incidents are attributed to (no others: the list is public)."""
    published = Attribution.objects.filter(actor=OuterRef("pk"), incident__status=Status.PUBLISHED)
    actors = Actor.objects.filter(Exists(published))
    return sorted(((actor.pk, actor.display_name()) for actor in actors), key=lambda c: c[1])


def filter_incidents(incidents: IncidentQuerySet, values: dict[str, Any]) -> IncidentQuerySet:
    """Narrow the incidents by a form's cleaned values (dates inclusive, on the start date)."""
    start: datetime.date | None = values.get("start")
    end: datetime.date | None = values.get("end")
    if start:
        incidents = incidents.filter(started_on__gte=start)
    if end:
        incidents = incidents.filter(started_on__lte=end)
    if values.get("admin1"):
        incidents = incidents.filter(admin1_pcode=values["admin1"])
    if values.get("means"):
        incidents = incidents.filter(means=values["means"])
    if values.get("grade"):
        incidents = incidents.filter(grade=values["grade"])
    if values.get("actor"):
        attributed = Attribution.objects.filter(incident=OuterRef("pk"), actor_id=values["actor"])
        incidents = incidents.filter(Exists(attributed))
    return incidents
