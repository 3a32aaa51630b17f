"""/api/v1 for returns (docs/return-document.md): the statement of a return document, an inspection exported as
one, an inspection created from one for a contract (a vendor's inspection imported), and the report without costs;
the caller and the refusals are the API's own (leasedash.api.app), the scoping the pages'."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from leasedash.api.files import serve
from leasedash.db.scoping import Viewer
from leasedash.services.return_documents import export_document, import_document, statement_of
from leasedash.services.return_wording import worded

router = APIRouter(prefix="/api/v1", tags=["returns"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _caller(request: Request) -> Viewer:
    from leasedash.api.app import caller

    return caller(request)


Caller = Annotated[Viewer, Depends(_caller)]


@router.post("/returns/statement")
def return_statement(document: dict[str, Any], _viewer: Caller, lang: Annotated[str, Query(pattern="^(en|fr|nl)$")] = "en") -> dict[str, Any]:
    """The statement of a return document: each damage (rule, verdict, the limits exceeded with the figures, method,
    amount excl. VAT), each line (loss of value, insurance, VAT, deposit...), the total and the advice; the
    lessor's active rules and prices unless the document carries its own."""
    return worded(statement_of(document), lang)


@router.get("/inspections/{inspection_id}/document")
def inspection_document(inspection_id: Id, viewer: Caller) -> dict[str, Any]:
    """An inspection the caller may see, as a return document with its rules and prices inline."""
    return export_document(viewer, inspection_id)


@router.post("/contracts/{contract_id}/inspections", status_code=201)
def import_inspection(contract_id: Id, document: dict[str, Any], viewer: Caller,
                      lang: Annotated[str, Query(pattern="^(en|fr|nl)$")] = "en") -> dict[str, Any]:
    """A return document recorded as an inspection of one of the caller's contracts (a driver's as a self-check):
    its id and its statement."""
    inspection_id, statement = import_document(viewer, contract_id, document)
    return {"inspection_id": inspection_id, "statement": worded(statement, lang)}


@router.get("/inspections/{inspection_id}/report-without-costs.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def report_without_costs(inspection_id: Id, viewer: Caller) -> Response:
    """The inspection report without any amount, as inspection vendors also give it."""
    return serve("report_without_costs", inspection_id, viewer)
