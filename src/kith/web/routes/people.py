"""People: the searchable list, adding someone, a person's page, editing, liking and forgetting them.
(Merging lives with the duplicates it resolves, in ``duplicates``.)"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.people import directory, search
from kith.people.archive import archive_person, unarchive_person
from kith.people.core import PersonFields, add_person, apply_fields, set_liked
from kith.people.duplicates import open_count
from kith.people.lookup import describe, get_person
from kith.people.merge import forget_person
from kith.reports import CIRCLES
from kith.web import views
from kith.web.pages import as_of, db, page, who_knows_whom
from kith.web.pages import ties as all_ties
from kith.web.routing import Router
from kith.web.workspace import workspace

router = Router()

#: the liking choices of the person page's forms: whether you like spending time with them
LIKING = {"like": True, "dislike": False, "unsaid": None}


class Liking(BaseModel):
    """Whether you like spending time with them (``DELETE`` the like to unsay it)."""

    liked: bool = Field(description="true: you like spending time with them; false: you do not.")


def people_view(request: Request, session: Session, query: directory.PeopleQuery) -> dict:
    found = all_ties(request, session, as_of())
    shared = workspace(request).snapshot
    index = shared.get(session, "search", search.SearchIndex)
    order = None
    if query.sort in ("strength", "last_contact"):
        order = shared.get(
            session, f"order:{query.sort}", lambda s: search.sort_order(index.ids, found, query.sort)
        )
    stats = views.contact_stats_of(request, session)
    return directory.people_list(session, query, found, index=index, order=order, stats=stats)


def _query(q, circle, tag, sort, page_no, per_page, archived=False) -> directory.PeopleQuery:
    return directory.PeopleQuery(
        q=q or None,
        circle=circle or None,
        tag=tag or None,
        sort=sort or "name",
        page=page_no,
        per_page=per_page,
        archived=archived,
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
    archived: bool = Query(False, description="Include the people you archived."),
    session: Session = Depends(db, scope="function"),
) -> dict:
    return people_view(request, session, _query(q, circle, tag, sort, page_no, per_page, archived))


@router.get("/people", response_class=HTMLResponse, include_in_schema=False)
def people_page(
    request: Request,
    q: str | None = None,
    circle: str | None = None,
    tag: str | None = None,
    sort: str = "name",
    page_no: int = Query(1, alias="page", ge=1),
    archived: bool = False,
    session: Session = Depends(db, scope="function"),
):
    query = _query(q, circle, tag, sort, page_no, directory.PER_PAGE, archived)
    data = people_view(request, session, query)
    last = max(1, data["pages"])
    if data["page"] > last:  # a page past the end (an old link, fewer people since): the last one
        return RedirectResponse(
            f"/people?{urlencode({**request.query_params, 'page': last})}", status_code=303
        )
    data["tags"] = directory.tag_names(session)
    data["circles"] = CIRCLES
    data["sorts"] = directory.SORTS
    data["duplicates"] = open_count(session)
    data["forgot"] = request.query_params.get("forgot", "")
    return page(request, "people.html", data)


@router.post("/people", include_in_schema=False)
def add_person_form(
    name: str = Form(""),
    email: str = Form(""),
    phone: str = Form(""),
    company: str = Form(""),
    title: str = Form(""),
    tags: str = Form(""),
    allow_duplicate: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    fields = PersonFields(
        name=name,
        emails=[e.strip() for e in email.split(",") if e.strip()],
        phone=phone.strip() or None,
        company=company.strip() or None,
        title=title.strip() or None,
        tags=[t.strip() for t in tags.split(",") if t.strip()],
    )
    person = add_person(session, fields, now=as_of(), allow_duplicate=allow_duplicate == "on")
    return RedirectResponse(f"/people/{person.id}?saved=added", status_code=303)


@router.get("/api/people/{person_id}", tags=["people"], summary="One person: record, timeline, strength")
def api_person(
    request: Request,
    person_id: int,
    page_no: int = Query(1, alias="page", ge=1, description="Page of the timeline, 20 interactions each."),
    all_mutual: bool = Query(
        False, alias="all", description="Every person who knows them in common_ground, not only ten."
    ),
    session: Session = Depends(db, scope="function"),
) -> dict:
    return views.person_view(request, session, person_id, page_no, all_mutual=all_mutual)


@router.get("/people/{person_id}", response_class=HTMLResponse, include_in_schema=False)
def person_page(
    request: Request,
    person_id: int,
    page_no: int = Query(1, alias="page", ge=1),
    session: Session = Depends(db, scope="function"),
):
    return views.person_page(request, session, person_id, page_no)


@router.get(
    "/api/people/{person_id}/brief", tags=["people"], summary="A one-page brief before meeting someone"
)
def api_brief(request: Request, person_id: int, session: Session = Depends(db, scope="function")) -> dict:
    from kith.brief import meeting_brief

    now = as_of()
    return meeting_brief(
        session, get_person(session, person_id), now, known=who_knows_whom(request, session, now)
    )


@router.get("/people/{person_id}/brief", response_class=HTMLResponse, include_in_schema=False)
def brief_page(request: Request, person_id: int, session: Session = Depends(db, scope="function")):
    return page(request, "brief.html", {"brief": api_brief(request, person_id, session)})


@router.post("/api/people", tags=["people"], status_code=201, summary="Add a person")
def api_add_person(
    change: PersonFields,
    request: Request,
    allow_duplicate: bool = Query(False, description="Add them even if someone has the same name."),
    session: Session = Depends(db, scope="function"),
) -> dict:
    """The body has the fields of ``kith add``; absent fields are left empty."""
    person = add_person(session, change, now=as_of(), allow_duplicate=allow_duplicate)
    return views.person_view(request, session, person.id)


@router.patch("/api/people/{person_id}", tags=["people"], summary="Change a person")
def api_edit_person(
    person_id: int, change: PersonFields, request: Request, session: Session = Depends(db, scope="function")
) -> dict:
    """The body has the fields of ``kith edit``; absent fields are left as they are. ``birthday`` and
    ``anniversary`` are ``1985-04-12`` or ``04-12`` (no year); ``""`` clears one. ``note`` adds a dated
    note (``/api/people/{id}/notes`` lists them; earlier notes stay). Liking is its own resource
    (``PUT``/``DELETE /api/people/{id}/like``): it has three states, and an absent field here means
    "leave it"."""
    apply_fields(session, get_person(session, person_id), change, now=as_of())
    return views.person_view(request, session, person_id)


@router.put(
    "/api/people/{person_id}/like", tags=["people"], summary="Say whether you like spending time with them"
)
def api_like(
    person_id: int, liking: Liking, request: Request, session: Session = Depends(db, scope="function")
) -> dict:
    set_liked(session, get_person(session, person_id), liking.liked)
    return views.person_view(request, session, person_id)


@router.delete("/api/people/{person_id}/like", tags=["people"], summary="Unsay whether you like them")
def api_unlike(person_id: int, request: Request, session: Session = Depends(db, scope="function")) -> dict:
    set_liked(session, get_person(session, person_id), None)
    return views.person_view(request, session, person_id)


@router.put(
    "/api/people/{person_id}/archive",
    tags=["people"],
    summary="Archive a person: hidden from lists, search, the agenda and the counts; nothing deleted",
)
def api_archive(person_id: int, request: Request, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the person as ``GET /api/people/{id}`` shows them (``archived_at`` set)."""
    archive_person(session, get_person(session, person_id), now=as_of())
    return views.person_view(request, session, person_id)


@router.delete("/api/people/{person_id}/archive", tags=["people"], summary="Unarchive a person")
def api_unarchive(person_id: int, request: Request, session: Session = Depends(db, scope="function")) -> dict:
    unarchive_person(session, get_person(session, person_id), now=as_of())
    return views.person_view(request, session, person_id)


@router.post("/people/{person_id}/archive", include_in_schema=False)
def archive_form(person_id: int, session: Session = Depends(db, scope="function")):
    archive_person(session, get_person(session, person_id), now=as_of())
    return RedirectResponse(f"/people/{person_id}?saved=archived", status_code=303)


@router.post("/people/{person_id}/unarchive", include_in_schema=False)
def unarchive_form(person_id: int, session: Session = Depends(db, scope="function")):
    unarchive_person(session, get_person(session, person_id), now=as_of())
    return RedirectResponse(f"/people/{person_id}?saved=unarchived", status_code=303)


@router.delete(
    "/api/people/{person_id}", tags=["people"], summary="Forget a person and everything only about them"
)
def api_forget(person_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Interactions shared with others stay, without them; what was removed is counted by kind."""
    person = get_person(session, person_id)
    record = {"id": person.id, "name": person.name}
    return {**record, "removed": forget_person(session, person)}


@router.post("/people/{person_id}/like", include_in_schema=False)
def like_form(person_id: int, liked: str = Form(""), session: Session = Depends(db, scope="function")):
    if liked not in LIKING:
        raise BadInput(f"liking is one of: {', '.join(LIKING)}")
    set_liked(session, get_person(session, person_id), LIKING[liked])
    return RedirectResponse(f"/people/{person_id}?saved=1", status_code=303)


@router.get("/people/{person_id}/forget", response_class=HTMLResponse, include_in_schema=False)
def forget_page(request: Request, person_id: int, session: Session = Depends(db, scope="function")):
    person = get_person(session, person_id)
    return views.confirmation(
        request,
        title=f"Forget {person.name}",
        question=f"Forget {describe(person)} and everything only about them?",
        consequences=[
            "Their identities, roles, tags, notes, favours and promises go, and interactions only with them.",
            "Interactions with them and others stay, without them.",
        ],
        action=f"/people/{person.id}/forget",
        button=f"Forget {person.name}",
        back=f"/people/{person.id}",
    )


@router.post("/people/{person_id}/forget", include_in_schema=False)
def forget_form(person_id: int, session: Session = Depends(db, scope="function")):
    person = get_person(session, person_id)
    name = person.name
    forget_person(session, person)
    return RedirectResponse(f"/people?{urlencode({'forgot': name})}", status_code=303)


@router.post("/people/{person_id}/edit", include_in_schema=False)
def edit_person_form(
    person_id: int,
    name: str = Form(""),
    company: str = Form(""),
    title: str = Form(""),
    email: str = Form(""),
    remove_email: list[str] = Form([]),
    remove_phone: list[str] = Form([]),
    remove_linkedin: list[str] = Form([]),
    phone: str = Form(""),
    linkedin: str = Form(""),
    add_tags: str = Form(""),
    untag: list[str] = Form([]),
    how_met: str = Form(""),
    met_via: str = Form(""),
    birthday: str = Form(""),
    anniversary: str = Form(""),
    cadence_days: str = Form(""),
    closeness: str = Form(""),
    liked: str = Form(""),
    school: str = Form(""),
    degree: str = Form(""),
    school_from: str = Form(""),
    school_to: str = Form(""),
    remove_school: list[str] = Form([]),
    session: Session = Depends(db, scope="function"),
):
    """The edit form sends every field as the page showed it: only what differs is changed."""
    person = get_person(session, person_id)
    role = person.current_role()
    fields = PersonFields(
        name=name if name.strip() and name.strip() != person.name else None,
        emails=[e.strip() for e in email.split(",") if e.strip() and e.strip() not in person.emails()],
        remove_emails=[e for e in remove_email if e.strip()],
        remove_phones=[p for p in remove_phone if p.strip()],
        remove_linkedin=[u for u in remove_linkedin if u.strip()],
        phone=phone.strip() or None,
        linkedin=linkedin.strip() or None,
        tags=[t.strip() for t in add_tags.split(",") if t.strip()],
        untags=[t for t in untag if t.strip()],
        how_met=how_met if how_met.strip() != (person.how_met or "") else None,
        met_via=met_via.strip()
        if met_via.strip() and met_via.strip() != (person.met_via.name if person.met_via else "")
        else None,
        # as shown (the stored form), unchanged; emptied, cleared
        birthday=birthday if birthday.strip() != (person.birthday or "") else None,
        anniversary=anniversary if anniversary.strip() != (person.anniversary or "") else None,
        remove_schools=[s for s in remove_school if s.strip()],
    )
    if school.strip() or degree.strip() or school_from.strip() or school_to.strip():
        fields.school = school if school.strip() else None
        fields.degree = degree.strip() or None
        fields.school_from, fields.school_to = _year(school_from, "From"), _year(school_to, "To")
    current_company = role.organisation.name if role and role.organisation else ""
    if company.strip() != current_company or title.strip() != ((role.title if role else None) or ""):
        fields.company, fields.title = company, title
    if cadence_days.strip() != str(person.cadence_days or ""):
        if cadence_days.strip() and not cadence_days.strip().isdigit():
            raise BadInput("the keep-in-touch cadence is a whole number of days")
        fields.cadence_days = int(cadence_days or 0)  # emptied: back to the circle's cadence
    if closeness.strip() and closeness.strip() != _shown(person.closeness):
        try:
            fields.closeness = float(closeness)
        except ValueError:
            raise BadInput("closeness is a number from 0 to 1, such as 0.8") from None
    elif not closeness.strip() and person.closeness is not None:
        fields.clear_closeness = True  # emptied: the score decides again
    if liked and liked not in LIKING:
        raise BadInput(f"liking is one of: {', '.join(LIKING)}")
    apply_fields(session, person, fields, now=as_of())
    if liked and LIKING[liked] != person.liked:
        set_liked(session, person, LIKING[liked])
    return RedirectResponse(f"/people/{person_id}?saved=1", status_code=303)


@router.post("/people/{person_id}/schools", include_in_schema=False)
def schools_form(
    person_id: int,
    school: str = Form(""),
    degree: str = Form(""),
    school_from: str = Form(""),
    school_to: str = Form(""),
    remove_school: list[str] = Form([]),
    session: Session = Depends(db, scope="function"),
):
    """Your own page's schools (the user has no edit form): the same action as ``kith edit me --school``."""
    person = get_person(session, person_id)
    fields = PersonFields(remove_schools=[s for s in remove_school if s.strip()])
    if school.strip() or degree.strip() or school_from.strip() or school_to.strip():
        fields.school = school if school.strip() else None
        fields.degree = degree.strip() or None
        fields.school_from, fields.school_to = _year(school_from, "From"), _year(school_to, "To")
    if fields == PersonFields():
        raise BadInput("name a school to add, or tick one to remove")
    apply_fields(session, person, fields, now=as_of())
    return RedirectResponse(f"/people/{person_id}?saved=1", status_code=303)


def _year(typed: str, which: str) -> int | None:
    """A school year as the form typed it (empty: not said)."""
    if not typed.strip():
        return None
    if not typed.strip().isdigit():
        raise BadInput(f"{which} is a year, such as 2012")
    return int(typed)


def _shown(closeness: float | None) -> str:
    """A closeness as the edit form shows it."""
    return "" if closeness is None else f"{closeness:g}"
