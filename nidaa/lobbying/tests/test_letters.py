"""The campaign's letters: choosing the template for a target group and language, filling
its placeholders, and telling an unedited copy from a letter in the writer's own words."""

import pytest
from django.core.exceptions import ValidationError

from nidaa.campaigns.models import Campaign
from nidaa.lobbying import letters
from nidaa.lobbying.demo import MISSIONS_SLUG
from nidaa.lobbying.models import Directory, LetterTemplate

pytestmark = pytest.mark.django_db

VALUES = letters.values("Alex Baker", "Member of Parliament", "Samira Haddad", "Leeds")


def test_fill_replaces_the_four_placeholders() -> None:
    text = "Dear {target_title} {target_name}, from {supporter_name} of {supporter_town}."

    assert letters.fill(text, VALUES) == (
        "Dear Member of Parliament Alex Baker, from Samira Haddad of Leeds."
    )


def test_fill_runs_no_format_lookups_and_leaves_other_braces() -> None:
    text = "{target_name.__class__} {0} {unknown} {{target_name}} {target_name}"

    assert letters.fill(text, VALUES) == (
        "{target_name.__class__} {0} {unknown} {Alex Baker} Alex Baker"
    )


def test_an_unknown_placeholder_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError) as refused:
        letters.check_placeholders({"body": "Dear {target_nme},", "subject": "Fine"})

    assert set(refused.value.message_dict) == {"body"}
    assert "{target_nme}" in refused.value.message_dict["body"][0]


def test_a_template_with_an_unknown_placeholder_does_not_validate(
    demo_campaign: Campaign,
) -> None:
    template = LetterTemplate(
        campaign=demo_campaign, language="en", subject="Hi {name}", body="Dear {target_name}"
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean(validate_unique=False)

    assert "subject" in refused.value.message_dict


def test_same_text_ignores_spacing_but_not_words() -> None:
    assert letters.same_text("Dear X,\r\n\r\nPlease act.", "Dear X,\n\nPlease  act.\n")
    assert not letters.same_text("Dear X, please act.", "Dear X, please act now.")


def test_a_groups_own_letter_wins_over_the_default(demo_campaign: Campaign) -> None:
    missions = Directory.objects.get(slug=MISSIONS_SLUG)
    meps = Directory.objects.create(slug="meps", name="MEPs")

    own, languages = letters.choose(demo_campaign, missions, "en")
    default, _ = letters.choose(demo_campaign, meps, "en")

    assert own is not None and own.directory == missions
    assert default is not None and default.directory is None
    assert languages == ["ar", "en"]


def test_the_letter_falls_back_to_the_campaigns_language(demo_campaign: Campaign) -> None:
    LetterTemplate.objects.filter(language="ar").delete()

    template, languages = letters.choose(demo_campaign, None, "ar")

    assert template is not None and template.language == "en"
    assert languages == ["en"]


def test_without_any_template_there_is_no_letter(demo_campaign: Campaign) -> None:
    LetterTemplate.objects.all().delete()

    assert letters.choose(demo_campaign, None, "en") == (None, [])
