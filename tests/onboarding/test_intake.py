"""Upload intake: bad files are refused with a reason and leave nothing behind; good ones are normalised."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import translation
from PIL import Image

from onboarding.models import AuditEvent, Case, Document
from onboarding.selectors import notices_for_case
from onboarding.services.consents import consent_record
from onboarding.services.documents import document_purge
from tests.docgen import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(case: Case) -> Case:
    notices = notices_for_case(case=case, language="en")
    consent_record(case=case, notices=notices, checked_ids={n.pk for n in notices}, actor=case.applicant)
    return case


@pytest.fixture
def business(consented: Case) -> Case:
    consented.flow = Case.Flow.BUSINESS
    consented.save(update_fields=["flow"])
    return consented


def _stored_files() -> set[str]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _upload(client: Client, case: Case, kind: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    client.force_login(case.applicant)
    return client.post(
        f"/onboarding/{case.public_id}/capture/{kind}/",
        {"file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _jpeg(size: tuple[int, int] = (900, 570), mode: str = "RGB", **save: object) -> bytes:
    image = Image.new(mode, size, "white" if mode == "RGB" else (0, 0, 0, 0))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90, **save)
    return buf.getvalue()


def _png_bomb(side: int = 30_000) -> bytes:
    """A real 30000×30000 PNG (1-bit, all zero), small on disk: a pixel flood / decompression bomb."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    row = b"\x00" * (1 + side // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (1240, 1754), "white") for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


def _animated_gif() -> bytes:
    frames = [Image.new("P", (800, 500), i) for i in (1, 2, 3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buf.getvalue()


BAD_FILES = [
    pytest.param(
        "id_card",
        "passport.jpg",
        lambda: b"This is a text file, not a photo.\n" * 20,
        "not a picture",
        id="text-as-jpg",
    ),
    pytest.param("id_card", "empty.jpg", lambda: b"", "The file is empty", id="empty"),
    pytest.param("id_card", "cut.jpg", lambda: _jpeg()[:1500], "damaged or incomplete", id="truncated-jpeg"),
    pytest.param("id_card", "huge.png", _png_bomb, "too many pixels", id="30000x30000-png"),
    pytest.param(
        "id_card", "big.jpg", lambda: _jpeg() + os.urandom(5 * 1024 * 1024), "larger than 5 MB", id="over-the-limit"
    ),
    pytest.param(
        "id_card", "anim.gif", _animated_gif, "GIF pictures (and animations) are not accepted", id="animated-gif"
    ),
    pytest.param("id_card", "id.pdf", lambda: _pdf(1), "only for the business registration", id="pdf-for-an-id"),
]


@pytest.mark.parametrize(("kind", "name", "make", "message"), BAD_FILES)
def test_bad_file_is_refused_with_a_reason_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    client: Client, consented: Case, kind: str, name: str, make, message: str
) -> None:
    before = _stored_files()

    response = _upload(client, consented, kind, name, make())

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action="document_uploaded").exists()
    assert _stored_files() == before
    # The refusal is counted for the capture-rejection metric, by code only.
    rejection = AuditEvent.objects.get(action="capture_rejected")
    assert rejection.detail["kind"] == kind and rejection.detail["code"]


def test_multi_page_pdf_certificate_is_refused(client: Client, business: Case) -> None:
    before = _stored_files()

    response = _upload(client, business, "business_registration", "cert.pdf", _pdf(2))

    assert response.status_code == 400
    assert "more than one page" in response.content.decode()
    assert not Document.objects.exists() and _stored_files() == before


@pytest.mark.parametrize("before", [b"", b"\r\n\xef\xbb\xbf"], ids=["header-first", "bytes-before-the-header"])
def test_single_page_pdf_certificate_is_accepted_and_kept_as_a_picture(
    client: Client, business: Case, before: bytes
) -> None:
    # A few bytes before the header (a line break, a byte-order mark) are allowed by PDF readers
    # and by the local engine; intake refused such a file as "not a picture we can read".
    response = _upload(client, business, "business_registration", "cert.pdf", before + _pdf(1))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.source_format == "pdf" and document.stored_format == "png"
    with default_storage.open(document.original_name) as fh:
        assert fh.read().startswith(b"\x89PNG"), "the PDF itself is never stored"


@pytest.mark.slow
def test_a_pdf_certificate_is_read_from_its_text_layer_kept_encrypted_until_purged(  # type: ignore[no-untyped-def]
    client: Client, business: Case, django_capture_on_commit_callbacks, caplog
) -> None:
    # As Hometax issues it online: a PDF whose text is text. The PDF is not kept, its text is.
    cert = generate("business_registration", "individual", 3, text_layer=True)
    name = cert.truth["company_name"]

    with django_capture_on_commit_callbacks(execute=True), caplog.at_level("INFO"):
        response = _upload(client, business, "business_registration", "cert.pdf", cert.data)

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.state == Document.State.READY and document.stored_format == "png"
    assert "from the text layer" in caplog.text
    values = {f.key: f.value for f in document.fields.all()}
    for key in ("business_number", "company_name", "representative_name", "open_date", "business_address"):
        assert values[key] == cert.truth[key], key
    assert name in document.text_layer
    with connection.cursor() as cur:
        cur.execute("SELECT text_layer FROM onboarding_document")
        assert name not in repr(cur.fetchall()), "encrypted at rest"
    assert name not in caplog.text

    document_purge(document=document, actor=None, reason="test")
    assert Document.objects.get().text_layer == ""


def test_cmyk_jpeg_is_accepted_and_converted_to_rgb(client: Client, consented: Case) -> None:
    cmyk = Image.new("CMYK", (900, 570), (0, 255, 255, 0))  # pure red in CMYK
    buf = io.BytesIO()
    cmyk.save(buf, format="JPEG", quality=95)

    response = _upload(client, consented, "id_card", "cmyk.jpg", buf.getvalue())

    assert response.status_code == 302
    document = Document.objects.get()
    with default_storage.open(document.original_name) as fh, Image.open(fh) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB"
        r, g, b = stored.getpixel((450, 285))
        assert r > 200 and g < 60 and b < 60
    consented.refresh_from_db()
    assert consented.state == Case.State.COLLECTING


def test_a_sixteen_bit_greyscale_scan_is_stored_as_it_looks(client: Client, consented: Case) -> None:
    grey = np.full((570, 900), 200 * 257, np.uint16)  # light grey paper
    grey[200:300, 100:800] = 30 * 257  # a dark band of print
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, format="PNG")  # mode I;16

    response = _upload(client, consented, "id_card", "scan.png", buf.getvalue())

    assert response.status_code == 302
    with default_storage.open(Document.objects.get().original_name) as fh, Image.open(fh) as stored:
        assert abs(stored.convert("L").getpixel((450, 100)) - 200) <= 2, "the paper is not clipped to white"
        assert abs(stored.convert("L").getpixel((450, 250)) - 30) <= 2


def test_print_on_a_transparent_page_is_stored_on_white(client: Client, consented: Case) -> None:
    rgba = Image.new("RGBA", (900, 570), (0, 0, 0, 0))  # black, but wholly transparent
    rgba.paste((0, 0, 0, 255), (100, 200, 800, 300))  # opaque print
    buf = io.BytesIO()
    rgba.save(buf, format="PNG")

    response = _upload(client, consented, "id_card", "export.png", buf.getvalue())

    assert response.status_code == 302
    with default_storage.open(Document.objects.get().original_name) as fh, Image.open(fh) as stored:
        assert stored.convert("L").getpixel((450, 100)) > 250
        assert stored.convert("L").getpixel((450, 250)) < 5


def test_exif_rotated_photo_is_stored_upright_without_metadata(client: Client, consented: Case) -> None:
    upright = Image.new("RGB", (900, 570), "blue")
    upright.paste((255, 0, 0), (0, 0, 900, 100))  # a red band along the top edge
    # The camera stored the pixels turned on their side and an EXIF tag saying how to turn them back.
    sideways = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {2: (37.0, 33.0, 0.0)}  # a GPS position that must not survive
    buf = io.BytesIO()
    sideways.save(buf, format="JPEG", quality=95, exif=exif)

    response = _upload(client, consented, "id_card", "photo.jpg", buf.getvalue())

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.width, document.height) == (900, 570)
    with default_storage.open(document.original_name) as fh, Image.open(fh) as stored:
        assert stored.size == (900, 570)
        assert stored.getpixel((450, 40))[0] > 200, "the red band is at the top: the picture is upright"
        assert stored.getpixel((450, 400))[2] > 200
        assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info


def test_stored_original_is_encrypted_under_a_random_name(client: Client, consented: Case) -> None:
    _upload(client, consented, "id_card", "../../etc/passwd.jpg", _jpeg())

    document = Document.objects.get()
    assert "passwd" not in document.original_name and document.original_name.endswith(".bin")
    raw = default_storage.read_raw(document.original_name)  # type: ignore[attr-defined]
    assert not raw.startswith(b"\xff\xd8")


def test_nothing_can_be_uploaded_before_consent(client: Client, case: Case) -> None:
    before = _stored_files()

    response = _upload(client, case, "id_card", "id.jpg", _jpeg())

    assert response.status_code == 302 and response["Location"] == f"/onboarding/{case.public_id}/"
    assert not Document.objects.exists() and _stored_files() == before


def test_another_customer_cannot_upload_to_my_case(client: Client, consented: Case, other_customer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(other_customer)
    response = client.post(
        f"/onboarding/{consented.public_id}/capture/id_card/", {"file": SimpleUploadedFile("id.jpg", _jpeg())}
    )
    assert response.status_code == 404 and not Document.objects.exists()


def _card_picture() -> Image.Image:
    from tests.docgen import specimen

    return specimen("id_card", "resident", 0).image.convert("RGB")


def test_a_good_capture_has_no_quality_issues() -> None:
    from onboarding.services.quality import quality_report

    assert quality_report(image=_card_picture(), kind="id_card")["issues"] == []


def test_quality_report_finds_each_problem_with_specific_advice() -> None:
    from PIL import ImageDraw, ImageEnhance, ImageFilter

    from onboarding.services.quality import quality_advice, quality_report

    card = _card_picture()
    small = card.resize((600, 378))
    blurred = card.filter(ImageFilter.GaussianBlur(5))
    far = Image.new("RGB", (2400, 1800), (70, 60, 50))
    far.paste(card.resize((card.width // 3, card.height // 3)), (1000, 800))
    # Under room light a card photographs mid-grey; the flash leaves a blown-out spot on it.
    glared = ImageEnhance.Brightness(card).enhance(0.75)
    glow = Image.new("L", card.size, 0)
    ImageDraw.Draw(glow).ellipse((500, 250, 700, 400), fill=255)
    glared.paste((255, 255, 255), mask=glow.filter(ImageFilter.GaussianBlur(8)))

    assert "low_resolution" in quality_report(image=small, kind="id_card")["issues"]
    assert "blurry" in quality_report(image=blurred, kind="id_card")["issues"]
    assert "too_small" in quality_report(image=far, kind="id_card")["issues"]
    report = quality_report(image=glared, kind="id_card")
    assert report["issues"] == ["glare"]
    with translation.override("en"):
        advice = quality_advice(quality_report(image=small, kind="id_card"))
    assert "760 × 480" in advice[0]["advice"] and "Move closer" in advice[0]["advice"]
    assert quality_report(image=card.resize((1000, 630)), kind="business_registration")["resolution"] == "low"


def test_captures_per_case_are_capped(client: Client, consented: Case) -> None:
    from onboarding.services.documents import MAX_CAPTURES_PER_CASE

    for _ in range(MAX_CAPTURES_PER_CASE):
        assert _upload(client, consented, "id_card", "id.jpg", _jpeg()).status_code == 302
    before = _stored_files()

    response = _upload(client, consented, "id_card", "id.jpg", _jpeg())

    assert response.status_code == 400 and "contact support" in response.content.decode()
    assert Document.objects.count() == MAX_CAPTURES_PER_CASE and _stored_files() == before
