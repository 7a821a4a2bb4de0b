"""``python manage.py analyze_document --provider P --kind K FILE... [--json] [--reveal]``.

Prints one normalised result per file, in input order; with ``--json`` one JSON object per line
(the fields.md result shape plus ``file``). Sensitive values are masked unless ``--reveal``. A file
that cannot be read gives an ``error`` object on its line and the command exits with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocr_integration.errors import OcrError
from ocr_integration.registry import get_provider
from ocr_integration.types import KINDS, DocumentResult


class Command(BaseCommand):
    help = "Read documents with one OCR provider and print the normalised results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider", required=True, choices=("local", "nhn", "clova"))
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--subtype", default=None, help="optional hint, e.g. driver or passport")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--reveal", action="store_true", help="print sensitive values unmasked")
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            provider = get_provider(options["provider"])
        except OcrError as exc:
            raise CommandError(f"provider {options['provider']} is not usable: {exc}") from exc
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self._error(name, "file", str(exc.strerror or exc), options["json"])
                failed += 1
                continue
            try:
                result = provider.analyze(options["kind"], data, filename=path.name, subtype=options["subtype"])
            except OcrError as exc:
                self._error(name, exc.code or type(exc).__name__, exc.user_message, options["json"], exc.provider)
                failed += 1
                continue
            self._print(name, result, as_json=options["json"], reveal=options["reveal"])
        if failed:
            sys.exit(1)

    def _print(self, name: str, result: DocumentResult, *, as_json: bool, reveal: bool) -> None:
        data = result.to_dict(reveal=reveal)
        if as_json:
            self.stdout.write(json.dumps({"file": name, **data}, ensure_ascii=False))
            return
        image = data["image"]
        self.stdout.write(
            f"{name}: {data['kind']}/{data['subtype'] or '-'} via {data['provider']} "
            f"({image['width']}x{image['height']} {image['unit']}, resolution {data['resolution']})"
        )
        for f in data["fields"]:
            flag = "  REVIEW" if f["needs_review"] else ""
            self.stdout.write(f"  {f['label']} [{f['key']}]: {f['value']}  ({f['confidence']:.2f}){flag}")

    def _error(self, name: str, code: str, message: str, as_json: bool, provider: str = "") -> None:
        if as_json:
            error = {"code": code, "provider": provider, "message": message}
            self.stdout.write(json.dumps({"file": name, "error": error}, ensure_ascii=False))
        else:
            self.stderr.write(f"{name}: failed ({provider or '-'} {code}): {message}")
