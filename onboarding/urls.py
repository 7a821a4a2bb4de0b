from django.contrib.auth import views as auth_views
from django.urls import path

from onboarding.views import customer, public, staff

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
    path("start/", public.start, name="start"),
    path("resume/", public.resume, name="resume"),
    path("link-sent/", public.link_sent, name="link-sent"),
    path("link/<str:token>/", public.customer_link, name="customer-link"),
    path("onboarding/", customer.my_cases, name="my-cases"),
    path("onboarding/<uuid:public_id>/", customer.case_detail, name="case-detail"),
    path("staff/login/", staff.StaffLoginView.as_view(), name="staff-login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", staff.staff_home, name="staff-home"),
]
