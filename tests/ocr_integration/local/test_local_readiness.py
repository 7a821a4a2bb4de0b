"""Start-up check of the embedded engine: Tesseract's Korean data must be installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ocr_integration.errors import OcrConfigurationError
from ocr_integration.local import engines, syllables
from ocr_integration.local.engines import INSTALL_COMMAND
from ocr_integration.local.provider import LocalOcrProvider


def _tessdata(tmp_path: Path, langs: list[str]) -> Path:
    """A data folder like a Tesseract install with ``langs`` (the check looks at the file names)."""
    for lang in langs:
        (tmp_path / f"{lang}.traineddata").write_bytes(b"")
    return tmp_path


def test_check_ready_names_the_install_command_when_tesseract_data_is_missing(settings: Any, tmp_path: Path) -> None:
    settings.OCR_TESSDATA_DIR = str(tmp_path / "no-such-tessdata")

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert "apt-get install -y tesseract-ocr tesseract-ocr-kor tesseract-ocr-script-hang" in str(exc.value)
    assert exc.value.code == "tesseract_missing"


def test_check_ready_names_the_install_command_when_korean_data_is_missing(settings: Any, tmp_path: Path) -> None:
    settings.OCR_TESSDATA_DIR = str(_tessdata(tmp_path, ["eng", "osd", "Hangul"]))

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert INSTALL_COMMAND in str(exc.value)
    assert exc.value.code == "tesseract_kor_missing"


def test_check_ready_names_the_install_command_when_the_hangul_script_model_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    """The second reader that checks Korean values is part of the engine, not an option."""
    settings.OCR_TESSDATA_DIR = str(_tessdata(tmp_path, ["eng", "kor", "osd"]))

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert "tesseract-ocr-script-hang" in str(exc.value)
    assert exc.value.code == "tesseract_hangul_missing"


def test_unreadable_language_data_fails_with_the_install_command(settings: Any, tmp_path: Path) -> None:
    """Files that are there but are no Tesseract model: the reader says so instead of crashing."""
    settings.OCR_TESSDATA_DIR = str(_tessdata(tmp_path, ["eng", "kor", "Hangul"]))

    with pytest.raises(OcrConfigurationError) as exc:
        engines.read_lines_tesseract([np.full((20, 60, 3), 255, np.uint8)], lang="eng")

    assert INSTALL_COMMAND in str(exc.value)
    assert exc.value.code == "tesseract_broken"


def test_check_ready_passes_on_this_machine() -> None:
    LocalOcrProvider().check_ready()


@pytest.mark.parametrize(
    ("content", "code"), [(None, "syllable_model_missing"), (b"not a model", "syllable_model_broken")]
)
def test_check_ready_says_how_to_restore_a_missing_or_broken_syllable_model(
    settings: Any, tmp_path: Path, content: bytes | None, code: str
) -> None:
    model = tmp_path / "hangul_syllables.onnx"
    if content is not None:
        model.write_bytes(content)
    settings.OCR_SYLLABLE_MODEL = str(model)

    with pytest.raises(OcrConfigurationError) as exc:
        LocalOcrProvider().check_ready()

    assert exc.value.code == code
    assert "make train-syllables" in str(exc.value)


def test_check_ready_loads_the_shipped_syllable_model() -> None:
    LocalOcrProvider().check_ready()
    assert syllables.model_path() == syllables.MODEL_PATH and syllables.MODEL_PATH.is_file()
