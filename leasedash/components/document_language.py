"""`<html lang>` and the tab's title in the reader's language at run time: Reflex writes `lang="en"` and an English title
into every page when it builds them, so a page's bundle sets `document.documentElement.lang` from the state whenever the
language changes, and the title from the page's one h1 whenever it changes ("Simulatie · leasedash"; React effects in
the page's own script file: no inline script, so the CSP's script hashes need no change)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var, VarData

from leasedash.state import AppState

TITLE_FROM_HEADING = """useEffect(() => {
    const name = () => {
        const heading = document.querySelector("h1")?.textContent?.trim();
        const title = heading ? `${heading} · leasedash` : "leasedash";
        if (document.title !== title) document.title = title;
    };
    name();
    const watch = new MutationObserver(name);
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    return () => watch.disconnect();
}, []);"""


class DocumentLanguage(rx.Fragment):
    """Renders nothing; keeps the document's language equal to `lang` and its title equal to the page's h1."""

    lang: rx.Var[str]

    def _exclude_props(self) -> list[str]:
        return [*super()._exclude_props(), "lang"]

    def add_imports(self) -> dict:
        return {"react": ["useEffect"]}

    def add_hooks(self) -> list[str | Var]:
        lang = self.lang
        return [Var(f"useEffect(() => {{ document.documentElement.lang = {lang!s}; }}, [{lang!s}]);",
                    _var_data=VarData.merge(lang._get_all_var_data())),
                TITLE_FROM_HEADING]


def document_language() -> rx.Component:
    """Put once on every page (layout.page)."""
    return DocumentLanguage.create(lang=AppState.lang)
