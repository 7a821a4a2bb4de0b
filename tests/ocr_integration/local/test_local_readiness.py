"""Start-up check of the embedded engine: Tesseract and its Korean data must be installed."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from ocr_integration.errors import OcrConfigurationError
from ocr_integration.local.engines import INSTALL_COMMAND
from ocr_integration.local.provider import LocalOcrProvider


def _fake_tesseract(tmp_path: Path, langs: list[str]) -> Path:
    """An executable that answers ``--list-langs`` like a Tesseract install with ``langs``."""
    script = tmp_path / "tesseract"
    listing = "\\n".join(langs)
    script.write_text(f"#!/bin/sh\nprintf 'List of available languages (2):\\n{listing}\\n'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_check_ready_names_the_install_command_when_tesseract_is_missing(settings: Any, tmp_path: Path) -> None:
    settings.OCR_TESSERACT_CMD = str(tmp_path / "no-such-tesseract")

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert "apt-get install -y tesseract-ocr tesseract-ocr-kor tesseract-ocr-script-hang" in str(exc.value)
    assert exc.value.code == "tesseract_missing"


def test_check_ready_names_the_install_command_when_korean_data_is_missing(settings: Any, tmp_path: Path) -> None:
    settings.OCR_TESSERACT_CMD = str(_fake_tesseract(tmp_path, ["eng", "osd", "Hangul"]))

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert INSTALL_COMMAND in str(exc.value)
    assert exc.value.code == "tesseract_kor_missing"


def test_check_ready_names_the_install_command_when_the_hangul_script_model_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    """The second reader that checks Korean values is part of the engine, not an option."""
    settings.OCR_TESSERACT_CMD = str(_fake_tesseract(tmp_path, ["eng", "kor", "osd"]))

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert "tesseract-ocr-script-hang" in str(exc.value)
    assert exc.value.code == "tesseract_hangul_missing"


def test_check_ready_passes_on_this_machine() -> None:
    LocalOcrProvider().check_ready()
