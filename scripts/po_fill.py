"""Fill Korean msgstrs in locale/ko/LC_MESSAGES/django.po from locale/ko/translations.json.

Workflow: `manage.py makemessages -l ko ...`, add the new English strings with their Korean to
translations.json, run this, then `make messages` compiles. Untranslated strings are listed.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
po_path = ROOT / "locale/ko/LC_MESSAGES/django.po"
table = json.loads((ROOT / "locale/ko/translations.json").read_text(encoding="utf-8"))
po = polib.pofile(str(po_path))
missing = []
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid in table:
        entry.msgstr = table[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    elif not entry.msgstr:
        missing.append(entry.msgid)
po.metadata["Language"] = "ko"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
po.save(str(po_path))
for m in missing:
    print("untranslated:", m[:100])
sys.exit(1 if missing and "--strict" in sys.argv else 0)
