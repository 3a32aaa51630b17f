"""/api/v1/imports: the fleet import (contracts, drivers) and the odometer import as multipart uploads, scoped like every
route (a fleet manager into their company, an admin into any); a file with problems is 422 with every problem listed
by row and column, and nothing is written. The caller and the other refusals are the API's own (leasedash.api.app)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from leasedash.db.scoping import Viewer
from leasedash.domain.fleet_file import FileProblems, limits, template

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])
Kind = Annotated[str, Path(pattern="^(contracts|readings)$")]


def body_limit(path: str) -> int | None:
    """How large an upload to these routes may be (fleet_import.json), for the API's body limit; None elsewhere."""
    return limits()["max_upload_bytes"] + 65_536 if path.startswith(router.prefix + "/") else None


def _caller(request: Request) -> Viewer:
    from leasedash.api.app import caller

    return caller(request)


Caller = Annotated[Viewer, Depends(_caller)]


def _problems(exc: FileProblems) -> JSONResponse:
    listed = [{"row": p.row, "column": p.column, "field": p.field, "code": p.code, "reason": p.reason, "message": str(p)}
              for p in exc.problems]
    return JSONResponse({"detail": {"field": "file", "reason": str(exc.problems[0]), "count": exc.total, "problems": listed}},
                        status_code=422)


@router.post("/{kind}")
async def import_file(kind: Kind, viewer: Caller, file: Annotated[UploadFile, File(description="the .csv or .xlsx export")],
                      company: Annotated[str, Form(max_length=200, description="the company's name or id")],
                      dry_run: Annotated[bool, Form()] = False) -> Any:
    """Import contracts (with their cars and drivers) or odometer readings: all rows or none. Returns the counts
    (created, updated, unchanged, absent); 422 lists every problem by row and column."""
    from starlette.concurrency import run_in_threadpool

    from leasedash.services.fleet_import import run_import

    data = await file.read(limits()["max_upload_bytes"] + 1)
    name = (file.filename or "upload.csv").rsplit("/", 1)[-1][:200]
    try:
        summary = await run_in_threadpool(run_import, viewer, int(company) if company.isdigit() else company, kind, name, data,
                                          None, None, dry_run)
    except FileProblems as exc:
        return _problems(exc)
    return summary.as_json()


@router.get("/template/{kind}", response_class=Response)
def import_template(kind: Kind, _viewer: Caller, lang: Annotated[str, Query(pattern="^(en|fr|nl)$")] = "en",
                    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv") -> Response:
    """An empty import file with the headers in French, Dutch or English."""
    media = "text/csv" if format == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(template(kind, lang, format), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="leasedash-{kind}-{lang}.{format}"'})
