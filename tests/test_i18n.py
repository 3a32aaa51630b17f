"""Every string leasedash shows, prints or e-mails comes from the gettext catalogs (leasedash/i18n/locale) and
exists in English, French and Dutch with the same placeholders and every plural form."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from leasedash.domain import simulate_document
from leasedash.i18n import catalog, catalogs, plural, translate

ROOT = Path(__file__).resolve().parent.parent
LEASEDASH = str(Path(sys.executable).parent / "leasedash")
# Messages whose French is the English, checked by hand.
SAME_IN_FRENCH = {"grid.total", "common.contract", "home.contracts", "inspect.acceptable", "inspect.date", "inspect.kind", "inspect.photos",
                  "inspect.total", "method.smart_repair", "returns.inspection", "fuel.diesel", "offers.budget", "offers.kind.option", "offers.kind.pack",
                  "offers.of_budget", "offers.promotions", "plan.segments"}


def test_the_catalogs_are_complete_and_consistent():
    assert catalogs.check() == []


@pytest.fixture
def locale(tmp_path) -> Path:
    """A copy of the catalogs to break."""
    return Path(shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale"))


def _break(locale: Path, lang: str, key: str, change) -> None:
    po = catalogs.read(catalogs.po_path(lang, locale))
    message = next(m for m in po if m.context == key)
    change(po, message)
    catalogs.save(po, catalogs.po_path(lang, locale))
    catalogs.compile_all(locale)


def _drop(po, message):
    po.delete(message.id, message.context)


def _empty(po, message):
    message.string = ""


def _rename_placeholder(po, message):
    message.string = message.string.replace("{detail}", "{details}")


def _one_form_only(po, message):
    message.string = (message.string[0], "")


def _fuzzy(po, message):
    message.flags.add("fuzzy")


@pytest.mark.parametrize("lang, key, change, problem", [
    ("fr", "common.save", _drop, "fr: common.save: missing"),
    ("nl", "common.cancel", _empty, "nl: common.cancel: not translated"),
    ("fr", "common.error", _rename_placeholder, "fr: common.error: placeholders ['details'], the English has"),
    ("nl", "explain.months", _one_form_only, "nl: explain.months: a plural form is empty"),
    ("nl", "common.save", _fuzzy, "nl: common.save: fuzzy"),
])
def test_check_fails_on_a_broken_catalog(locale, lang, key, change, problem):
    assert catalogs.check(locale) == []
    _break(locale, lang, key, change)
    assert any(p.startswith(problem) for p in catalogs.check(locale)), catalogs.check(locale)


CLDR_FRENCH = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2"


def test_check_fails_on_other_plural_forms(locale):
    po = catalogs.po_path("fr", locale)
    po.write_text(po.read_text().replace("nplurals=2; plural=(n > 1);", f"{CLDR_FRENCH};"))
    catalogs.compile_all(locale)
    problems = catalogs.check(locale)
    assert f"fr: Plural-Forms is {CLDR_FRENCH};, not nplurals=2; plural=(n > 1);" in problems
    assert "fr: explain.months: a plural form is empty" in problems


def test_check_fails_on_a_stale_compiled_catalog_or_template(locale):
    french = catalogs.po_path("fr", locale)
    french.write_text(french.read_text().replace('"Enregistrer"', '"Sauver"'))
    assert catalogs.check(locale) == ["fr: messages.mo is not compiled from messages.po (run `leasedash i18n compile`)"]
    catalogs.compile_all(locale)
    english = catalogs.po_path("en", locale)
    english.write_text(english.read_text() + '\nmsgctxt "common.new"\nmsgid "Brand new"\nmsgstr ""\n')
    assert "en: common.new: not in messages.pot (run `leasedash i18n update`)" in catalogs.check(locale)


def test_update_brings_a_new_english_message_to_every_language_untranslated(locale):
    english = catalogs.po_path("en", locale)
    english.write_text(english.read_text() + '\nmsgctxt "common.new"\nmsgid "Brand new {name}"\nmsgstr ""\n')
    written = catalogs.update(locale)
    assert {catalogs.template_path(locale), *(catalogs.po_path(lang, locale) for lang in ("fr", "nl"))} <= set(written)
    catalogs.compile_all(locale)
    assert set(catalogs.check(locale)) == {"fr: common.new: not translated", "nl: common.new: not translated"}
    assert catalogs.update(locale) == [] and catalogs.compile_all(locale) == []


def test_a_missing_or_stale_compiled_catalog_is_compiled_on_demand(locale):
    mo = catalogs.mo_path("nl", locale)
    expected = mo.read_bytes()
    mo.unlink()
    assert catalogs.compiled("nl", locale) == expected
    assert mo.read_bytes() == expected
    os.utime(mo, ns=(0, 0))
    assert catalogs.compiled("nl", locale) == expected
    assert mo.stat().st_mtime_ns > 0


def _french_of(message) -> list[tuple[str, str]]:
    english = message.id if isinstance(message.id, tuple) else (message.id,)
    french = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return list(zip(english, french))


def test_no_english_left_on_a_french_page():
    french = catalogs.read(catalogs.po_path("fr"))
    same = {m.context for m in french if m.id and any(en == fr for en, fr in _french_of(m))}
    assert same <= SAME_IN_FRENCH, sorted(same - SAME_IN_FRENCH)


def test_every_code_the_domain_raises_has_a_message():
    sources = "".join(p.read_text() for p in (ROOT / "leasedash").rglob("*.py"))
    problem_codes = set(re.findall(r'code="([a-z_]+)"', sources))
    english = catalog("en")
    for code in problem_codes:
        assert any(f"{prefix}.{code}" in english for prefix in ("gridproblem", "whatif.error", "error")), code


@pytest.mark.parametrize("lang, forms", [
    ("en", ["0 contracts", "1 contract", "2 contracts"]),
    ("fr", ["0 contrat", "1 contrat", "2 contrats"]),
    ("nl", ["0 contracten", "1 contract", "2 contracten"]),
])
def test_a_count_takes_the_plural_form_of_its_language(lang, forms):
    assert [plural("cli.contracts", n, lang) for n in (0, 1, 2)] == forms
    assert catalog(lang)["cli.contracts#one"].format(count=1) == forms[1]
    assert catalog(lang)["cli.contracts#other"].format(count=2) == forms[2]


def test_an_unknown_language_reads_english():
    assert catalog("de") == catalog("en")
    assert translate("common.error", "de", detail="x") == "Something went wrong: x"


def _early_return(at_month: int) -> dict:
    return {
        "product": {"name": "My Personal Lease", "kind": "fixed", "excess_km_rate": "0.06", "under_km_rate": "0.06",
                    "changes_allowed": False, "termination": "remaining_rents"},
        "contract": {"months": 12, "annual_km": 12000, "monthly_rent": "450.00"},
        "events": [{"type": "early_return", "at_month": at_month}],
    }


def test_explanations_come_from_the_catalogs_with_their_counts():
    step = simulate_document(_early_return(11)).steps[0]
    assert step.settlement == 450
    assert "the 1 remaining rent of €450.00" in step.explanations["en"]
    assert "soit 1 loyer restant de 450,00\xa0€" in step.explanations["fr"]
    assert "de 1 resterende termijn van €\xa0450,00" in step.explanations["nl"]
    assert "La voiture revient après 11 mois" in step.explanations["fr"]
    many = simulate_document(_early_return(9)).steps[0]
    assert "the 3 remaining rents of €450.00" in many.explanations["en"]
    assert "les 3 loyers restants de 450,00\xa0€" in many.explanations["fr"]


def test_only_the_readers_language_reaches_the_browser():
    from leasedash.state import AppState

    strings = AppState.computed_vars["tr"].fget(SimpleNamespace(lang="fr"))
    assert strings == catalog("fr")
    assert strings["common.save"] == "Enregistrer"
    assert not {"Save", "Opslaan"} & set(strings.values())


def test_the_cli_speaks_the_shell_language_or_its_lang_option():
    env = {**os.environ, "LANGUAGE": "fr"}
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([LEASEDASH, *args], capture_output=True, text=True, env=env, check=False)

    done = run("simulate", "/no/such/file.json")
    assert done.returncode == 2
    assert done.stderr == "leasedash: /no/such/file.json : fichier introuvable\n"
    done = run("simulate", "--lang", "nl", "/no/such/file.json")
    assert done.stderr == "leasedash: /no/such/file.json: bestand bestaat niet\n"
