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

# Supporters' personal data is need-to-know: moderators see and moderate signatures; editors
# see none (they may still raise the campaign's goal, which is part of editing it).
SIGNATURE_MODERATION = [
    "signatures.view_signature", "signatures.change_signature",
    "signatures.moderate_signature", "signatures.view_signaturecount",
]  # fmt: skip

ROLES: dict[str, list[str]] = {
    # Admins run the site: every permission, including users, roles and reading the audit log
    # (accounts.view_auditentry, the only permission the log has: nobody may change it).
    ADMIN: ["*"],
    # Editors write and translate the campaign.
    EDITOR: CAMPAIGN_EDIT,
    # Moderators review what the public submits; they read the campaign but do not edit it.
    MODERATOR: [
        "campaigns.view_campaign",
        "campaigns.view_campaigntranslation",
        *SIGNATURE_MODERATION,
    ],
    # Documenters record incidents (the incidents part adds its permissions).
    DOCUMENTER: [],
    # Verifiers check and publish incidents (the incidents part adds its permissions).
    VERIFIER: [],
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
