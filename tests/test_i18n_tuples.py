"""While leasedash/i18n/messages/ still holds `"key": (en, fr, nl)` modules, the gettext catalogs are written
from them by `python -m leasedash.i18n.messages`. This file goes with that folder."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from leasedash.i18n import catalog, catalogs
from leasedash.i18n.messages.__main__ import entries, main, merged

ROOT = Path(__file__).resolve().parent.parent
TUPLES = ROOT / "leasedash" / "i18n" / "messages"


def test_the_catalogs_hold_every_message_of_the_tuple_modules():
    """Else: run `python -m leasedash.i18n.messages`."""
    for index, lang in enumerate(catalogs.LANGUAGES):
        texts = catalog(lang)
        for key, languages in merged().items():
            assert texts.get(key) == languages[index], f"{lang}: {key}: run `python -m leasedash.i18n.messages`"


def test_the_conversion_changes_nothing_the_second_time(tmp_path):
    locale = Path(shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale"))
    main(locale)
    assert main(locale) == []
    assert len(catalogs.read(catalogs.template_path(locale))) == len(entries(merged()))


def _imported(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield from (f"{node.module}.{a.name}" for a in node.names)


def test_nothing_at_run_time_imports_the_tuple_modules():
    """So that the folder can be deleted once the catalogs are the only source."""
    for path in (ROOT / "leasedash").rglob("*.py"):
        if TUPLES not in path.parents:
            assert not any(m.startswith("leasedash.i18n.messages") for m in _imported(path)), path
