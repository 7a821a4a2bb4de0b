from django.contrib.auth import views as auth_views
from django.urls import path

from onboarding.views import customer, flow, public, staff

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("start/", public.start, name="start"),
    path("resume/", public.resume, name="resume"),
    path("link-sent/", public.link_sent, name="link-sent"),
    path("link/<str:token>/", public.customer_link, name="customer-link"),
    path("onboarding/", customer.my_cases, name="my-cases"),
    path("onboarding/<uuid:public_id>/", flow.case_overview, name="case-detail"),
    path("onboarding/<uuid:public_id>/consent/", flow.consent, name="case-consent"),
    path("onboarding/<uuid:public_id>/withdraw/", flow.withdraw, name="case-withdraw"),
    path("onboarding/<uuid:public_id>/submit/", flow.submit, name="case-submit"),
    path("onboarding/<uuid:public_id>/capture/<str:kind>/", flow.capture, name="document-capture"),
    path("onboarding/<uuid:public_id>/documents/<uuid:document_id>/", flow.document_detail, name="document-detail"),
    path(
        "onboarding/<uuid:public_id>/documents/<uuid:document_id>/status/",
        flow.document_status,
        name="document-status",
    ),
    path("onboarding/<uuid:public_id>/documents/<uuid:document_id>/image/", flow.document_image, name="document-image"),
    path(
        "onboarding/<uuid:public_id>/documents/<uuid:document_id>/retry/",
        flow.document_retry_view,
        name="document-retry",
    ),
    path("staff/login/", staff.StaffLoginView.as_view(), name="staff-login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", staff.staff_home, name="staff-home"),
]
