"""Staff sign-in (with lock-out) and the staff landing page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onboarding.permissions import staff_required
from onboarding.selectors import user_roles


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = False


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {"roles": sorted(user_roles(user=request.user))})
