"""factory_boy factories. Users get their role group; e-mails go through the blind-index service."""

from __future__ import annotations

import importlib

import factory

from onboarding.models import Case, Role, User
from onboarding.roles import role_group
from onboarding.services.accounts import user_set_email


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(role_group(extracted))
            if extracted == Role.ADMIN:
                self.is_staff = self.is_superuser = True
                self.save(update_fields=["is_staff", "is_superuser"])

    @factory.post_generation
    def email(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            user_set_email(user=self, email=extracted or f"{self.username}@example.com")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    applicant = factory.SubFactory(UserFactory, role=Role.CUSTOMER)
    flow = Case.Flow.PERSONAL


def publish_notice_texts() -> None:
    """The notice texts come from a data migration, and a transactional test's flush wipes them:
    publish them again the way the migration does (idempotent)."""
    from django.apps import apps

    importlib.import_module("onboarding.migrations.0004_notice_texts").publish(apps, None)
