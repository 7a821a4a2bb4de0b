from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from onboarding.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles, for navigation."""
    user = getattr(request, "user", None)
    return {"user_roles": user_roles(user=user) if user is not None and user.is_authenticated else set()}
