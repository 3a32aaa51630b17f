"""Every refusal a page can show is a catalog message (issue 15, item 6): each InvalidInput raised in leasedash names
a code whose message exists in English, French and Dutch, so `refusal_message` never falls back to the English reason
("Refusé : say what is disputed…"). The JSON documents of the API and the CLI (a return document, a scenario, a
batch of readings) are refused naming a JSON path for a program to read; they are left out."""

from __future__ import annotations

import ast

import pytest

from leasedash.errors import InvalidInput
from leasedash.i18n import catalog
from leasedash.state import refusal_message
from tests.conftest import ROOT

REFUSALS = {"InvalidInput", "LeaseInputError"}
DOCUMENT_PARSERS = {"leasedash/domain/return_document.py", "leasedash/domain/scenario.py", "leasedash/services/odometer_import.py",
                    "leasedash/services/return_documents.py", "leasedash/api/app.py"}
PREFIXES = ("error.", "whatif.error.", "gridproblem.")


def refusals() -> list[tuple[str, int, ast.expr | None]]:
    """(file, line, the code given) of every InvalidInput built in leasedash."""
    found = []
    for path in sorted((ROOT / "leasedash").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name in DOCUMENT_PARSERS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSALS:
                code = next((k.value for k in node.keywords if k.arg == "code"), node.args[2] if len(node.args) > 2 else None)
                found.append((name, node.lineno, code))
    return found


def test_every_refusal_names_a_translated_message():
    english, french, dutch = catalog("en"), catalog("fr"), catalog("nl")
    missing = []
    for name, line, code in refusals():
        if code is None:
            missing.append(f"{name}:{line}: no code")
        elif isinstance(code, ast.Constant):
            keys = [prefix + code.value for prefix in PREFIXES if prefix + code.value in english]
            if not keys or any(key not in french or key not in dutch for key in keys):
                missing.append(f"{name}:{line}: no message for the code {code.value!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang, expected", [("fr", "Dites ce qui est contesté (au moins 5 caractères)."),
                                            ("nl", "Zeg wat u betwist (minstens 5 tekens).")])
def test_the_disputed_inspection_of_the_issue_reads_in_french_and_dutch(lang, expected):
    from leasedash.services.inspections import _reason

    with pytest.raises(InvalidInput) as refused:
        _reason("no", "what is disputed", "inspection_reason_dispute")
    assert refusal_message(refused.value, lang) == expected


def test_every_drop_zone_says_why_it_refused_a_file_in_the_readers_language():
    """Without `on_drop_rejected`, Reflex answers a file of the wrong type or size with a toast in English."""
    silent = []
    for path in sorted((ROOT / "leasedash").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            keywords = {k.arg for k in node.keywords} if isinstance(node, ast.Call) else set()
            if (isinstance(node, ast.Call) and ast.unparse(node.func) in ("rx.upload", "named_upload")
                    and "on_drop_rejected" not in keywords and None not in keywords):  # None: **props handed on
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not silent, silent
