"""Fixtures for verification tests: consented cases, confirmed documents, NHN/NTS pointed at the emulator."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ocr_integration import registry
from ocr_integration.catalogue import field_spec
from ocr_integration.emulator.documents import emulated_document
from ocr_integration.emulator.server import EmulatorServer
from onboarding.models import Case, Document, ExtractedField, NoticeVersion, User
from onboarding.services.consents import consent_record
from tests.factories import publish_notice_texts


@pytest.fixture
def nhn_configured(emulator: EmulatorServer, settings: Any) -> Iterator[EmulatorServer]:
    providers = copy.deepcopy(settings.OCR_PROVIDERS)
    providers["nhn"]["options"].update(
        base_url=emulator.url,
        oauth_base_url=emulator.url,
        appkey="test-appkey",
        uak_id="emulator-uak-id",
        uak_secret="emulator-uak-secret",
        api_version="2.1",
        timeout=2.0,
        max_retries=1,
        backoff=0.01,
    )
    settings.OCR_PROVIDERS = providers
    registry.reset_providers()
    yield emulator
    registry.reset_providers()


@pytest.fixture
def nts_configured(emulator: EmulatorServer, settings: Any) -> EmulatorServer:
    settings.OCR_NTS = {"base_url": emulator.url, "service_key": "emulator-secret", "timeout": 2.0, "max_retries": 1}
    return emulator


@pytest.fixture
def consented_case(customer: User) -> Case:
    case = Case.objects.create(applicant=customer, flow=Case.Flow.BUSINESS)
    publish_notice_texts()
    notices = list(NoticeVersion.objects.filter(language="ko", provider=""))
    latest: dict[str, NoticeVersion] = {}
    for n in notices:
        if n.kind not in latest or n.version > latest[n.kind].version:
            latest[n.kind] = n
    consent_record(case=case, notices=latest.values(), checked_ids={n.pk for n in latest.values()}, actor=customer)
    case.refresh_from_db()
    return case


@pytest.fixture
def make_document(customer: User) -> Callable[..., Document]:
    def make(case: Case, kind: str, subtype: str | None, values: dict[str, str]) -> Document:
        # The stored original is a picture the emulator "prints" with its fixture values for that
        # subtype, so a re-analysis finds the same document the person photographed.
        original = emulated_document(subtype=subtype) if kind == "id_card" else emulated_document()
        name = default_storage.save(f"cases/{case.public_id}/original", ContentFile(original))
        document = Document.objects.create(
            case=case,
            kind=kind,
            subtype=subtype or "",
            state=Document.State.CONFIRMED,
            uploaded_by=customer,
            source_format="png",
            stored_format="png",
            original_name=name,
            width=1280,
            height=808,
            byte_size=len(original),
            sha256=hashlib.sha256(original).hexdigest(),
            provider="nhn",
        )
        for i, (key, value) in enumerate(values.items()):
            spec = field_spec(kind, subtype, key)
            ExtractedField.objects.create(
                document=document,
                key=key,
                position=i,
                label_ko=spec.label_ko,
                label_en=spec.label_en,
                ocr_value=value,
                value=value,
                confidence=0.99,
                sensitive=spec.sensitive,
            )
        return document

    return make
