"""Reading, checking and submitting documents: field history, state machine, PAN and handle never exposed."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from functools import partial
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from freezegun import freeze_time
from PIL import Image

from ocr_integration.types import AuthenticityHandle, DocumentResult, ImageInfo, make_field
from onboarding.errors import InvalidTransition
from onboarding.models import AuditEvent, Case, Document, ExtractedField, FieldEdit, NoticeVersion, User
from onboarding.security.blind_index import blind_index
from onboarding.selectors import notices_for_case
from onboarding.services.cases import case_transition
from onboarding.services.consents import consent_record
from onboarding.services.documents import (
    DocumentNotAllowed,
    case_submit,
    document_fields_update,
    document_store_result,
    document_upload,
)
from tests.docgen import generate

pytestmark = pytest.mark.django_db

REQUEST_KEY = "rk-5f1d2c9e-never-shown-8a7b"


@pytest.fixture
def consented(case: Case) -> Case:
    notices = notices_for_case(case=case, language="en")
    consent_record(case=case, notices=notices, checked_ids={n.pk for n in notices}, actor=case.applicant)
    return case


def _blank_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (1000, 630), (245, 245, 245)).save(buf, format="JPEG")
    return buf.getvalue()


def _resident_result(*, name_confidence: float = 0.95) -> DocumentResult:
    """What a provider returns for a resident card (built from the catalogue, as providers do)."""
    box = ((100.0, 100.0), (400.0, 100.0), (400.0, 140.0), (100.0, 140.0))
    rrn_box = ((100.0, 200.0), (500.0, 200.0), (500.0, 240.0), (100.0, 240.0))
    fields = (
        make_field("id_card", "resident", "name", "홍길동", name_confidence, polygons=(box,)),
        make_field("id_card", "resident", "resident_number", "900101-1234567", 0.97, polygons=(rrn_box,)),
        make_field("id_card", "resident", "issue_date", "2020-01-02", 0.95, polygons=(box,)),
    )
    return DocumentResult(
        kind="id_card",
        subtype="resident",
        provider="nhn",
        image=ImageInfo(1000, 630),
        fields=fields,
        authenticity=AuthenticityHandle("nhn", REQUEST_KEY, dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)),
        raw={"result": {"residentNumber": "900101-1234567"}},
    )


def _read_document(case: Case, result: DocumentResult) -> Document:
    document = document_upload(case=case, kind="id_card", data=_blank_jpeg(), actor=case.applicant)
    return document_store_result(document=document, result=result)


def test_every_edit_is_kept_as_field_history(consented: Case, customer: User) -> None:
    document = _read_document(consented, _resident_result(name_confidence=0.5))
    name = document.fields.get(key="name")
    assert name.awaiting_review

    outcome = document_fields_update(document=document, values={"name": "홍길순"}, confirmed=set(), actor=customer)
    document_fields_update(document=document, values={"name": "홍길자"}, confirmed=set(), actor=customer)

    assert outcome.corrected == ("name",) and outcome.awaiting_review == ()
    name.refresh_from_db()
    assert name.ocr_value == "홍길동" and name.value == "홍길자"
    history = list(name.edits.values_list("action", "old_value", "new_value", "actor", "actor_role"))
    assert history == [
        ("corrected", "홍길동", "홍길순", customer.pk, "customer"),
        ("corrected", "홍길순", "홍길자", customer.pk, "customer"),
    ]
    assert all(e.created_at for e in name.edits.all())
    with connection.cursor() as cur:
        cur.execute("SELECT old_value, new_value FROM onboarding_fieldedit")
        assert not any("홍길" in v for row in cur.fetchall() for v in row), "values are encrypted at rest"


def test_a_field_needing_review_must_be_confirmed_before_the_document_is_checked(
    consented: Case, customer: User
) -> None:
    document = _read_document(consented, _resident_result(name_confidence=0.5))

    untouched = document_fields_update(document=document, values={}, confirmed=set(), actor=customer)
    assert untouched.awaiting_review == ("name",)
    with pytest.raises(DocumentNotAllowed):
        case_submit(case=consented, actor=customer)

    confirmed = document_fields_update(document=document, values={}, confirmed={"name"}, actor=customer)

    assert confirmed.confirmed == ("name",) and confirmed.awaiting_review == ()
    assert FieldEdit.objects.get(field__key="name").action == FieldEdit.Action.CONFIRMED
    case_submit(case=consented, actor=customer)
    consented.refresh_from_db()
    assert consented.state == Case.State.SUBMITTED and consented.submitted_at is not None


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Case.State.DRAFT, Case.State.SUBMITTED),
        (Case.State.DRAFT, Case.State.COLLECTING),
        (Case.State.COLLECTING, Case.State.APPROVED),
        (Case.State.SUBMITTED, Case.State.COLLECTING),
        (Case.State.WITHDRAWN, Case.State.CONSENTED),
        (Case.State.PURGED, Case.State.DRAFT),
    ],
)
def test_illegal_state_moves_raise_and_change_nothing(case: Case, start: str, to: str) -> None:
    Case.objects.filter(pk=case.pk).update(state=start)
    case.refresh_from_db()

    with pytest.raises(InvalidTransition):
        case_transition(case=case, to=to, actor=case.applicant)

    case.refresh_from_db()
    assert case.state == start
    assert not AuditEvent.objects.filter(case=case, action="case_state_changed").exists()


def test_legal_moves_write_an_audit_event_each(case: Case) -> None:
    for to in (Case.State.CONSENTED, Case.State.COLLECTING, Case.State.SUBMITTED, Case.State.IN_REVIEW):
        case_transition(case=case, to=to, actor=case.applicant)
    moves = list(
        AuditEvent.objects.filter(case=case, action="case_state_changed")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert [m["to"] for m in moves] == ["consented", "collecting", "submitted", "in_review"]


def test_authenticity_handle_is_kept_encrypted_and_never_reaches_a_page(client: Client, consented: Case) -> None:
    document = _read_document(consented, _resident_result())
    assert json.loads(Document.objects.get(pk=document.pk).authenticity_handle)["request_key"] == REQUEST_KEY
    with connection.cursor() as cur:
        cur.execute("SELECT authenticity_handle, raw_payload FROM onboarding_document")
        assert REQUEST_KEY not in repr(cur.fetchall())

    client.force_login(consented.applicant)
    base = f"/onboarding/{consented.public_id}/"
    doc = f"{base}documents/{document.public_id}/"
    pages = [base, doc, f"{doc}?reveal=1", f"{doc}status/", f"{doc}image/", f"{base}withdraw/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert REQUEST_KEY.encode() not in response.content, url
    revealed = client.get(f"{doc}?reveal=1").content.decode()
    assert "900101-1234567" in revealed, "the customer can reveal their own number"
    assert "900101-1234567" not in client.get(doc).content.decode(), "masked by default"
    assert AuditEvent.objects.filter(action="fields_revealed", case=consented).exists()


def _all_decrypted_text() -> str:
    """Every value of every row of our models, decrypted by the ORM, plus the raw database dump."""
    chunks = []
    for model in (*apps.get_app_config("onboarding").get_models(), *apps.get_app_config("verification").get_models()):
        for row in model.objects.all().values():
            chunks.append(repr(row))
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names come from introspection
            chunks.append(repr(cur.fetchall()))
    return "\n".join(chunks)


def _all_stored_plaintext() -> list[bytes]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    out = []
    for path in root.rglob("*.bin"):
        name = str(path.relative_to(root))
        with default_storage.open(name) as fh:
            out.append(fh.read())
    return out


@pytest.mark.slow
def test_full_card_number_is_never_stored(  # type: ignore[no-untyped-def]
    client: Client, consented: Case, django_capture_on_commit_callbacks, caplog
) -> None:
    card = generate("credit_card", None, 1)
    pan = card.truth["card_number"]
    client.force_login(consented.applicant)
    before = set(_all_stored_plaintext())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/onboarding/{consented.public_id}/capture/credit_card/", {"file": SimpleUploadedFile("c.png", card.data)}
        )
    document = Document.objects.get(kind="credit_card")
    assert response.status_code == 302 and document.state == Document.State.READY
    number = document.fields.get(key="card_number")
    assert number.value == f"**** **** **** {pan[-4:]}" and number.pan_last4 == pan[-4:]
    assert number.pan_hmac == blind_index(pan, purpose="pan") and number.pan_bin == pan[:6]

    # The customer corrects the number by typing it in full: it is hashed, masked and dropped.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/onboarding/{consented.public_id}/documents/{document.public_id}/",
            {"value_card_number": "4111 1111 1111 1111", "value_valid_thru": "12/30"},
        )
    number.refresh_from_db()
    assert number.value == "**** **** **** 1111" and number.edits.get().new_value == "**** **** **** 1111"

    document.refresh_from_db()
    assert document.original_name == "" and document.raw_payload == "", "no card picture, no card payload"
    # Luhn ran on the full number while it was in memory (read, then corrected), recorded as outcomes only.
    assert list(document.checks.filter(kind="card_luhn").values_list("outcome", flat=True)) == ["pass", "pass"]
    text = _all_decrypted_text()
    stored = [b for b in _all_stored_plaintext() if b not in before]
    for digits in (pan, "4111111111111111"):
        grouped = " ".join(re.findall(".{1,4}", digits))
        for form in (digits, grouped):
            assert form not in text
            assert not any(form.encode() in blob for blob in stored)
            assert form not in caplog.text
    assert len(stored) == 1, "only the masked picture of the card is kept"


@pytest.mark.slow
def test_unreadable_picture_gives_a_plain_message_and_a_retake(  # type: ignore[no-untyped-def]
    client: Client, consented: Case, django_capture_on_commit_callbacks
) -> None:
    client.force_login(consented.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/onboarding/{consented.public_id}/capture/id_card/",
            {"file": SimpleUploadedFile("blank.jpg", _blank_jpeg())},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()

    document = Document.objects.get()
    assert document.state == Document.State.FAILED and not document.error_retryable
    assert "We could not read this picture" in page and "Take a new photo" in page
    assert "Try again" not in page
    consented.refresh_from_db()
    assert consented.state == Case.State.COLLECTING, "the case is never lost"


@pytest.mark.slow
def test_reading_that_times_out_can_be_retried(  # type: ignore[no-untyped-def]
    client: Client, consented: Case, django_capture_on_commit_callbacks
) -> None:
    client.force_login(consented.applicant)
    card = generate("id_card", "resident", 2)
    with freeze_time("2026-03-01 10:00:00"):
        # No worker picks the task up (its on-commit enqueue is not run): the reading never starts.
        response = client.post(
            f"/onboarding/{consented.public_id}/capture/id_card/",
            {"file": SimpleUploadedFile(card.filename, card.data)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    doc_url = response["Location"]
    with freeze_time("2026-03-01 10:01:00"):
        status = client.get(f"{doc_url}status/").json()
        assert status["state"] == "queued" and not status["done"]
    with freeze_time("2026-03-01 10:04:00"):
        status = client.get(f"{doc_url}status/").json()
        assert status["state"] == "failed" and status["done"]
        page = client.get(doc_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "took too long" in page and "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{doc_url}retry/")

    document = Document.objects.get()
    assert document.state == Document.State.READY and document.attempts == 1
    assert ExtractedField.objects.filter(document=document, key="resident_number").exists()
    assert NoticeVersion.objects.exists()


def test_a_new_capture_after_a_resubmission_request_reopens_collecting(consented: Case, customer: User) -> None:
    for to in (Case.State.COLLECTING, Case.State.SUBMITTED, Case.State.IN_REVIEW, Case.State.RESUBMISSION_REQUESTED):
        case_transition(case=consented, to=to, actor=customer)

    document_upload(case=consented, kind="id_card", data=_blank_jpeg(), actor=customer)

    consented.refresh_from_db()
    assert consented.state == Case.State.COLLECTING


def test_a_retake_replaces_the_earlier_capture_and_deletes_its_file(  # type: ignore[no-untyped-def]
    consented: Case, customer: User, django_capture_on_commit_callbacks
) -> None:
    first = _read_document(consented, _resident_result())
    names = [first.original_name, first.masked_name]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = document_upload(case=consented, kind="id_card", data=_blank_jpeg(), actor=customer)
    # Run the file deletions, not the queued reading of the new capture.
    for callback in callbacks:
        if isinstance(callback, partial):
            callback()

    assert not any(default_storage.exists(name) for name in names)
    first.refresh_from_db()
    assert first.state == Document.State.REPLACED and not first.fields.exists()
    assert first.original_name == "" and second.state == Document.State.QUEUED
