"""Version 1 of every notice text, in Korean and English. Later versions are published by admins."""

import hashlib

from django.db import migrations

NOTICES = [
    (
        "collection",
        "",
        "ko",
        "[필수] 개인정보 수집·이용 동의",
        "- 수집·이용 목적: 비대면 본인확인(KYC)과 계좌 개설·가입 심사, 신분증 진위확인, 사업자 상태 확인\n"
        "- 수집 항목: 성명, 생년월일, 주소, 신분증 사본 이미지, 신분증 종류·발급일자; 사업자: 사업자등록번호, 상호, "
        "대표자명, 개업일자, 사업장 소재지; 카드(선택): 마스킹된 카드번호(끝 4자리), 유효기간\n"
        "- **보유·이용 기간: 목적 달성 시 지체 없이 파기합니다. 다만 법령이 보존을 요구하는 기록(예: 고객확인 기록, "
        "거래관계 종료 후 5년)은 그 기간 동안 보관합니다.**\n"
        "- **동의를 거부할 권리가 있습니다. 다만 거부하시면 비대면 가입이 불가하며, 영업점에서 가입하실 수 있습니다.**",
    ),
    (
        "collection",
        "",
        "en",
        "[Required] Consent to the collection and use of personal data",
        "- Purpose: verifying your identity online (KYC) to open your account, checking that your ID is genuine, and "
        "checking a business's status.\n"
        "- Items collected: name, date of birth, address, the image of your ID, the ID's type and issue date; for a "
        "business: registration number, company name, representative, start date, business address; for a card "
        "(optional): the masked card number (last four digits) and expiry date.\n"
        "- **Retention: destroyed without delay once the purpose is met, except records a law requires us to keep "
        "(for example customer due diligence records, 5 years after the relationship ends), kept for that period.**\n"
        "- **You have the right to refuse. If you refuse, online onboarding is not possible; you can onboard at a "
        "branch instead.**",
    ),
    (
        "unique_identifiers",
        "",
        "ko",
        "[필수] 고유식별정보 처리 동의",
        "- **처리하는 고유식별정보: 주민등록번호, 운전면허번호, 여권번호, 외국인등록번호 (제출하신 신분증에 적힌 것)**\n"
        "- 처리 목적: 본인확인 및 신분증 진위확인\n"
        "- 안전성 확보: 암호화하여 저장하고, 화면에는 가려서 표시합니다.\n"
        "- **보유·이용 기간: 위 개인정보 수집·이용 동의와 같습니다.**\n"
        "- **동의를 거부할 수 있습니다. 거부하시면 신분증을 온라인으로 확인할 수 없어 비대면 가입이 불가합니다.**",
    ),
    (
        "unique_identifiers",
        "",
        "en",
        "[Required] Separate consent to the processing of unique identifiers",
        "- **Unique identifiers processed: resident registration number, driver's licence number, passport number, "
        "alien registration number (as printed on the ID you upload).**\n"
        "- Purpose: verifying your identity and checking that your ID is genuine.\n"
        "- Safeguards: stored encrypted and shown masked.\n"
        "- **Retention: as for the collection and use of personal data above.**\n"
        "- **You may refuse. If you refuse, we cannot check your ID online, so online onboarding is not possible.**",
    ),
    (
        "payment_card",
        "",
        "ko",
        "[선택] 결제 카드 정보 수집·이용 동의",
        "- 수집·이용 목적: 결제 수단(신용카드) 등록\n"
        "- 수집 항목: 마스킹된 카드번호(끝 4자리), 유효기간, 소유자명. 전체 카드번호와 카드 사진은 저장하지 않습니다.\n"
        "- **보유·이용 기간: 카드를 삭제하거나 탈퇴할 때까지**\n"
        "- **선택 항목입니다. 동의하지 않으셔도 가입할 수 있으며, 이 경우 카드를 등록할 수 없습니다.**",
    ),
    (
        "payment_card",
        "",
        "en",
        "[Optional] Consent to the collection and use of payment card data",
        "- Purpose: registering a credit card as your payment method.\n"
        "- Items: the masked card number (last four digits), expiry date and cardholder name. The full card number and "
        "the card picture are never stored.\n"
        "- **Retention: until you remove the card or close your account.**\n"
        "- **This item is optional. You can complete onboarding without it; you just cannot add a card.**",
    ),
    (
        "consignment",
        "nhn",
        "ko",
        "개인정보 처리 위탁 안내: 엔에이치엔클라우드㈜",
        "- **수탁자: 엔에이치엔클라우드㈜ (NHN Cloud Corp.)**\n"
        "- **위탁 업무 내용: OCR 서비스 제공**\n"
        "- 제출하신 문서 이미지는 문서를 판독하기 위해서만 수탁자에게 전송됩니다.",
    ),
    (
        "consignment",
        "nhn",
        "en",
        "Consignment notice: NHN Cloud Corp.",
        "- **Consignee: NHN Cloud Corp.**\n"
        "- **Consignment description: Providing OCR service**\n"
        "- The images of your documents are sent to the consignee only to read them.",
    ),
    (
        "consignment",
        "clova",
        "ko",
        "개인정보 처리 위탁 안내: 네이버클라우드㈜",
        "- **수탁자: 네이버클라우드㈜ (NAVER Cloud Corp.)**\n"
        "- **위탁 업무 내용: CLOVA OCR 제공**\n"
        "- 제출하신 문서 이미지는 문서를 판독하기 위해서만 수탁자에게 전송됩니다.",
    ),
    (
        "consignment",
        "clova",
        "en",
        "Consignment notice: NAVER Cloud Corp.",
        "- **Consignee: NAVER Cloud Corp.**\n"
        "- **Consignment description: Providing CLOVA OCR**\n"
        "- The images of your documents are sent to the consignee only to read them.",
    ),
]


def publish(apps, schema_editor):
    NoticeVersion = apps.get_model("onboarding", "NoticeVersion")
    for kind, provider, language, title, body in NOTICES:
        if NoticeVersion.objects.filter(kind=kind, provider=provider, language=language).exists():
            continue
        shown = f"{title}\n\n{body}"
        NoticeVersion.objects.create(
            kind=kind,
            provider=provider,
            language=language,
            version=1,
            title=title,
            body=body,
            sha256=hashlib.sha256(shown.encode("utf-8")).hexdigest(),
        )


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0003_consents_documents_fields")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
