"""The reach page (``/reach``): one search's answer, drawn as cards, and a refused form said beside it.
Its own module because more than one route shows it: the search itself, and the forms on its cards ("Who
knows them?", "Request the intro") when kith refuses what they sent (``kith.web.forms``)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.reach.paths import KINDS, LIMIT, reach_typed
from kith.team.reach import with_team
from kith.web.forms import FormError, refused
from kith.web.pages import as_of, contacts, page, ties, who_knows_whom
from kith.web.workspace import workspace

#: the most paths the page shows at once (its "show all" link asks for up to this many)
MAX_SHOWN = 50


def reach_answer_page(
    request: Request,
    session: Session,
    q: str,
    kind: str,
    limit: int = LIMIT,
    form_error: FormError | None = None,
) -> HTMLResponse:
    """The answer to a search, and a refused form's error beside that form (``kith.web.forms``); a
    question kith cannot answer is said above the search box, as typed (422)."""
    data: dict = {"q": q, "kind": kind, "kinds": KINDS, "answer": None, "most": MAX_SHOWN}
    if q.strip():
        try:
            at = as_of()
            mine, graph = ties(request, session, at), who_knows_whom(request, session, at)
            known = contacts(request, session)
            answer = reach_typed(session, at, q, kind, mine=mine, graph=graph, known=known, limit=limit)
            data["answer"] = with_team(workspace(request).settings, answer, at)
        except (BadInput, NotFound) as exc:
            form_error = FormError.of("reach", exc, {"q": q, "kind": kind}, "/reach", "get")
    data["form_error"] = form_error
    return refused(page(request, "reach.html", data), form_error)


def reach_page_of(request: Request, session: Session, back: str, error: FormError) -> HTMLResponse:
    """The reach page a form was sent from (``back``: its address, with the search), ``error`` beside
    that form."""
    asked = parse_qs(urlsplit(back).query)
    q, kind = (asked.get(name, [""])[0] for name in ("q", "kind"))
    return reach_answer_page(request, session, q, kind, form_error=error)
