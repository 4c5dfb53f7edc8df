"""People: the searchable list, a person's page, editing a person."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from kith.people import directory, search
from kith.people.core import PersonFields, add_person, apply_fields, get_person
from kith.people.profile import person_detail
from kith.reports import CIRCLES
from kith.store.schema import FAVOUR_KINDS
from kith.web.pages import as_of, db, page
from kith.web.pages import ties as all_ties

router = APIRouter()


def people_view(request: Request, session: Session, query: directory.PeopleQuery) -> dict:
    found = all_ties(request, session, as_of())
    shared = request.app.state.snapshot
    index = shared.get(session, "search", search.SearchIndex)
    order = None
    if query.sort in ("strength", "last_contact"):
        order = shared.get(
            session, f"order:{query.sort}", lambda s: search.sort_order(index.ids, found, query.sort)
        )
    return directory.people_list(session, query, found, index=index, order=order)


def person_view(request: Request, session: Session, person_id: int, timeline_page: int = 1) -> dict:
    now = as_of()
    tie = all_ties(request, session, now).get(person_id)
    return person_detail(session, person_id, now, tie, page=timeline_page)


def _query(q, circle, tag, sort, page_no, per_page) -> directory.PeopleQuery:
    return directory.PeopleQuery(
        q=q or None,
        circle=circle or None,
        tag=tag or None,
        sort=sort or "name",
        page=page_no,
        per_page=per_page,
    )


@router.get("/api/people", tags=["people"], summary="List people (search, filter, sort, paginate)")
def api_people(
    request: Request,
    q: str | None = Query(None, description="Text in a name, email, company or title."),
    circle: str | None = Query(None, description="Only this circle (intimate, close, friends...)."),
    tag: str | None = Query(None, description="Only people with this tag."),
    sort: str = Query("name", description="name, strength or last_contact."),
    page_no: int = Query(1, alias="page", ge=1),
    per_page: int = Query(directory.PER_PAGE, ge=1, le=500),
    session: Session = Depends(db, scope="function"),
) -> dict:
    return people_view(request, session, _query(q, circle, tag, sort, page_no, per_page))


@router.get("/people", response_class=HTMLResponse, include_in_schema=False)
def people_page(
    request: Request,
    q: str | None = None,
    circle: str | None = None,
    tag: str | None = None,
    sort: str = "name",
    page_no: int = Query(1, alias="page", ge=1),
    session: Session = Depends(db, scope="function"),
):
    data = people_view(request, session, _query(q, circle, tag, sort, page_no, directory.PER_PAGE))
    data["tags"] = directory.tag_names(session)
    data["circles"] = CIRCLES
    data["sorts"] = directory.SORTS
    return page(request, "people.html", data)


@router.get("/api/people/{person_id}", tags=["people"], summary="One person: record, timeline, strength")
def api_person(
    request: Request,
    person_id: int,
    page_no: int = Query(1, alias="page", ge=1, description="Page of the timeline, 20 interactions each."),
    session: Session = Depends(db, scope="function"),
) -> dict:
    return person_view(request, session, person_id, page_no)


@router.get("/people/{person_id}", response_class=HTMLResponse, include_in_schema=False)
def person_page(
    request: Request,
    person_id: int,
    page_no: int = Query(1, alias="page", ge=1),
    session: Session = Depends(db, scope="function"),
):
    data = person_view(request, session, person_id, page_no)
    data["saved"] = request.query_params.get("saved") == "1"
    data["favour_kinds"] = FAVOUR_KINDS
    return page(request, "person.html", data)


@router.get(
    "/api/people/{person_id}/brief", tags=["people"], summary="A one-page brief before meeting someone"
)
def api_brief(request: Request, person_id: int, session: Session = Depends(db, scope="function")) -> dict:
    from kith.brief import meeting_brief

    return meeting_brief(session, get_person(session, person_id), as_of())


@router.get("/people/{person_id}/brief", response_class=HTMLResponse, include_in_schema=False)
def brief_page(request: Request, person_id: int, session: Session = Depends(db, scope="function")):
    return page(request, "brief.html", {"brief": api_brief(request, person_id, session)})


@router.post("/api/people", tags=["people"], status_code=201, summary="Add a person")
def api_add_person(
    change: PersonFields, request: Request, session: Session = Depends(db, scope="function")
) -> dict:
    """The body has the fields of ``kith add``; absent fields are left empty."""
    person = add_person(session, change, now=as_of())
    return person_view(request, session, person.id)


@router.patch("/api/people/{person_id}", tags=["people"], summary="Change a person")
def api_edit_person(
    person_id: int, change: PersonFields, request: Request, session: Session = Depends(db, scope="function")
) -> dict:
    """The body has the fields of ``kith edit``; absent fields are left as they are."""
    apply_fields(session, get_person(session, person_id), change, now=as_of())
    return person_view(request, session, person_id)


@router.post("/people/{person_id}/edit", include_in_schema=False)
def edit_person_form(
    person_id: int,
    name: str = Form(""),
    company: str = Form(""),
    title: str = Form(""),
    email: str = Form(""),
    add_tags: str = Form(""),
    how_met: str = Form(""),
    note: str = Form(""),
    cadence_days: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    person = get_person(session, person_id)
    role = person.current_role()
    fields = PersonFields(
        name=name if name.strip() and name.strip() != person.name else None,
        emails=[e.strip() for e in email.split(",") if e.strip() and e.strip() not in person.emails()],
        tags=[t.strip() for t in add_tags.split(",") if t.strip()],
        how_met=how_met if how_met.strip() != (person.how_met or "") else None,
        note=note if note.strip() != (person.notes or "") else None,
    )
    current_company = role.organisation.name if role and role.organisation else ""
    if company.strip() != current_company or title.strip() != ((role.title if role else None) or ""):
        fields.company, fields.title = company, title
    if cadence_days.strip():
        from kith.errors import BadInput

        if not cadence_days.strip().isdigit():
            raise BadInput("the keep-in-touch cadence is a whole number of days")
        fields.cadence_days = int(cadence_days)
    apply_fields(session, person, fields, now=as_of())
    return RedirectResponse(f"/people/{person_id}?saved=1", status_code=303)
