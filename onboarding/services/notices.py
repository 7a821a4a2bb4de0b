"""Notice texts (PIPA consent notices and consignment notices): publishing versions and rendering them.

A notice version is immutable once published; publishing creates the next version. Consents point
at the exact version shown and keep the SHA-256 of its text, so an old consent stays provable.
"""

from __future__ import annotations

import hashlib
import re

from django.db import transaction
from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from onboarding.models import NoticeVersion, User

# Providers that run on our own servers: sending a document to them is not a consignment.
IN_HOUSE_PROVIDERS = frozenset({"local"})

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


def notice_text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def notice_publish(
    *, kind: str, language: str, title: str, body: str, provider: str = "", published_by: User | None = None
) -> NoticeVersion:
    """Publish the next version of a notice. Earlier versions and the consents pointing at them stay as they were."""
    current = (
        NoticeVersion.objects.select_for_update()
        .filter(kind=kind, provider=provider, language=language)
        .aggregate(latest=Max("version"))["latest"]
    )
    notice = NoticeVersion(
        kind=kind,
        provider=provider,
        language=language,
        version=(current or 0) + 1,
        title=title.strip(),
        body=body.strip().replace("\r\n", "\n"),
        published_by=published_by,
    )
    notice.sha256 = notice_text_hash(notice.shown_text())
    notice.save()
    return notice


def notice_render(notice: NoticeVersion) -> SafeString:
    """HTML of a notice body: lines become paragraphs or list items, **spans** become emphasis.

    The emphasis class is ≥ 20 % larger and underlined (provider-contracts.md §6.1).
    """
    html: list[str] = []
    in_list = False
    for raw_line in notice.body.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        text = _EMPHASIS.sub(r'<strong class="emphasis">\1</strong>', escape(line.removeprefix("- ")))
        if line.startswith("- "):
            if not in_list:
                html.append("<ul>")
                in_list = True
            html.append(f"<li>{text}</li>")
        else:
            if in_list:
                html.append("</ul>")
                in_list = False
            html.append(f"<p>{text}</p>")
    if in_list:
        html.append("</ul>")
    return mark_safe("".join(html))  # noqa: S308 — every piece of text was escaped above
