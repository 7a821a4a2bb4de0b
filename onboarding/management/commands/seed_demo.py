"""Demo accounts for the embedded default: one per role, credentials printed. Refused in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onboarding.models import Case, Role, User
from onboarding.selectors import user_get_by_email
from onboarding.services.accounts import customer_get_or_create, customer_link_create, staff_create

DEMO_STAFF = [
    ("operator", "demo-operator-pass", Role.OPERATOR),
    ("reviewer", "demo-reviewer-pass", Role.REVIEWER),
    ("reviewer2", "demo-reviewer2-pass", Role.REVIEWER),
    ("admin", "demo-admin-pass", Role.ADMIN),
]
DEMO_CUSTOMER_EMAIL = "customer@example.com"


class Command(BaseCommand):
    help = "Create demo users (customer, operator, reviewers, admin) and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        if "production" in settings.SETTINGS_MODULE:
            raise CommandError("seed_demo is for local and test settings only.")
        for username, password, role in DEMO_STAFF:
            user = User.objects.filter(username=username).first()
            if user is None:
                staff_create(username=username, password=password, role=role, email=f"{username}@example.com")
            else:
                user.set_password(password)
                user.is_active = True
                user.save(update_fields=["password", "is_active"])
        customer = user_get_by_email(email=DEMO_CUSTOMER_EMAIL) or customer_get_or_create(email=DEMO_CUSTOMER_EMAIL)
        case = customer.cases.first() or Case.objects.create(applicant=customer)
        link = customer_link_create(user=customer, case=case)

        out = self.stdout.write
        out("")
        out("Demo accounts (local development only):")
        out(f"  staff sign-in:  {settings.SITE_URL}/staff/login/")
        for username, password, role in DEMO_STAFF:
            out(f"    {role:<9} {username:<10} / {password}")
        out(f"  customer:       {DEMO_CUSTOMER_EMAIL} (no password) — one-time link:")
        out(f"    {link}")
        out("  new customers start at the home page; their link is printed by the console e-mail backend.")
        out("")
