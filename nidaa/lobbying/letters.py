"""The campaign's letters and call scripts: choosing the template, filling its placeholders.

Staff write a letter per target group (directory) and language, with placeholders in braces:

    {target_name}     the target's name               Kirsten E. Gillibrand
    {target_title}    the target's role or title      Senator
    {supporter_name}  the writer's name               Samira Haddad
    {supporter_town}  the writer's town               Leeds

Filling is a plain substitution of these four names, never str.format: a template is staff
input, and format's attribute and index look-ups ({target_name.__class__}) must not run.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Directory, LetterTemplate

PLACEHOLDERS = ("target_name", "target_title", "supporter_name", "supporter_town")
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


@dataclass(frozen=True)
class Draft:
    """A letter or call script as a supporter first sees it."""

    subject: str
    body: str
    language: str


def check_placeholders(texts: dict[str, str]) -> None:
    """A ValidationError naming each field with a placeholder that is not one of ours."""
    problems = {}
    for field, text in texts.items():
        unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
        if unknown:
            problems[field] = _("Unknown placeholder %(names)s; use %(known)s.") % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
    if problems:
        raise ValidationError(problems)


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value (others left as they are)."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        return values[name] if name in PLACEHOLDERS and name in values else match[0]

    return PLACEHOLDER.sub(value, text)


def values(
    target_name: str, target_title: str, supporter_name: str, supporter_town: str
) -> dict[str, str]:
    return {
        "target_name": target_name,
        "target_title": target_title,
        "supporter_name": supporter_name,
        "supporter_town": supporter_town,
    }


def unknown_supporter() -> dict[str, str]:
    """What a call script says where the caller's name and town go: they fill them in aloud."""
    return {"supporter_name": gettext("[your name]"), "supporter_town": gettext("[your town]")}


def same_text(first: str, second: str) -> bool:
    """Whether two letters are the same words: spacing and line ends do not count."""
    return first.split() == second.split()


def templates(campaign: Campaign, directory: Directory | None) -> dict[str, LetterTemplate]:
    """The campaign's letters for this group by language: the group's own, else the default."""
    found: dict[str, LetterTemplate] = {}
    rows = LetterTemplate.objects.filter(campaign=campaign).select_related("directory")
    for template in sorted(rows, key=lambda t: t.directory_id is not None):
        if template.directory_id is None or (directory and template.directory_id == directory.pk):
            found[template.language] = template  # the group's own comes last and wins
    return found


def choose(
    campaign: Campaign, directory: Directory | None, wanted: str
) -> tuple[LetterTemplate | None, list[str]]:
    """The template in `wanted` (else the campaign's language, else any), and every language
    the group's letter exists in."""
    found = templates(campaign, directory)
    for language in (wanted, campaign.default_language, *sorted(found)):
        if language in found:
            return found[language], sorted(found)
    return None, []
