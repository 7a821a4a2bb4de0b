"""Consent: versioned notices, what a consent row proves, refusal, withdrawal, consignment notices."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory
from PIL import Image

from onboarding.models import AuditEvent, Case, Consent, Document, NoticeVersion, User
from onboarding.selectors import notices_for_case
from onboarding.services.consents import consent_record, consent_withdraw
from onboarding.services.documents import document_upload
from onboarding.services.notices import notice_publish, notice_render

pytestmark = pytest.mark.django_db


def _request(user: User, *, ua: str = "TestBrowser/1.0", ip: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/", HTTP_USER_AGENT=ua, REMOTE_ADDR=ip)
    request.user = user
    return request


def _consent_all(case: Case, *, language: str = "en") -> list[NoticeVersion]:
    notices = notices_for_case(case=case, language=language)
    consent_record(
        case=case,
        notices=notices,
        checked_ids={n.pk for n in notices},
        actor=case.applicant,
        request=_request(case.applicant),
    )
    return notices


def test_consent_stores_version_hash_checkboxes_channel_ip_and_user_agent(case: Case) -> None:
    notices = notices_for_case(case=case, language="en")
    collection = next(n for n in notices if n.kind == NoticeVersion.Kind.COLLECTION)
    card = next(n for n in notices if n.kind == NoticeVersion.Kind.PAYMENT_CARD)
    checked = {n.pk for n in notices if n.pk != card.pk}

    outcome = consent_record(
        case=case, notices=notices, checked_ids=checked, actor=case.applicant, request=_request(case.applicant)
    )

    assert outcome.granted
    rows = {c.notice_id: c for c in Consent.objects.filter(case=case)}
    assert set(rows) == {n.pk for n in notices}
    row = rows[collection.pk]
    assert row.text_sha256 == hashlib.sha256(collection.shown_text().encode()).hexdigest()
    assert row.checked is True and row.required is True
    assert rows[card.pk].checked is False and rows[card.pk].required is False
    assert row.channel == Case.Channel.SELF and row.operator is None
    assert row.ip_address == "203.0.113.7" and row.user_agent == "TestBrowser/1.0"
    assert len({c.submission for c in rows.values()}) == 1
    case.refresh_from_db()
    assert case.state == Case.State.CONSENTED
    assert AuditEvent.objects.filter(case=case, action="consent_given").exists()


def test_publishing_a_new_version_does_not_change_what_an_earlier_consent_points_at(
    case: Case, admin_user: User
) -> None:
    notices = _consent_all(case)
    old = next(n for n in notices if n.kind == NoticeVersion.Kind.COLLECTION)
    row = Consent.objects.get(case=case, notice=old)

    new = notice_publish(
        kind=old.kind, language="en", title=old.title, body=old.body + "\n- A new sentence.", published_by=admin_user
    )

    assert new.version == old.version + 1 and new.sha256 != old.sha256
    row.refresh_from_db()
    assert row.notice_id == old.pk and row.text_sha256 == old.sha256
    old.refresh_from_db()
    assert "A new sentence" not in old.body
    assert next(n for n in notices_for_case(case=case, language="en") if n.kind == old.kind).pk == new.pk


def test_refusing_a_required_consent_records_the_refusal_and_keeps_the_case_in_draft(case: Case) -> None:
    notices = notices_for_case(case=case, language="en")
    ids = {n.pk for n in notices if n.kind != NoticeVersion.Kind.UNIQUE_IDENTIFIERS}

    outcome = consent_record(
        case=case, notices=notices, checked_ids=ids, actor=case.applicant, request=_request(case.applicant)
    )

    assert not outcome.granted and outcome.refused_kinds == (NoticeVersion.Kind.UNIQUE_IDENTIFIERS,)
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT
    refused = Consent.objects.get(case=case, notice__kind=NoticeVersion.Kind.UNIQUE_IDENTIFIERS)
    assert refused.checked is False
    assert AuditEvent.objects.filter(case=case, action="consent_refused").exists()


def test_only_local_engine_shows_no_consignment_notice(case: Case, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OCR_PROVIDER_ORDER = {"id_card": ["local"], "credit_card": ["local"], "business_registration": ["local"]}
    assert not [n for n in notices_for_case(case=case, language="en") if n.kind == NoticeVersion.Kind.CONSIGNMENT]


def test_each_outside_provider_gets_its_consignment_notice(case: Case, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OCR_PROVIDER_ORDER = {"id_card": ["nhn", "local"], "credit_card": ["clova"], "business_registration": []}
    consignments = [n for n in notices_for_case(case=case, language="ko") if n.kind == NoticeVersion.Kind.CONSIGNMENT]
    assert [n.provider for n in consignments] == ["nhn", "clova"]
    nhn_text = consignments[0].shown_text()
    assert "엔에이치엔클라우드" in nhn_text and "OCR 서비스 제공" in nhn_text
    en = notices_for_case(case=case, language="en")
    assert "NHN Cloud Corp." in en[3].body and "Providing OCR service" in en[3].body


def test_key_items_are_emphasised(case: Case) -> None:
    notice = next(n for n in notices_for_case(case=case, language="en") if n.kind == NoticeVersion.Kind.COLLECTION)
    html = notice_render(notice)
    assert '<strong class="emphasis">Retention:' in html
    assert '<strong class="emphasis">You have the right to refuse.' in html
    assert "<script" not in notice_render(NoticeVersion(body="- <script>alert(1)</script> **x**"))


def test_withdrawal_is_recorded_closes_the_case_and_deletes_the_pictures(  # type: ignore[no-untyped-def]
    case: Case, django_capture_on_commit_callbacks
) -> None:
    _consent_all(case)
    buf = io.BytesIO()
    Image.new("RGB", (900, 570), "white").save(buf, format="JPEG")
    document = document_upload(case=case, kind="id_card", data=buf.getvalue(), actor=case.applicant)
    assert default_storage.exists(document.original_name)

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(case=case, actor=case.applicant, request=_request(case.applicant))

    document.refresh_from_db()
    assert document.state == Document.State.PURGED and not document.original_name
    assert not default_storage.exists(document.original_name or "missing")

    case.refresh_from_db()
    assert case.state == Case.State.WITHDRAWN
    assert not Consent.objects.filter(case=case, withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(case=case).count() >= 3, "consent rows are kept as proof"
    assert AuditEvent.objects.filter(case=case, action="consent_withdrawn").exists()


def test_consent_page_shows_unticked_boxes_and_refusal_explains(client: Client, case: Case) -> None:
    client.force_login(case.applicant)
    page = client.get(f"/onboarding/{case.public_id}/consent/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and html.count('type="checkbox"') == 3 and " checked" not in html

    notices = notices_for_case(case=case, language="en")
    collection = next(n for n in notices if n.kind == NoticeVersion.Kind.COLLECTION)
    response = client.post(
        f"/onboarding/{case.public_id}/consent/",
        {"notice_ids": ",".join(str(n.pk) for n in notices), f"notice_{collection.pk}": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "We cannot continue online" in response.content.decode()
    capture = client.get(f"/onboarding/{case.public_id}/capture/id_card/")
    assert capture.status_code == 302 and capture["Location"] == f"/onboarding/{case.public_id}/"
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT


def test_admin_edits_a_notice_by_publishing_a_new_version(client: Client, admin_user: User, case: Case) -> None:
    _consent_all(case)
    old = NoticeVersion.objects.get(kind=NoticeVersion.Kind.COLLECTION, language="en", version=1)
    client.force_login(admin_user)

    form = client.get(f"/django-admin/onboarding/noticeversion/add/?copy_from={old.pk}")
    assert form.status_code == 200 and "Retention" in form.content.decode()
    response = client.post(
        "/django-admin/onboarding/noticeversion/add/",
        {"kind": old.kind, "provider": "", "language": "en", "title": old.title, "body": old.body + "\n- Changed."},
    )

    assert response.status_code == 302
    new = NoticeVersion.objects.get(kind=old.kind, language="en", version=2)
    assert new.published_by == admin_user and new.body.endswith("Changed.")
    old.refresh_from_db()
    assert not old.body.endswith("Changed.") and Consent.objects.filter(notice=old).exists()
    assert client.post(f"/django-admin/onboarding/noticeversion/{old.pk}/change/", {"title": "x"}).status_code == 403
    assert AuditEvent.objects.filter(action="notice_published", actor=admin_user).exists()


def test_assisted_consent_records_the_operator_beside_the_customer(case: Case, operator: User) -> None:
    Case.objects.filter(pk=case.pk).update(channel=Case.Channel.ASSISTED, operator=operator)
    case.refresh_from_db()

    _consent_all(case)

    rows = Consent.objects.filter(case=case)
    assert {r.channel for r in rows} == {Case.Channel.ASSISTED}
    assert {r.operator_id for r in rows} == {operator.pk} and {r.subject_id for r in rows} == {case.applicant_id}


def test_consent_page_says_when_no_outside_company_reads_the_documents(  # type: ignore[no-untyped-def]
    client: Client, case: Case, settings
) -> None:
    client.force_login(case.applicant)
    url = f"/onboarding/{case.public_id}/consent/"
    settings.OCR_PROVIDER_ORDER = {"id_card": ["local"], "credit_card": ["local"], "business_registration": ["local"]}
    local_only = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    settings.OCR_PROVIDER_ORDER = {"id_card": ["nhn"], "credit_card": ["local"], "business_registration": ["local"]}
    with_nhn = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "no outside company receives them" in local_only and "NHN Cloud Corp." not in local_only
    assert "no outside company receives them" not in with_nhn
    assert "Consignee: NHN Cloud Corp." in with_nhn and "Providing OCR service" in with_nhn
