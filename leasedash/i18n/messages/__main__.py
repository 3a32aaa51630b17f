"""`python -m leasedash.i18n.messages`: write the `"key": (en, fr, nl)` modules of this folder into the gettext
catalogs (leasedash/i18n/locale/), then rebuild the template and compile. Running it twice changes nothing;
once this folder is gone the catalogs are the source (leasedash/i18n/catalogs.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from leasedash.i18n import catalogs, messages

Texts = tuple[str, str, str]


def merged() -> dict[str, Texts]:
    """Every module's messages; a key defined twice is refused."""
    found: dict[str, Texts] = {}
    for info in pkgutil.iter_modules(messages.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{messages.__name__}.{info.name}")
        clash = set(module.MESSAGES) & set(found)
        if clash:
            raise ValueError(f"messages defined twice: {sorted(clash)}")
        found.update(module.MESSAGES)
    return found


def entries(texts: dict[str, Texts]) -> dict[str, tuple[str | tuple[str, str], ...]]:
    """One entry per key, a counted message's `key#one` and `key#other` joined into (singular, plural) pairs."""
    joined: dict[str, tuple[str | tuple[str, str], ...]] = {}
    for key, languages in texts.items():
        base, counted, form = key.rpartition("#")
        if not counted:
            joined[key] = languages
            continue
        one, other = texts.get(f"{base}#one"), texts.get(f"{base}#other")
        if form not in ("one", "other") or one is None or other is None:
            raise ValueError(f"{key}: a counted message has exactly {base}#one and {base}#other")
        joined[base] = tuple(zip(one, other))
    return joined


def main(root: Path = catalogs.LOCALE_DIR) -> list[Path]:
    """Write the three catalogs, the template and the compiled catalogs; returns the files that changed."""
    by_language = {lang: catalogs.new_catalog(lang) for lang in catalogs.LANGUAGES}
    for key, texts in sorted(entries(merged()).items()):
        for lang, text in zip(catalogs.LANGUAGES, texts):
            by_language[lang].add(texts[0], "" if lang == catalogs.SOURCE else text, context=key)
    written = [catalogs.po_path(lang, root) for lang, catalog in by_language.items()
               if catalogs.save(catalog, catalogs.po_path(lang, root))]
    return written + catalogs.update(root) + catalogs.compile_all(root)


if __name__ == "__main__":
    for path in main():
        print(path)
