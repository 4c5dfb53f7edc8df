"""Team reach: who of us knows someone at a company, and how well.

On a team's database a member's reach question about a company is answered twice: by their own kith
(``kith.reach.paths``: their warm paths, as for one user) and by the team's directory
(``kith.team.directory``): each colleague with a tie to someone there now, strongest first, with the
people they know there ("bob@firm.example knows Tom Lee, VP Engineering: close, last contact 3 days
ago") and the ask ("Ask bob@firm.example to introduce you to Tom Lee"). Only the shared facts are used:
names, companies, titles and the strength, circle and last contact of each tie; never a colleague's
interactions or notes. A tie with no contact at all (a connection only) is not a way in.

The company is matched as reach matches it: its very name first (whatever the case and accents), else
every company whose name holds the words typed; more than one such company is a list of candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select

from kith.errors import BadInput
from kith.people.identities import name_key
from kith.settings import Settings
from kith.store.db import LIKE_ESCAPE, holding
from kith.team.directory import current, refresh
from kith.team.store import (
    account,
    colleague_ask,
    directory_member,
    directory_person,
    member_person,
    team_statements,
    team_transaction,
)

#: colleagues shown at most, and the people each knows there
COLLEAGUES = 5
PEOPLE_EACH = 3


# the directory's reads, built once (building them cost about as much as running them)
_NAMED = select(directory_person.c.company_key, func.min(directory_person.c.company)).group_by(
    directory_person.c.company_key
)
#: the company of a name, and the companies whose names hold some words
COMPANY_NAMED = _NAMED.where(directory_person.c.company_key == bindparam("key"))
COMPANIES_HOLDING = _NAMED.where(
    directory_person.c.company_key.like(bindparam("pattern"), escape=LIKE_ESCAPE)
).order_by(directory_person.c.company_key)


def _listed(account_id: Any, local_id: Any) -> Any:
    """The directory's link (``directory_member``) of a member's record: its account and its id in their kith."""
    return (directory_member.c.account_id == account_id) & (directory_member.c.local_id == local_id)


#: every tie a colleague (not ``me``) has with someone at a company, strongest first
COLLEAGUES_AT = (
    select(
        account.c.email,
        directory_person.c.id,
        directory_person.c.name,
        directory_person.c.title,
        member_person.c.strength,
        member_person.c.circle,
        member_person.c.last_contact,
    )
    .join(directory_member, directory_member.c.person_id == directory_person.c.id)
    .join(member_person, _listed(member_person.c.account_id, member_person.c.local_id))
    .join(account, account.c.id == member_person.c.account_id)
    .where(
        directory_person.c.company_key == bindparam("company_key"),
        member_person.c.account_id != bindparam("me"),
    )
    .where(member_person.c.strength > 0)
    .order_by(member_person.c.strength.desc(), directory_person.c.name, account.c.email)
)
#: the shared records of some of the member's own people (``locals``: ids in their kith)
MY_SHARED_RECORDS = select(directory_member.c.person_id).where(
    directory_member.c.account_id == bindparam("me"),
    directory_member.c.local_id.in_(bindparam("locals", expanding=True)),
)
#: those ties, but for the people the member knows themselves (``locals``)
COLLEAGUES_AT_BUT = COLLEAGUES_AT.where(directory_person.c.id.not_in(MY_SHARED_RECORDS.scalar_subquery()))
#: the member's requests for an introduction asked, accepted or declined (the latest of each last), with
#: whom they are about (a withdrawn one is as if never asked)
ASKS_MADE = (
    select(
        colleague_ask.c.id,
        colleague_ask.c.state,
        colleague_ask.c.asked_at,
        directory_member.c.person_id,
        account.c.email,
    )
    .join(directory_member, _listed(colleague_ask.c.to_account, colleague_ask.c.local_id))
    .join(account, account.c.id == colleague_ask.c.to_account)
    .where(
        colleague_ask.c.from_account == bindparam("me"),
        colleague_ask.c.state.in_(("asked", "accepted", "declined")),
    )
    .order_by(colleague_ask.c.id)
)


def member_id(settings: Settings) -> int:
    """The account whose private kith ``settings`` opens (its schema); BadInput outside a member's kith."""
    with team_transaction(settings) as conn:
        return _member_id(conn, settings)


def _member_id(conn: Connection, settings: Settings, members: Sequence[Row] | None = None) -> int:
    """``member_id`` over the team's connection ``conn`` (or from ``members``, ``published``'s rows)."""
    if settings.schema is None:
        raise BadInput("team reach needs a member: set KITH_MEMBER=EMAIL (or log in to kith serve --team)")
    if members is None:
        found = conn.execute(select(account.c.id).where(account.c.schema_name == settings.schema)).scalar()
    else:
        found = next((m.id for m in members if m.schema_name == settings.schema), None)
    if found is None:
        raise BadInput(f"no team member's kith is in the schema {settings.schema}")
    return int(found)


def team_reach(
    settings: Settings,
    company: str,
    as_of: datetime,
    *,
    limit: int = COLLEAGUES,
    known: Sequence[int] = (),
) -> dict:
    """The read model of a company's team reach for the member of ``settings``: ``colleagues`` (each with
    ``email``, ``knows``, ``reason`` and ``ask``), ``candidates`` when the company is ambiguous, and a
    ``message``. ``known``: the member's own people (ids in their kith) they know well enough to write to
    themselves (``kith.reach.contact.already_known``): no colleague is asked to introduce them."""
    key = name_key(company or "")
    # it only reads, each statement on its own (no BEGIN and COMMIT): a steady question is a few round trips
    with team_statements(settings) as conn:
        members, changed = current(conn, as_of)  # who the member is, and whose kith to publish again
        me = _member_id(conn, settings, members)
        if not key:
            raise BadInput("a company cannot be empty")
        if changed:
            refresh(settings, as_of)  # publishes them (its statements are committed: seen from here on)
        companies = (
            conn.execute(COMPANY_NAMED, {"key": key}).all()
            or conn.execute(COMPANIES_HOLDING, {"pattern": holding(key)}).all()
        )
        if len(companies) != 1:
            label = company.strip()
            candidates = sorted(name for _, name in companies)
            said = (
                f"{label!r} could be {', '.join(candidates)}; say which"
                if candidates
                else f"Nobody the team knows is at {label} now."
            )
            return {"company": label, "candidates": candidates, "colleagues": [], "message": said}
        [(chosen, label)] = companies
        there = {"company_key": chosen, "me": me, "locals": list(known)}
        found = conn.execute(COLLEAGUES_AT_BUT if known else COLLEAGUES_AT, there).all()
        # none but people the member knows: said so (read only then)
        known_only = (
            bool(known) and not found and conn.execute(COLLEAGUES_AT.limit(1), there).first() is not None
        )
        asked = {
            (r.email, r.person_id): {"id": r.id, "state": r.state, "asked_at": r.asked_at.isoformat()}
            for r in conn.execute(ASKS_MADE, {"me": me})
        }
    colleagues: dict[str, list] = {}
    for row in found:  # strongest first: a colleague's second record of the same person adds nothing
        rows = colleagues.setdefault(row.email, [])
        if all(r.id != row.id for r in rows):
            rows.append(row)
    answer = []
    for email, rows in list(colleagues.items())[:limit]:
        knows = [
            {
                "id": r.id,
                "name": r.name,
                "title": r.title,
                "circle": r.circle,
                "strength": round(r.strength, 4),
                "last_contact": r.last_contact.isoformat() if r.last_contact else None,
            }
            for r in rows[:PEOPLE_EACH]
        ]
        best = rows[0]
        who = f"{best.name}, {best.title}" if best.title else best.name
        contact = f", last contact {_month_words(best.last_contact, as_of)}" if best.last_contact else ""
        more = f" (and {len(rows) - 1} more there)" if len(rows) > 1 else ""
        answer.append(
            {
                "email": email,
                "knows": knows,
                "people_there": len(rows),
                "reason": f"{email} knows {who}: {best.circle}{contact}{more}",
                "ask": f"Ask {email} to introduce you to {best.name}.",
                # your latest request to them about that person: asked, accepted or declined (else None)
                "asked": asked.get((email, best.id)),
            }
        )
    if answer:
        message = f"{len(colleagues)} of your colleagues know someone at {label}."
        if len(colleagues) == 1:
            message = f"1 of your colleagues knows someone at {label}."
    elif known_only:
        message = f"Your colleagues know nobody at {label} that you do not know yourself."
    else:
        message = f"None of your colleagues has been in touch with anyone at {label}."
    return {"company": label, "candidates": [], "colleagues": answer, "message": message}


def with_team(settings: Settings, answer: dict, as_of: datetime) -> dict:
    """``answer`` (``kith.reach.paths.reach``'s) with ``team`` added when it is about a company and
    ``settings`` opens a team member's kith: what ``kith reach``, ``GET /api/reach`` and ``/reach`` say
    on a team's database."""
    if settings.schema is None or answer.get("candidates") or answer.get("choices"):
        return answer
    query = answer.get("query", {})
    known = [person["id"] for person in answer.get("known", [])]  # the member writes to them themselves
    if query.get("company"):
        answer["team"] = team_reach(settings, query["company"], as_of, known=known)
    elif query.get("q"):  # the reach page's box named nobody and no company of the member's: the team's?
        team = team_reach(settings, query["q"], as_of, known=known)
        if team["colleagues"]:
            answer["team"] = team
    return answer


def _month_words(month: datetime, as_of: datetime) -> str:
    """ "this month" or "in May 2026": a colleague's last contact is shared by its month only."""
    return "this month" if (month.year, month.month) == (as_of.year, as_of.month) else f"in {month:%B %Y}"
