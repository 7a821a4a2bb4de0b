"""``python manage.py ocr_emulator --port N``: run the NHN/CLOVA/NTS provider emulator."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault


class Command(BaseCommand):
    help = "Serve the NHN Cloud, CLOVA and NTS contracts locally (see docs/providers.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8099, help="port (0 picks a free one)")
        parser.add_argument(
            "--source",
            choices=("auto", "local", "fixtures"),
            default="auto",
            help="answer from the local OCR engine (auto: when installed) or from fixture documents",
        )
        parser.add_argument(
            "--fault",
            action="append",
            default=[],
            metavar="JSON",
            help='inject a fault for this run, e.g. \'{"target": "nhn", "status": 503, "times": 2}\' (repeatable)',
        )
        parser.add_argument(
            "--clova-concurrency", type=int, default=0, help="concurrent CLOVA requests allowed (0: unlimited)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = EmulatorServer(options["host"], options["port"], source=options["source"])
        try:
            for text in options["fault"]:
                server.state.add_fault(Fault.from_dict(json.loads(text)))
        except (ValueError, TypeError) as exc:
            raise CommandError(f"--fault: {exc}") from exc
        server.state.config.clova_concurrency = options["clova_concurrency"]
        url = server.url
        self.stdout.write(f"OCR provider emulator on {url} (answers from: {server.documents.mode})")
        self.stdout.write("Point the clients at it with:")
        self.stdout.write(f"  NHN_OCR_BASE_URL={url} NHN_OAUTH_BASE_URL={url} NHN_APPKEY=any")
        self.stdout.write("  NHN_API_VERSION=2.1 NHN_UAK_ID=emulator-uak-id NHN_UAK_SECRET=emulator-uak-secret")
        self.stdout.write("  (or NHN_API_VERSION=2.0 NHN_SECRET_KEY=emulator-secret)")
        self.stdout.write(f"  CLOVA_INVOKE_URL={server.clova_url} CLOVA_SECRET=emulator-secret")
        self.stdout.write(f"  NTS_BASE_URL={url} NTS_SERVICE_KEY=emulator-secret")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("stopped")
        finally:
            server.httpd.server_close()
