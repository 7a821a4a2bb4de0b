from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "onboarding.review"
    label = "review"
    verbose_name = "Review and operator console"
