"""Every string leasedash shows, prints or e-mails, in the reader's language, from the compiled gettext catalogs
(catalogs.py): a message is looked up by its key (msgctxt) and its English (msgid) with pgettext, a counted one
with npgettext under the language's Plural-Forms."""

from __future__ import annotations

import gettext
import io
import os
from functools import cache

from leasedash.i18n.catalogs import LANGUAGES, SOURCE, compiled, read, template_path

__all__ = ["LANGUAGES", "catalog", "environment_language", "plural", "translate"]


@cache
def _english() -> dict[str, str | tuple[str, str]]:
    """Every message's key and English (a (singular, plural) pair for a counted one), from messages.pot."""
    return {message.context: message.id for message in read(template_path()) if message.id}


@cache
def _translations(lang: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(compiled(lang)))


def _known(lang: str) -> str:
    return lang if lang in LANGUAGES else SOURCE


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message in one language (English when the language is unknown); a counted message gives its
    singular and plural forms as `key#one` and `key#other`."""
    translations = _translations(_known(lang))
    texts = {}
    for key, english in _english().items():
        if isinstance(english, tuple):
            texts[f"{key}#one"] = translations.npgettext(key, *english, 1)
            texts[f"{key}#other"] = translations.npgettext(key, *english, 2)
        else:
            texts[key] = translations.pgettext(key, english)
    return texts


def translate(key: str, lang: str, **values: object) -> str:
    """One message in one language, with its placeholders filled."""
    text = catalog(lang).get(key, key)
    return text.format(**values) if values else text


def plural(key: str, count: int, lang: str, **values: object) -> str:
    """The form of a counted message for `count` ("1 month", "2 months"; French: "0 mois", "1 mois" singular),
    `{count}` filled with the count."""
    text = _translations(_known(lang)).npgettext(key, *_english()[key], count)
    return text.format(count=count, **values)


def environment_language() -> str:
    """The shell's language as gettext reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English when not ours."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return _known(value.split(":")[0][:2].lower())
    return SOURCE
