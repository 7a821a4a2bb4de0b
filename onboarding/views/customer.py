"""The signed-in customer's own cases."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onboarding.permissions import customer_required, signed_in_user
from onboarding.selectors import case_list_for_customer


@customer_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/my_cases.html", {"cases": case_list_for_customer(user=signed_in_user(request))})
