"""Listing people (``kith people``): the column-based listing gives exactly the records the ORM path gives,
and long lists print as one aligned line per person."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_oracle import matches
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.cli.people import TABLE_ROWS
from kith.interactions import log_interaction
from kith.people import listing
from kith.people.core import PersonFields, add_identity, add_person, set_me, set_role, tag
from kith.people.directory import PeopleQuery, people_list
from kith.people.listing import contact_stats, person_record
from kith.store.db import open_engine, transaction
from kith.store.schema import Person, Role
from kith.strength.service import ties

AS_OF = datetime(2026, 6, 15, 12, tzinfo=UTC)


def listed(
    session: Session, query: str | None, limit: int | None = None, strength: bool = True
) -> list[dict]:
    """What ``kith people --json`` lists (``--limit``): the people list over everyone's ties."""
    scored = ties(session, AS_OF) if strength else {}
    return people_list(session, PeopleQuery(q=query, per_page=limit), scored)["people"]


def search_people(session: Session, query: str | None) -> list[Person]:
    """The people search as ORM objects with their identities, roles and tags (the old listing's way)."""
    stmt = (
        select(Person)
        .options(
            selectinload(Person.identities),
            selectinload(Person.roles).selectinload(Role.organisation),
            selectinload(Person.tags),
        )
        .where(Person.is_me.is_(False))
        .order_by(Person.name_key, Person.id)
    )
    return [p for p in session.scalars(stmt) if matches(p, query)]


def old_listing(session: Session, query: str | None, limit: int | None) -> list[dict]:
    """What ``kith people --json`` printed before the listing read columns: ORM objects and records."""
    found = search_people(session, query)
    if limit:
        found = found[:limit]
    stats = contact_stats(session, [p.id for p in found])
    scored = ties(session, AS_OF)
    return [person_record(p, stats.get(p.id), scored.get(p.id)) for p in found]


def crafted_home(session: Session) -> None:
    """People with several emails, a phone and a profile, job changes, two current roles, tags and
    interactions; the user among them."""
    set_me(session, name="Ada Lovelace", emails=["ada@example.com"])
    day = AS_OF - timedelta(days=400)
    jane = add_person(
        session,
        PersonFields(
            name="Jane Doe", emails=["jane@acme.example", "jd@home.example"], phone="+44 20 7946 0958"
        ),
        now=day,
    )
    add_identity(session, jane, "linkedin", "https://www.linkedin.com/in/janedoe")
    set_role(session, jane, company="Acme", title="CTO", seen_at=day)
    set_role(session, jane, company="Initech", title="VP Engineering", seen_at=day + timedelta(days=100))
    tag(session, jane, "Python")
    tag(session, jane, "climate")
    sam = add_person(session, PersonFields(name="Sam Lee", company="Initech", title="Analyst 50%"), now=day)
    # two roles without an end seen at the same moment (two imports can leave that): the later row counts
    sam.roles.append(Role(organisation=None, title="Advisor", seen_at=sam.roles[0].seen_at, source="test"))
    # one without a seen date is ranked by when it was recorded
    zoe = add_person(session, PersonFields(name="Zoé Zanzi", emails=["zoe@x_y.example"]), now=day)
    zoe.roles.append(Role(title="Founder", seen_at=None, created_at=day - timedelta(days=1), source="test"))
    zoe.roles.append(Role(title="Mentor", seen_at=None, created_at=day, source="test"))
    add_person(session, PersonFields(name="jane doe", tags=["python"]), now=day, allow_duplicate=True)
    add_person(session, PersonFields(name="Nobody Special"), now=day)
    for n, (kind, people) in enumerate(
        [("coffee", [jane]), ("email", [jane, sam]), ("call", [sam]), ("lunch", [jane, sam, zoe])]
    ):
        log_interaction(session, kind=kind, people=people, when=AS_OF - timedelta(days=3 * n + 1))
    session.flush()


QUERIES = [
    None,
    "",
    "jane",
    "JANE",
    "acme",
    "initech",
    "vp",
    "python",
    "climate",
    "50%",
    "_",
    "x_y",
    "zo",
    "e",
]


@pytest.mark.parametrize("batch", [listing.BATCH, 1])
def test_listing_gives_the_records_of_the_orm_path(monkeypatch, batch):
    # batch 1: the grouped queries read whole tables (as for a large listing) instead of a list of ids
    monkeypatch.setattr(listing, "BATCH", batch)
    with transaction() as session:
        crafted_home(session)
    with transaction() as session:  # read afresh, as a command does
        for query in QUERIES:
            for limit in (None, 1, 2, 50):
                expected = old_listing(session, query, limit)
                assert listed(session, query, limit) == expected, (
                    query,
                    limit,
                )
        everyone = listed(session, None)
    jane, also_jane = (r for r in everyone if r["name"].lower() == "jane doe")
    assert (jane["company"], jane["title"]) == ("Initech", "VP Engineering")
    assert jane["emails"] == ["jane@acme.example", "jd@home.example"] and also_jane["tags"] == ["python"]
    people = {r["name"]: r for r in everyone}
    assert "Ada Lovelace" not in people
    assert (people["Sam Lee"]["company"], people["Sam Lee"]["title"]) == (None, "Advisor")
    assert people["Zoé Zanzi"]["title"] == "Mentor"
    assert people["Sam Lee"]["interaction_count"] == 3 and people["Sam Lee"]["strength"] is not None


people_specs = st.lists(
    st.tuples(
        st.sampled_from(["Ann Ab", "ann ab", "Bo Ba", "Cy", "Dee Ab"]),  # names, some alike
        st.lists(st.sampled_from(["a@b.example", "ab@c.example", "x@ab.example"]), max_size=2, unique=True),
        st.lists(  # roles: company, title, days after the first, ended
            st.tuples(
                st.sampled_from([None, "Ab Co", "Bb"]),
                st.sampled_from([None, "ab", "CEO"]),
                st.integers(0, 3),
                st.booleans(),
            ),
            max_size=3,
        ),  # fmt: skip
        st.lists(st.sampled_from(["ab", "bo", "x"]), max_size=2, unique=True),
        st.integers(0, 2),  # interactions
    ),
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=people_specs,
    query=st.sampled_from([None, "ab", "b", "ann", "ceo", "x", "@"]),
    limit=st.sampled_from([None, 2]),
)
def test_listing_matches_the_orm_path_on_any_small_network(specs, query, limit):
    session = Session(open_engine())
    session.begin()
    try:
        day = AS_OF - timedelta(days=30)
        for n, (name, emails, roles, tags, contacts) in enumerate(specs):
            person = add_person(session, PersonFields(name=name, tags=tags), now=day, allow_duplicate=True)
            for email in emails:
                add_identity(session, person, "email", f"{n}{email}")  # unique per person
            for company, title, after, ended in roles:
                person.roles.append(
                    Role(
                        organisation=None if company is None else _org(session, company),
                        title=title,
                        seen_at=day + timedelta(days=after),
                        ended_on=day.date() if ended else None,
                        source="test",
                    )
                )
            for k in range(contacts):
                log_interaction(session, kind="call", people=[person], when=day + timedelta(days=k))
        session.flush()
        session.expire_all()  # the ORM path reads afresh, as a command does (a loaded list keeps its order)
        assert listed(session, query, limit) == old_listing(session, query, limit)
    finally:
        session.rollback()
        session.close()


def _org(session: Session, name: str):
    from kith.people.roles import organisation

    return organisation(session, name)


def test_a_long_list_prints_one_aligned_line_per_person(kith):
    count = TABLE_ROWS + 50
    with transaction() as session:
        for n in range(count):
            person = add_person(session, PersonFields(name=f"Person {n:03d}"), now=AS_OF)
            set_role(
                session,
                person,
                company=f"Company {n % 7}",
                title="Engineer" if n % 2 else None,
                seen_at=AS_OF,
            )
        long_title = "Head of Developer Relations, Europe, the Middle East and Africa (acting)"
        set_role(session, person, company="Company 6", title=long_title, seen_at=AS_OF)
        log_interaction(session, kind="coffee", people=[person], when=AS_OF - timedelta(days=3))
    lines = kith("people").stdout.splitlines()
    assert lines[0].split() == ["#", "name", "company", "title", "contacts", "last", "contact"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    rows = lines[2:-1]
    assert len(rows) == count and lines[-1] == f"{count} people"
    assert [row.split()[2] for row in rows] == [f"{n:03d}" for n in range(count)]  # by name
    last = rows[-1]
    assert long_title in last and "3 days ago" in last  # piped: whole, never cut or wrapped
    # aligned: every column starts where its header does
    title_at = lines[0].index("title")
    assert all(row[title_at - 2 : title_at] == "  " for row in rows)
    assert "Engineer" in rows[1][title_at:] and "│" not in "".join(lines)


def test_a_long_list_fits_the_terminal(kith, monkeypatch):
    with transaction() as session:
        for n in range(TABLE_ROWS + 1):
            add_person(
                session,
                PersonFields(name=f"Someone With A Rather Long Name {n:03d}", company="Initech", title="VP"),
                now=AS_OF,
            )
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("TTY_INTERACTIVE", "0")
    monkeypatch.setenv("COLUMNS", "60")
    lines = kith("people").stdout.splitlines()
    assert all(len(line) <= 60 for line in lines), max(lines, key=len)
    assert len(lines) == TABLE_ROWS + 1 + 3
    assert re.split(" {2,}", lines[2])[1].startswith("Someone With") and "…" in lines[2]  # the name is cut


def test_a_short_list_is_still_a_table(kith):
    kith("add", "Jane Doe", "--company", "Acme")
    assert "┃" in kith("people").stdout


def test_a_listing_without_strength_skips_the_scoring_and_is_otherwise_the_same(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    with transaction() as session:
        scored = listed(session, None)
        plain = listed(session, None, strength=False)
    assert scored[0]["strength"] is not None and scored[0]["circle"] is not None
    assert [{**r, "strength": None, "circle": None} for r in scored] == plain
