"""The companies a job seeker targets and the steps of the search at each (the actions of ``kith job``).

A ``JobTarget`` is one company (one per ``name_key``, as organisations are matched), active until the
user closes it (kept, with its history) or removes it (deleted, with its steps). A ``JobEvent`` is one
step at a target (``EVENT_KINDS``): an online application, a referral asked of someone or received
through them, an interview, an offer, a rejection. A step has happened, except an interview, which may be
booked ahead (``SCHEDULED``): dated after now, it is upcoming (the board lists it apart, the agenda says
to prepare for it). Each action is undoable; a step recorded wrong is
corrected (``edit_step``: its kind, time, role, person or note) or deleted (``delete_step``) by its
number, and a target's role is changed (``edit_target``) without closing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.corrections import KEEP, Keep
from kith.errors import AmbiguousCompany, BadInput, CloseCompany, Conflict, NotFound
from kith.people.identities import name_key
from kith.store import get_numbered, ref_number
from kith.store.schema import JobEvent, JobTarget, Organisation, Person
from kith.store.undo import undoable
from kith.text import one_line

EVENT_KINDS = ("application", "referral_asked", "referral", "interview", "offer", "rejection")
#: each kind of step in words, for the undo history and the CLI's answers
EVENT_WORDS = {
    "application": "an application",
    "referral_asked": "a referral asked",
    "referral": "a referral received",
    "interview": "an interview",
    "offer": "an offer",
    "rejection": "a rejection",
}
#: the steps that may be dated ahead (booked): an interview; the others are recorded once they happened
SCHEDULED = ("interview",)
TARGET_STATES = ("active", "closed")
#: how long before a company was targeted a step of that search may be dated (a search begun before it
#: was in kith), and no longer
EARLIEST = timedelta(days=365)
MAX_TEXT = 300


def _text(value: str | None, what: str) -> str | None:
    text = one_line(value or "")
    if len(text) > MAX_TEXT:
        raise BadInput(f"{what} is at most {MAX_TEXT} characters (this one has {len(text)})")
    return text or None


def _check_time(kind: str, when: datetime, now: datetime, target: JobTarget) -> None:
    """Refuse a step dated after now unless it is one that is booked ahead (an interview), and one dated
    more than ``EARLIEST`` before the company was targeted (a year typed wrong: 1990 for 2026)."""
    if when > now and kind not in SCHEDULED:
        raise BadInput(
            f"{EVENT_WORDS.get(kind, kind)} is recorded once it has happened, and {when:%Y-%m-%d} is in the"
            " future; only an interview can be booked ahead"
        )
    if when < target.added_at - EARLIEST:
        raise BadInput(
            f"{when:%Y-%m-%d} is more than a year before you targeted {target.company}"
            f" ({target.added_at:%Y-%m-%d}): check the date"
        )


def find_target(session: Session, company: str) -> JobTarget | None:
    """The target at ``company`` (matched as organisations are: case, accents and suffixes aside)."""
    key = name_key(company or "")
    return session.scalar(select(JobTarget).where(JobTarget.company_key == key)) if key else None


def get_target(session: Session, company: str) -> JobTarget:
    """The target at ``company``; NotFound (saying how to add it) otherwise."""
    target = find_target(session, company)
    if target is None:
        raise NotFound(f"{company.strip()!r} is not one of your target companies; add it as a target first")
    return target


def company_name(session: Session, company: str) -> str:
    """The company a target is about, resolved as reach resolves one (``reach.targets.companies_called``):
    the organisation of that very name or the one whose name holds the text, by its name as stored;
    AmbiguousCompany when several hold it; the text as typed when none does (a job seeker targets
    companies where they know nobody yet: ``company_notice`` says so)."""
    from kith.reach.targets import companies_called

    name = _text(company, "a company name")
    if not name or not name_key(name):
        raise BadInput("say which company to target, e.g. Acme")
    found = sorted({n for _, n in companies_called(session, name)})
    if len(found) > 1:
        raise AmbiguousCompany(name, found)
    return found[0] if found else name


def company_notice(session: Session, company: str) -> str | None:
    """What to say on targeting ``company`` when nobody in kith works there: "no one in kith works at
    Acne yet; did you mean Acme?" (the closest organisation's name, when one is close); None otherwise."""
    from kith.job.board import people_at

    if people_at(session, name_key(company))[0]:
        return None
    said = f"no one in kith works at {company} yet"
    meant = company_suggestion(session, company)
    return f"{said}; did you mean {meant}?" if meant else said


def company_suggestion(session: Session, company: str) -> str | None:
    """The organisation kith knows whose name is closest to ``company`` when one is close (a typo:
    "Acne" for Acme) and nobody in kith works at ``company``; None otherwise."""
    from kith.job.board import people_at
    from kith.near import closest

    key = name_key(company)
    if people_at(session, key)[0]:
        return None
    close = closest(company, session.scalars(select(Organisation.name)), most=1)
    return close[0] if close else None


def _known_organisation(session: Session, name: str) -> bool:
    key = name_key(name)
    return any(name_key(n) == key for n in session.scalars(select(Organisation.name)))


@undoable(lambda company, **_: f"target {one_line(company)}")
def add_target(
    session: Session, company: str, *, now: datetime, role: str | None = None, new: bool = False
) -> JobTarget:
    """Add a company to the job search (a closed one is opened again, its history kept), by its name as
    stored when kith knows it (``company_name``). A company kith knows no organisation of that name but
    one close to it (a typo: "Fatom AI" for Fathom AI) is refused with it (``CloseCompany``) unless
    ``new``: the user means a company they know nobody at yet."""
    name = company_name(session, company)
    target = find_target(session, name)
    if target is None and not new and not _known_organisation(session, name):
        meant = company_suggestion(session, name)
        if meant:
            raise CloseCompany(name, meant)
    if target is not None and target.state == "active":
        raise Conflict(f"{target.company} is a target already: it is on your job board")
    if target is None:
        target = JobTarget(company=name, company_key=name_key(name), added_at=now)
        session.add(target)
    target.state = "active"
    if role is not None:
        target.role = _text(role, "a role")
    session.flush()
    return target


@undoable(lambda company, **_: f"close the target {one_line(company)}")
def close_target(session: Session, company: str) -> JobTarget:
    """Stop pursuing a company: it leaves the board's next steps and the agenda, its history kept."""
    target = get_target(session, company)
    if target.state == "closed":
        raise Conflict(f"{target.company} is closed already; adding it as a target again opens it")
    target.state = "closed"
    session.flush()
    return target


@undoable(lambda company, **_: f"remove the target {one_line(company)}")
def remove_target(session: Session, company: str) -> dict:
    """Delete a target and every step recorded at it; returns what was removed, in counts."""
    target = get_target(session, company)
    steps = list(session.scalars(select(JobEvent).where(JobEvent.target_id == target.id)))
    removed = {"company": target.company, "steps": len(steps)}
    for step in steps:
        session.delete(step)
    session.delete(target)
    session.flush()
    return removed


@undoable(lambda company, kind, **_: f"record {EVENT_WORDS.get(kind, kind)} at {one_line(company)}")
def record_step(
    session: Session,
    company: str,
    kind: str,
    *,
    when: datetime,
    now: datetime,
    role: str | None = None,
    person: Person | None = None,
    note: str | None = None,
) -> JobEvent:
    """Record a step of the search at a target company (a referral is through a person); only an
    interview may be dated after ``now`` (booked ahead)."""
    if kind not in EVENT_KINDS:
        raise BadInput(f"unknown step {kind!r}; use one of: {', '.join(EVENT_KINDS)}")
    target = get_target(session, company)
    _check_time(kind, when, now, target)
    if kind in ("referral_asked", "referral") and person is None:
        raise BadInput("a referral goes through someone: say who it went through")
    if person is not None and person.is_me:
        raise BadInput("name the person it went through, not yourself")
    if target.state != "active":
        raise Conflict(f"{target.company} is closed; adding it as a target again opens it")
    event = JobEvent(
        target_id=target.id,
        kind=kind,
        role=_text(role, "a role") or (target.role if kind == "application" else None),
        person_id=person.id if person is not None else None,
        note=_text(note, "a note"),
        occurred_at=when,
    )
    session.add(event)
    session.flush()
    return event


def record_typed_step(
    session: Session,
    company: str,
    kind: str,
    *,
    now: datetime,
    when: str | None = None,
    role: str | None = None,
    via: str | None = None,
    note: str | None = None,
) -> JobEvent:
    """``record_step`` from what was typed (``kith job apply``, the board's form, ``POST
    /api/job/steps``): the date as kith reads dates, the person by name."""
    from kith.people.lookup import resolve
    from kith.when import parse_when

    # a bare weekday or day means the last one, as for anything that happened; "next thursday" or a date
    # books an interview ahead
    at = parse_when(when, now, past_only=True, ahead_ok=True) if when and when.strip() else now
    person = resolve(session, via) if via and via.strip() else None
    return record_step(session, company, kind, when=at, now=now, role=role, person=person, note=note)


@undoable(lambda company, **_: f"change the role at {one_line(company)}")
def edit_target(session: Session, company: str, *, role: str | None) -> JobTarget:
    """Change the role wanted at a target (None or empty clears it); its steps stay as recorded."""
    target = get_target(session, company)
    target.role = _text(role, "a role")
    session.flush()
    return target


def get_step(session: Session, ref: str | int) -> JobEvent:
    """The step numbered ``ref`` ("12", "#12" or 12), as the job board lists them."""
    return get_numbered(session, JobEvent, ref, "job step", "the job board")


@undoable(lambda ref, **_: f"correct job step #{ref_number(ref)}")
def edit_step(
    session: Session,
    ref: str | int,
    *,
    now: datetime,
    kind: str | Keep = KEEP,
    when: datetime | Keep = KEEP,
    role: str | None | Keep = KEEP,
    person: Person | None | Keep = KEEP,
    note: str | None | Keep = KEEP,
) -> JobEvent:
    """Correct one step: its kind, time (after now only for an interview), role, person (None: nobody) or note (None
    clears it). KEEP leaves a field as it is; a referral still goes through someone."""
    event = get_step(session, ref)
    if all(value is KEEP for value in (kind, when, role, person, note)):
        raise BadInput("nothing to change: say what to correct (the step, when, role, who or note)")
    new_kind = event.kind if isinstance(kind, Keep) else kind
    if new_kind not in EVENT_KINDS:
        raise BadInput(f"unknown step {new_kind!r}; use one of: {', '.join(EVENT_KINDS)}")
    _check_time(new_kind, event.occurred_at if isinstance(when, Keep) else when, now, event.target)
    new_person = event.person if isinstance(person, Keep) else person
    if new_person is not None and new_person.is_me:
        raise BadInput("name the person it went through, not yourself")
    if new_kind in ("referral_asked", "referral") and new_person is None:
        raise BadInput("a referral goes through someone: say who it went through")
    event.kind = new_kind
    if not isinstance(when, Keep):
        event.occurred_at = when
    if not isinstance(role, Keep):
        event.role = _text(role, "a role")
    if not isinstance(person, Keep):
        event.person_id = person.id if person is not None else None
    if not isinstance(note, Keep):
        event.note = _text(note, "a note")
    session.flush()
    session.expire(event, ["person"])
    return event


@undoable(lambda ref, **_: f"delete job step #{ref_number(ref)}")
def delete_step(session: Session, ref: str | int) -> dict:
    """Delete a step recorded by mistake; returns it as it was (``kith.job.board.step_record``)."""
    from kith.job.board import step_record

    event = get_step(session, ref)
    record = step_record(event)
    session.delete(event)
    session.flush()
    return record


@dataclass
class StepEdit:
    """A correction of a step as typed (``kith job step edit``, the board's edit form, ``PATCH
    /api/job/steps/{id}``): KEEP leaves a field as it is; an empty role, note or person clears it."""

    kind: str | Keep = KEEP
    when: str | Keep = KEEP
    role: str | None | Keep = KEEP
    via: str | None | Keep = KEEP
    note: str | None | Keep = KEEP


def correct_step(session: Session, ref: str | int, typed: StepEdit, *, now: datetime) -> JobEvent:
    """Read a correction as typed (the date as kith reads dates, the person by name) and make it."""
    from kith.people.lookup import resolve
    from kith.when import parse_when

    person: Person | None | Keep = KEEP
    if not isinstance(typed.via, Keep):
        person = resolve(session, typed.via) if typed.via and typed.via.strip() else None
    return edit_step(
        session,
        ref,
        now=now,
        kind=typed.kind,
        when=typed.when
        if isinstance(typed.when, Keep)
        else parse_when(typed.when, now, past_only=True, ahead_ok=True),
        role=typed.role,
        person=person,
        note=typed.note,
    )
