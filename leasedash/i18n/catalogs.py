"""The gettext catalogs of every string leasedash shows, prints or e-mails (Babel): locale/messages.pot and
locale/<lang>/LC_MESSAGES/messages.po, compiled to messages.mo. A message's key is its msgctxt and its English
its msgid (a msgid/msgid_plural pair for a counted one); the English catalog leaves msgstr empty, so the English
catalog is where a message is added or reworded. `leasedash i18n update|compile|check` keeps the rest in step."""

from __future__ import annotations

import datetime as dt
import io
import os
import string
from pathlib import Path

from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LANGUAGES = ("en", "fr", "nl")
SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_DOMAIN = "messages"
# Two forms in every language, gettext's classic rules (CLDR's French "many", "1 000 000 de mois", is not used).
PLURAL_FORMS = {"en": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);",
                "nl": "nplurals=2; plural=(n != 1);"}


def template_path(root: Path = LOCALE_DIR) -> Path:
    """messages.pot: every message's key and English."""
    return root / f"{_DOMAIN}.pot"


def po_path(lang: str, root: Path = LOCALE_DIR) -> Path:
    """The catalog of one language."""
    return root / lang / "LC_MESSAGES" / f"{_DOMAIN}.po"


def mo_path(lang: str, root: Path = LOCALE_DIR) -> Path:
    """The compiled catalog of one language."""
    return po_path(lang, root).with_suffix(".mo")


def read(path: Path) -> Catalog:
    """A .po or .pot file."""
    with path.open("rb") as file:
        return read_po(file)


def new_catalog(lang: str | None) -> Catalog:
    """An empty catalog for `lang` (None: the template), with that language's Plural-Forms."""
    catalog = Catalog(locale=lang, domain=_DOMAIN, project="leasedash", version="1", copyright_holder="leasedash",
                      msgid_bugs_address="-", last_translator="leasedash", language_team="leasedash",
                      charset="utf-8", fuzzy=False)
    if lang:
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[lang])]
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    for message in catalog:
        message.flags.discard("python-format")  # str.format templates; "10 % off" is no %-format
    buffer = io.BytesIO()
    write_po(buffer, catalog, ignore_obsolete=True, include_previous=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The catalog compiled (fuzzy and untranslated messages left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def save(catalog: Catalog, path: Path) -> bool:
    """Write a .po or .pot file unless it already says the same, dates aside; True when it was written."""
    if path.exists():
        old = read(path)
        catalog.creation_date, catalog.revision_date = old.creation_date, old.revision_date
        if _po_bytes(catalog) == path.read_bytes():
            return False
        catalog.revision_date = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    _write(path, _po_bytes(catalog))
    return True


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so that a reader never sees half a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def compiled(lang: str, root: Path = LOCALE_DIR) -> bytes:
    """The compiled catalog of `lang`; compiled again from its .po when the .mo is missing or older (and
    stored, unless the package is read-only)."""
    po, mo = po_path(lang, root), mo_path(lang, root)
    if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        return mo.read_bytes()
    data = mo_bytes(read(po))
    try:
        _write(mo, data)
    except OSError:
        pass  # an install the process may not write to: the catalog is used from memory
    return data


def update(root: Path = LOCALE_DIR) -> list[Path]:
    """Rebuild the template from the English catalog and merge every translation with it: a new message comes
    in untranslated, a reworded one is marked fuzzy, a removed one goes. Returns the files written."""
    template = new_catalog(None)
    for message in read(po_path(SOURCE, root)):
        if message.id:
            template.add(message.id, context=message.context, auto_comments=message.auto_comments)
    written = [template_path(root)] if save(template, template_path(root)) else []
    for lang in LANGUAGES:
        catalog = read(po_path(lang, root))
        catalog.update(template, update_creation_date=False)
        if save(catalog, po_path(lang, root)):
            written.append(po_path(lang, root))
    return written


def compile_all(root: Path = LOCALE_DIR) -> list[Path]:
    """Compile every .po whose .mo does not hold it yet. Returns the files written."""
    written = []
    for lang in LANGUAGES:
        data = mo_bytes(read(po_path(lang, root)))
        if not mo_path(lang, root).exists() or mo_path(lang, root).read_bytes() != data:
            _write(mo_path(lang, root), data)
            written.append(mo_path(lang, root))
    return written


def placeholder_names(text: str) -> set[str]:
    """The {names} a str.format template fills."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise TranslationError(f"broken placeholder: {exc}") from None


def same_placeholders(_catalog: Catalog | None, message: Message) -> None:
    """A checker in the manner of babel.messages.checkers for str.format messages: each form of a translation
    names exactly the {placeholders} of its English (of both English forms for a counted message)."""
    english = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    expected = set().union(*(placeholder_names(text) for text in english))
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    for form in forms:
        if form and placeholder_names(form) != expected:
            found = sorted(placeholder_names(form))
            raise TranslationError(f"placeholders {found}, the English has {sorted(expected)}")


def _message_problems(message: Message, translation: Message | None, catalog: Catalog, lang: str) -> list[str]:
    if translation is None:
        return ["missing"]
    problems = []
    for checker in (num_plurals, same_placeholders):
        try:
            checker(catalog, translation)
        except TranslationError as error:
            problems.append(str(error))
    if isinstance(message.id, tuple) and not all(message.id):
        problems.append("a counted message needs both English forms")
    if lang == SOURCE:
        return problems
    forms = translation.string if isinstance(translation.string, (list, tuple)) else (translation.string,)
    if not all(forms):
        problems.append("not translated" if not any(forms) else "a plural form is empty")
    if translation.fuzzy:
        problems.append("fuzzy: check the translation against the new English, then remove the fuzzy flag")
    return problems


def check(root: Path = LOCALE_DIR) -> list[str]:
    """Everything that keeps the catalogs from being complete and consistent, one line each (none: all good):
    a message missing, untranslated, fuzzy or with other placeholders than its English in a language, a counted
    message without every plural form (babel's checkers), other Plural-Forms than PLURAL_FORMS, a template or
    .mo out of step with its .po."""
    template = read(template_path(root))
    problems = []
    for lang in LANGUAGES:
        catalog = read(po_path(lang, root))
        if catalog.plural_forms != PLURAL_FORMS[lang]:
            problems.append(f"{lang}: Plural-Forms is {catalog.plural_forms}, not {PLURAL_FORMS[lang]}")
        for message in template:
            if message.id:
                translation = catalog.get(message.id, message.context)
                found = _message_problems(message, translation, catalog, lang)
                problems += [f"{lang}: {message.context}: {problem}" for problem in found]
        extra = {m.context for m in catalog if m.id} - {m.context for m in template if m.id}
        problems += [f"{lang}: {key}: not in messages.pot (run `leasedash i18n update`)" for key in sorted(extra)]
        if not mo_path(lang, root).exists() or mo_path(lang, root).read_bytes() != mo_bytes(catalog):
            problems.append(f"{lang}: messages.mo is not compiled from messages.po (run `leasedash i18n compile`)")
    return problems
