"""The files users download, served one way for the JSON API (Bearer) and for the pages' signed links (/api/files):
their stored content type, as an attachment (a photo that is a JPEG or PNG may show inline, as an image, never as
HTML); the security headers come from leasedash.api.headers."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from leasedash.db.errors import AccessDenied, NotFound
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.services.exports import export_path
from leasedash.services.file_links import PREFIX, ExpiredLink, link_viewer
from leasedash.services.inspection_report import report_pdf
from leasedash.services.offers import quote_file
from leasedash.services.photos import photo_file
from leasedash.services.requests import attachment_file

INLINE_IMAGES = frozenset({"image/jpeg", "image/png"})
_STORED = {"photo": photo_file, "quote": quote_file, "attachment": attachment_file}
_MAX_ID = 2**31 - 1

router = APIRouter()


def _stored(path: Path, content_type: str, inline_image: bool) -> FileResponse:
    disposition = "inline" if inline_image and content_type in INLINE_IMAGES else "attachment"
    return FileResponse(path, media_type=content_type, filename=path.name, content_disposition_type=disposition)


def serve(kind: str, ref: int | str, viewer: Viewer) -> Response:
    """The file of `kind` ("photo", "quote", "attachment", "report", "export") and id or export name `ref`, for a
    viewer who may see it (NotFound otherwise, the two not told apart)."""
    if kind == "export":
        path = export_path(str(ref), viewer.user_id)
        if path is None:
            raise NotFound(f"export {ref}: no such export among yours")
        if path.suffix == ".zip":
            return FileResponse(path, media_type="application/zip", filename="leasedash-my-data.zip")
        return FileResponse(path, media_type="text/csv", filename="leasedash-fleet.csv")
    ident = int(ref) if str(ref).isascii() and str(ref).isdigit() and len(str(ref)) <= 10 else 0
    if not 1 <= ident <= _MAX_ID:
        raise NotFound(f"{kind} {ref}: no such file")
    with session_scope() as s:
        if kind in ("report", "report_without_costs"):
            pdf = report_pdf(s, viewer, ident, with_costs=kind == "report")
            return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="inspection-{ident}.pdf"'})
        path, content_type = _STORED[kind](s, viewer, ident)
    return _stored(path, content_type, inline_image=kind == "photo")


@router.get(PREFIX + "/{kind}/{ref}", include_in_schema=False)
def signed_file(kind: str, ref: str, request: Request) -> Response:
    """A file through a link a page signed (services/file_links): 403 when it was not signed here or was altered,
    410 when it has expired, 404 when its user may no longer see the file."""
    query = request.query_params
    try:
        with session_scope() as s:
            viewer = link_viewer(s, kind, ref, query.get("user", ""), query.get("expires", ""), query.get("sig", ""))
    except AccessDenied as exc:
        return JSONResponse({"detail": {"field": "link", "reason": str(exc)}}, status_code=410 if isinstance(exc, ExpiredLink) else 403)
    return serve(kind, ref, viewer)
