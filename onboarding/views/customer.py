"""The signed-in customer's own cases."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from onboarding.permissions import customer_required, signed_in_user
from onboarding.selectors import case_get_for_customer, case_list_for_customer


@customer_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/my_cases.html", {"cases": case_list_for_customer(user=signed_in_user(request))})


@customer_required
def case_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = case_get_for_customer(user=signed_in_user(request), public_id=public_id)
    if case is None:
        raise Http404
    return render(request, "onboarding/case_detail.html", {"case": case})
