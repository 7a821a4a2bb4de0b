"""Monthly access review (개인정보 접속기록 점검): run it on the 1st for the month before, e.g. from cron.

manage.py access_review                # last month
manage.py access_review --month 2026-10 --csv findings.csv
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onboarding.review.access import access_review_rows, access_review_run


class Command(BaseCommand):
    help = "Build, sign and audit the monthly access review; print a summary and optionally write the findings as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: the previous month, Korean time)")
        parser.add_argument("--csv", help="write the findings to this CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["month"]:
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError("--month must look like 2026-10") from None
        else:
            first = timezone.localdate().replace(day=1)
            month = (first - dt.timedelta(days=1)).replace(day=1)
        report = access_review_run(month=month, actor=None)
        self.stdout.write(f"Access review {month:%Y-%m}: {report.events} staff events, {len(report.findings)} findings")
        for a in report.actors:
            self.stdout.write(
                f"  {a.actor}: case views {a.case_views}, image views {a.image_views}, reveals {a.reveals}, "
                f"exports {a.exports}, people {len(a.subjects)}"
            )
        for f in report.findings:
            self.stdout.write(f"  ! {f.kind} {f.actor} {f.at:%Y-%m-%d %H:%M} {f.case[:8]} x{f.count}")
        self.stdout.write(f"signature {report.signature}")
        if options["csv"]:
            with open(options["csv"], "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(access_review_rows(report))
