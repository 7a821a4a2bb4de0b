"""Root URLconf. No MEDIA URL is routed: stored files go only through authenticated views."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("onboarding.urls")),
    path("staff/", include("onboarding.review.urls")),
    path("django-admin/", admin.site.urls),
]
