"""Browser tests run on transactional databases, whose flush wipes data-migration rows."""

from __future__ import annotations

import pytest

from tests.factories import publish_notice_texts


@pytest.fixture(autouse=True)
def published_notices() -> None:
    publish_notice_texts()
