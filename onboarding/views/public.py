"""Public pages: home, start or resume an onboarding, redeem a sign-in link, health."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onboarding.forms import ResumeForm, StartForm
from onboarding.selectors import user_get_by_email
from onboarding.services.accounts import LinkInvalid, customer_link_redeem
from onboarding.services.cases import case_resume_request, case_start
from onboarding.services.health import health_report


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/home.html", {"start_form": StartForm()})


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, initial={"flow": request.GET.get("flow", "personal")})
    if request.method == "POST" and form.is_valid():
        case_start(email=form.cleaned_data["email"], flow=form.cleaned_data["flow"], request=request)
        return redirect("link-sent")
    return render(request, "onboarding/start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Same answer whether or not the address is known: no account enumeration.
        case_resume_request(user=user_get_by_email(email=form.cleaned_data["email"]))
        return redirect("link-sent")
    return render(request, "onboarding/resume.html", {"form": form})


def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/link_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def customer_link(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that prefetch links must not burn the one-time token.
    if request.method == "GET":
        return render(request, "onboarding/link_confirm.html")
    try:
        link = customer_link_redeem(token=token)
    except LinkInvalid as exc:
        return render(
            request, "onboarding/link_invalid.html", {"message": exc.message, "form": ResumeForm()}, status=400
        )
    login(request, link.user, backend="django.contrib.auth.backends.ModelBackend")
    if link.case is not None:
        return redirect("case-detail", public_id=link.case.public_id)
    return redirect("my-cases")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
