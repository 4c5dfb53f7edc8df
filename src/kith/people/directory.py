"""The people list: search, filter by circle or tag, sort by name, strength or last contact, one page at a
time. The one list behind ``kith people``, the web's people page and ``GET /api/people``. Archived people
are left out unless the query asks to include them (``archived``).

The caller passes what it may share between lists (the strength ties, the search index of
``kith.people.search`` and an order of everyone), so a page costs about the same with 10 or 10,000
people; the records are ``kith.people.listing``'s, read with plain queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.people import search
from kith.people.archive import NOT_ARCHIVED
from kith.people.core import tag_label
from kith.people.listing import records_of
from kith.reports import CIRCLES
from kith.store.db import rows
from kith.store.schema import Interaction, InteractionParticipant, Person, PersonTag, Tag

SORTS = ("name", "strength", "last_contact")
PER_PAGE = 50


@dataclass
class PeopleQuery:
    """What the people list was asked for (all optional)."""

    q: str | None = None
    circle: str | None = None
    tag: str | None = None
    sort: str = "name"
    page: int = 1
    #: None: everyone on one page
    per_page: int | None = PER_PAGE
    #: include the archived (``kith people --archived``)
    archived: bool = False


def _tagged(session: Session, tag: str) -> set[int]:
    return set(session.scalars(select(PersonTag.person_id).join(Tag).where(Tag.name == tag_label(tag))))


def _page_ids(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any],
    index: search.SearchIndex,
    order: list[int] | None = None,
) -> tuple[list[int], int]:
    """The ids of one page of people, in order, and how many match in all. ``index`` (the search, and
    everyone in name order) and ``order`` (everyone in ``query.sort`` order) are shared per data
    snapshot."""
    text = query.q.strip() if query.q else ""
    filtered = bool(text or query.tag or query.archived)
    if order is not None and not filtered:
        ids = order
    else:
        ids = index.search(text, archived=query.archived)
        if query.tag:
            tagged = _tagged(session, query.tag)
            ids = [i for i in ids if i in tagged]
    if query.circle:
        ids = [i for i in ids if (ties[i].circle if i in ties else "collected") == query.circle]
    if (order is None or filtered) and query.sort in ("strength", "last_contact"):
        ids = search.sort_order(ids, ties, query.sort)
    if query.per_page is None:
        return list(ids), len(ids)
    start = (query.page - 1) * query.per_page
    return ids[start : start + query.per_page], len(ids)


def check_query(query: PeopleQuery) -> None:
    """BadInput for a sort, circle, page or page size the list does not have."""
    if query.sort not in SORTS:
        raise BadInput(f"unknown sort {query.sort!r}; use one of: {', '.join(SORTS)}")
    if query.circle and query.circle not in CIRCLES:
        raise BadInput(f"unknown circle {query.circle!r}; use one of: {', '.join(CIRCLES)}")
    if query.page < 1 or (query.per_page is not None and not 1 <= query.per_page <= 500):
        raise BadInput("page must be 1 or more and per_page between 1 and 500")


def people_list(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any],
    *,
    index: search.SearchIndex | None = None,
    order: list[int] | None = None,
    stats: dict[int, tuple[int, datetime | None]] | None = None,
) -> dict:
    """One page of the people matching ``query``, with their strength and circle from ``ties`` (everyone's
    ties; ``index`` and ``order``: see ``_page_ids``, built here when not given; ``stats``: everyone's
    ``listing.contact_stats``, which a caller serving many lists shares, read for the page when not given)."""
    check_query(query)
    if index is None:
        index = search.SearchIndex(session)
    page_ids, total = _page_ids(session, query, ties, index, order)
    per_page = query.per_page or max(total, 1)
    return {
        "people": records_of(session, page_ids, ties, stats),
        "total": total,
        "page": query.page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "query": {
            "q": query.q or "",
            "circle": query.circle or "",
            "tag": query.tag or "",
            "sort": query.sort,
            "archived": query.archived,
        },
    }


def interaction_counts(session: Session) -> dict[int, int]:
    """How many interactions each person has been in, read from the participant index alone."""
    return dict(
        session.execute(
            select(InteractionParticipant.person_id, func.count()).group_by(InteractionParticipant.person_id)
        ).all()
    )


TAG_NAMES = select(Tag.name).order_by(Tag.name)


def tag_names(session: Session) -> list[str]:
    return list(rows(session, TAG_NAMES).scalars())


def people_ids(session: Session) -> list[int]:
    """Everyone but the user and the archived."""
    return list(session.scalars(select(Person.id).where(Person.is_me.is_(False), NOT_ARCHIVED)))


def interaction_total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Interaction)) or 0
