"""What each role may do, as Django permissions on groups. Used by the roles migration."""

from __future__ import annotations

from typing import Any

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "customer": [],
    "operator": ["onboarding.operate_case", "onboarding.view_case"],
    "reviewer": [
        "onboarding.view_case",
        "onboarding.review_case",
        "onboarding.confirm_decision",
        "onboarding.reveal_sensitive",
    ],
    "admin": [
        "onboarding.view_case",
        "onboarding.review_case",
        "onboarding.confirm_decision",
        "onboarding.reveal_sensitive",
        "onboarding.view_audit",
        "onboarding.view_auditevent",
        "onboarding.view_user",
        "onboarding.change_user",
        "onboarding.add_user",
    ],
}


def ensure_role_groups(group_model: Any, permission_model: Any) -> None:
    """Create each role's group with exactly its permissions. Takes model classes so the data
    migration can pass its historical models; everything else passes the real ones."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            wanted.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def role_group(role: str) -> Any:
    """The group of ``role``, recreated with its permissions if it went missing (e.g. a flushed test DB)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name=role).first()
    if group is None:
        ensure_role_groups(Group, Permission)
        group = Group.objects.get(name=role)
    return group
