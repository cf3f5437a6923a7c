"""Staff roles, as groups with the least privilege each job needs.

Each later part of the product adds its permissions to the roles that need them here. A
permission of a part that is not installed is skipped, so the table can name what is coming.
"""

from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db.models import Q

ADMIN = "admin"
EDITOR = "editor"
MODERATOR = "moderator"
DOCUMENTER = "documenter"
VERIFIER = "verifier"

CAMPAIGN_EDIT = [
    "campaigns.add_campaign", "campaigns.change_campaign", "campaigns.view_campaign",
    "campaigns.add_campaigntranslation", "campaigns.change_campaigntranslation",
    "campaigns.view_campaigntranslation", "campaigns.delete_campaigntranslation",
    "campaigns.add_demand", "campaigns.change_demand", "campaigns.view_demand",
    "campaigns.delete_demand",
]  # fmt: skip

# The lobbying part's target directories: editors keep the campaign's custom lists (missions,
# embassies, ministries) and read the imported parliaments; imports run from the command line.
TARGETS_EDIT = [
    "lobbying.view_directory", "lobbying.change_directory", "lobbying.view_area",
    "lobbying.view_target", "lobbying.add_target", "lobbying.change_target",
    "lobbying.delete_target", "lobbying.view_contactchannel", "lobbying.add_contactchannel",
    "lobbying.change_contactchannel", "lobbying.delete_contactchannel",
]  # fmt: skip

# The lobbying journey: editors write the campaign's letters and call scripts and read the
# counts of letters, calls and replies; moderators read the letters and calls themselves
# (supporters' submissions) and the same counts.
LETTERS_EDIT = [
    "lobbying.add_lettertemplate", "lobbying.change_lettertemplate",
    "lobbying.view_lettertemplate", "lobbying.delete_lettertemplate",
    "lobbying.view_lobbyingreport",
]  # fmt: skip
LOBBYING_READ = ["lobbying.view_letter", "lobbying.view_call", "lobbying.view_lobbyingreport"]
# News, updates, the share kit and vetted appeals: editors keep them. Items are written by the
# feeds; editors may only hide one. Appeals are vetted by editors, who mark them checked.
OUTREACH_EDIT = [
    "campaigns.add_update", "campaigns.change_update", "campaigns.view_update",
    "campaigns.delete_update",
    "campaigns.add_suggestedpost", "campaigns.change_suggestedpost",
    "campaigns.view_suggestedpost", "campaigns.delete_suggestedpost",
    "news.add_source", "news.change_source", "news.view_source", "news.delete_source",
    "news.add_followaccount", "news.change_followaccount", "news.view_followaccount",
    "news.delete_followaccount",
    "news.view_item", "news.change_item",
    "donations.add_appeal", "donations.change_appeal", "donations.view_appeal",
    "donations.delete_appeal",
    "donations.add_appealtext", "donations.change_appealtext", "donations.view_appealtext",
    "donations.delete_appealtext",
]  # fmt: skip

# Supporters' personal data is need-to-know: moderators see and moderate signatures; editors
# see none (they may still raise the campaign's goal, which is part of editing it).
SIGNATURE_MODERATION = [
    "signatures.view_signature", "signatures.change_signature",
    "signatures.moderate_signature", "signatures.view_signaturecount",
]  # fmt: skip

# Events that supporters host: moderators read them and approve, reject or cancel them (the
# steps are actions, so no change permission is needed). Attendees' data (RSVPs) and the mail
# outbox are for admins only.
EVENT_MODERATION = ["events.view_event", "events.moderate_event"]

# The record of incidents. Documenters write and correct their own records (the views keep them
# to their own drafts); verifiers read every record, check it and publish it. Neither reads
# the other parts' supporter data. Protected sites and the custody log are for verifiers only:
# the list of notified sites could guide an attack.
INCIDENT_WRITE = [
    "incidents.add_incident", "incidents.change_incident", "incidents.view_incident",
    "incidents.add_attribution", "incidents.change_attribution",
    "incidents.delete_attribution", "incidents.view_attribution",
    "incidents.add_civilianobject", "incidents.change_civilianobject",
    "incidents.delete_civilianobject", "incidents.view_civilianobject",
    "incidents.add_source", "incidents.change_source", "incidents.delete_source",
    "incidents.view_source",
    "incidents.add_evidence", "incidents.view_evidence",
    "incidents.view_actor", "incidents.add_actor",
]  # fmt: skip
INCIDENT_VERIFY = [
    *INCIDENT_WRITE,
    "incidents.verify_incident", "incidents.view_draft_incident", "incidents.change_actor",
    "incidents.view_protectedsite", "incidents.add_protectedsite",
    "incidents.change_protectedsite", "incidents.view_protectedsitehit",
    "incidents.view_custodyentry",
]  # fmt: skip

ROLES: dict[str, list[str]] = {
    # Admins run the site: every permission, including users, roles and reading the audit log
    # (accounts.view_auditentry, the only permission the log has: nobody may change it).
    ADMIN: ["*"],
    # Editors write and translate the campaign.
    EDITOR: [*CAMPAIGN_EDIT, *TARGETS_EDIT, *LETTERS_EDIT, *OUTREACH_EDIT],
    # Moderators review what the public submits; they read the campaign but do not edit it.
    MODERATOR: [
        "campaigns.view_campaign",
        "campaigns.view_campaigntranslation",
        *SIGNATURE_MODERATION,
        *EVENT_MODERATION,
        *LOBBYING_READ,
    ],
    # Documenters record incidents, with their sources and evidence.
    DOCUMENTER: INCIDENT_WRITE,
    # Verifiers check, grade and publish incidents, and keep the protected-site list.
    VERIFIER: INCIDENT_VERIFY,
}


def _permissions(names: list[str]) -> list[Permission]:
    if names == ["*"]:
        return list(Permission.objects.all())
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def ensure_roles() -> None:
    """Create the role groups and set their permissions to exactly the table above."""
    for role, names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def assign_role(user: AbstractUser, role: str) -> None:
    """Make `user` staff in `role` (one of ROLES)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    ensure_roles()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role))
