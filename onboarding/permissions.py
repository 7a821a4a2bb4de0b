"""Role checks for views: deny by default, customers never reach staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from onboarding.models import Role, User
from onboarding.selectors import user_roles

STAFF_ROLES = frozenset({Role.OPERATOR, Role.REVIEWER, Role.ADMIN})

View = Callable[..., HttpResponse]


def roles_required(*roles: str) -> Callable[[View], View]:
    """Signed in with one of ``roles``; anonymous users go to the staff sign-in, others get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(user=request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = roles_required(*STAFF_ROLES)


def customer_required(view: View) -> View:
    """A customer signed in through their link; anyone else gets 403 (not the staff sign-in)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or Role.CUSTOMER not in user_roles(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def signed_in_user(request: HttpRequest) -> User:
    """The request's user as a ``User``, for views already behind one of the decorators above."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
