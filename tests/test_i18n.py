"""Every string of the UI exists in English, French and Dutch, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from leasedash.i18n.translations import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
# Words that are the same in French as in English, checked by hand.
SAME_IN_FRENCH = {"grid.total", "common.contract", "home.contracts", "inspect.acceptable", "inspect.date", "inspect.kind", "inspect.photos",
                  "inspect.total", "method.smart_repair", "returns.inspection", "fuel.diesel", "offers.budget", "offers.kind.option", "offers.kind.pack",
                  "offers.of_budget", "offers.promotions", "plan.segments"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_in_three_languages_with_the_same_placeholders():
    for key, (en, fr, nl) in MESSAGES.items():
        assert en and fr and nl, key
        assert _fields(en) == _fields(fr) == _fields(nl), key


def test_no_english_left_on_a_french_page():
    same = {key for key, (en, fr, _) in MESSAGES.items() if en == fr}
    assert same <= SAME_IN_FRENCH, sorted(same - SAME_IN_FRENCH)


def test_every_code_the_domain_raises_has_a_message():
    sources = "".join(p.read_text() for p in (ROOT / "leasedash").rglob("*.py"))
    problem_codes = set(re.findall(r'code="([a-z_]+)"', sources))
    for code in problem_codes:
        assert any(f"{prefix}.{code}" in MESSAGES for prefix in ("gridproblem", "whatif.error", "error")), code
