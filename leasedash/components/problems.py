"""Where a refusal is shown: a page-wide problem at the top of the page, a field's under the field, an upload's under
the upload (whether the browser's drop zone, the server's upload gate or the page's handler refused the file)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from leasedash import styles
from leasedash.errors import InvalidInput
from leasedash.state import AppState, guarded

UPLOAD_FIELD = "file"
"""The field under which every upload's refusal is shown (field_problem(UPLOAD_FIELD) right under the drop zone)."""

_DROP_CODES = {"file-too-large": "upload_rejected_size", "too-many-files": "upload_rejected_count"}


def page_problem() -> rx.Component:
    """The page-wide refusal of the last event (not allowed, changed meanwhile, bad input), announced to screen readers.
    A field's refusal is shown under its field instead; it is shown here only when that field is not on the page
    (the callout is then the only place it can be read)."""
    return rx.cond(
        AppState.problem != "",
        rx.callout(AppState.problem, icon="triangle_alert", color_scheme=styles.WARNING, role="alert", id="page-problem", width="100%",
                   class_name=rx.cond(AppState.field_problems.values().contains(AppState.problem), "for-field", ""),
                   style={"body:has(.field-problem) &.for-field": {"display": "none"}}),
    )


def field_problem(field: str) -> rx.Component:
    """The refusal of one field, under that field."""
    return rx.cond(
        AppState.field_problems.contains(field),
        rx.text(AppState.field_problems[field], size="1", color=rx.color(styles.WARNING, 11), role="alert",
                id=f"problem-{field}", class_name="field-problem"),
    )


def megabytes(size: int) -> int:
    """A size limit in whole megabytes, as the refusals say it."""
    return max(1, size // (1024 * 1024))


class UploadRefusal(AppState):
    """The browser's drop zone refused files before sending them (wrong type, too large, too many): said under the upload."""

    @rx.event
    @guarded()
    def refuse_drop(self, names: list[str], codes: list[str], types: str, size_mb: int, most: int):
        if not names:
            return
        code = _DROP_CODES.get(codes[0] if codes else "", "upload_rejected_type")
        name = str(names[0])[:120]
        raise InvalidInput(UPLOAD_FIELD, f"{name}: refused by the drop zone ({codes[:1]})", code,
                           {"name": name, "types": types[:200], "maximum": most if code == "upload_rejected_count" else size_mb})


def refused_drop(accept: dict[str, list[str]], max_size: int, max_files: int = 1):
    """The `on_drop_rejected` of an upload: instead of Reflex's English toast, the reason under the upload, in the
    reader's language."""
    types = ", ".join(extension for extensions in accept.values() for extension in extensions)

    def rejected_files(rejected: ArrayVar) -> Any:
        records = rejected.to(ArrayVar, list[dict[str, Any]])
        names = records.map(lambda r: r.to(ObjectVar, dict[str, dict[str, Any]])["file"].to(ObjectVar, dict[str, Any])["name"])
        codes = records.map(lambda r: r.to(ObjectVar, dict[str, list[dict[str, Any]]])["errors"].to(ArrayVar, list[dict[str, Any]])[0]
                            .to(ObjectVar, dict[str, Any])["code"])
        return UploadRefusal.refuse_drop(names, codes, types, megabytes(max_size), max_files)

    return rejected_files
