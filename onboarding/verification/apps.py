from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "onboarding.verification"
    label = "verification"
    verbose_name = "Verification checks"
