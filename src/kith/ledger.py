"""The give/get ledger: favours given and received, the balance per relationship, and its style.

A ``Favour`` row is one thing of value that went from a giver to a receiver (an intro, a referral,
advice, help, information, an endorsement, a recommendation, or something else). The user records
favours with ``kith favour give NAME KIND`` (the user gave) and ``kith favour get NAME KIND`` (the user
received). Nothing here is stored besides the favours: balances are counted from them.

For each relationship, with ``given`` = favours the user gave that person and ``received`` = favours the
user got from them (both counted up to ``as_of``), the **style** is the first rule that holds:

1. **too new to tell**: fewer than ``MIN_FAVOURS`` (2) favours either way; one favour shows no pattern.
2. **get-to-get** (you take, give nothing): you gave none back, or you received more than
   ``LOPSIDED`` (3) times as many as you gave.
3. **get-to-give** (they only ask): they gave none back, or you gave more than ``LOPSIDED`` (3) times
   as many as you received.
4. **give-to-get** (you gave first, it came back): the earliest favour between you was yours, and
   favours came back (within the ratio of rules 2 and 3).
5. **balanced**: both give, within that ratio, and they gave first.

``LedgerBalance.rule`` states the rule that produced the style, with the counts, in plain words, and
``LedgerBalance.label`` says the relationship at a glance, counts as "you to them": "you give, they have
not given back: 3 to 0". The ledger (``ledger_list``: ``kith ledger``, the ledger page, ``GET
/api/ledger``) lists the most one-sided relationships first: the larger the share of the favours that
went one way, the earlier (then the larger difference; "too new to tell" last).

A favour is corrected or deleted by ``kith.favours``; balances follow at once, since they are counted
from the rows each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.people.core import ensure_me, me_id
from kith.store.db import rows
from kith.store.schema import FAVOUR_KINDS, Favour, Person
from kith.store.undo import undoable
from kith.text import safe_text
from kith.wording import number

#: fewer favours than this (both directions together) is too new to tell
MIN_FAVOURS = 2
#: one side giving more than this many times what the other gives is one-sided
LOPSIDED = 3

STYLES = ("give-to-get", "get-to-get", "get-to-give", "balanced", "too new to tell")
DIRECTIONS = ("give", "get")
#: the words for a favour's direction: as typed (give, get) or as a favour's record says it
_DIRECTION_WORDS = {"give": "give", "given": "give", "get": "get", "received": "get"}


@dataclass
class LedgerBalance:
    """The favours between the user and one person, and what they say about the relationship."""

    person_id: int
    name: str
    given: int  # favours the user gave them
    received: int  # favours the user received from them
    style: str  # one of STYLES
    rule: str  # the rule behind the style, with the counts, in plain words
    first_at: datetime | None = None  # the earliest favour either way
    first_by: str | None = None  # "me" or "them": who gave first
    last_at: datetime | None = None  # the latest favour either way

    @property
    def balance(self) -> int:
        """Given minus received: positive when the user has given more."""
        return self.given - self.received

    @property
    def label(self) -> str:
        """The relationship at a glance, with the counts as "you to them" (see ``label_of``)."""
        return label_of(self.given, self.received, self.style)

    @property
    def one_sidedness(self) -> float:
        """The share of the favours that went one way beyond the other's: 0 (even) to 1 (all one way)."""
        total = self.given + self.received
        return round(abs(self.balance) / total, 3) if total else 0.0

    @property
    def why(self) -> str:
        """The rule without the counts: "you gave first and it came back"."""
        return _style_and_reason(self.given, self.received, self.first_by)[1]

    def record(self) -> dict:
        """The JSON shape (``kith ledger --json``)."""
        data = asdict(self)
        data["balance"] = self.balance
        data["why"] = self.why
        data["label"] = self.label
        data["one_sidedness"] = self.one_sidedness
        for key in ("first_at", "last_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def style_of(given: int, received: int, first_by: str | None) -> tuple[str, str]:
    """The style label and the rule behind it, with the counts, for these counts (see the module
    docstring)."""
    style, reason = _style_and_reason(given, received, first_by)
    return style, f"{reason} ({_counts(given, received)})"


def _style_and_reason(given: int, received: int, first_by: str | None) -> tuple[str, str]:
    """The style label and the rule that gives it, in plain words, without the counts."""
    if given + received < MIN_FAVOURS:
        return "too new to tell", f"fewer than {MIN_FAVOURS} favours either way"
    if given == 0 or received > LOPSIDED * given:
        why = "you gave nothing back" if given == 0 else f"you received over {LOPSIDED} times what you gave"
        return "get-to-get", f"you take: {why}"
    if received == 0 or given > LOPSIDED * received:
        why = "nothing came back" if received == 0 else f"you gave over {LOPSIDED} times what came back"
        return "get-to-give", f"they only ask: {why}"
    if first_by == "me":
        return "give-to-get", "you gave first and it came back"
    return "balanced", f"both give, within {LOPSIDED} to 1, and they gave first"


def label_of(given: int, received: int, style: str) -> str:
    """A balance in plain words, the counts as "you to them": "you give, they have not given back: 3 to
    0", "you get far more than you give: 1 to 4", "you gave first and it came back: 2 to 1"."""
    score = f"{number(given)} to {number(received)}"
    if style == "too new to tell":
        return f"too new to tell: {score}"
    if style == "get-to-give":
        words = "you give, they have not given back" if received == 0 else "you give far more than you get"
    elif style == "get-to-get":
        words = "they give, you have not given back" if given == 0 else "you get far more than you give"
    elif style == "give-to-get":
        words = "you gave first and it came back"
    else:
        words = "both give, and they gave first"
    return f"{words}: {score}"


def owed(given: int, received: int, label: str) -> str:
    """A balance in one phrase: its label, and "you owe them one" when they gave more than the user."""
    return f"{label}; you owe them one" if received > given else label


def ledger_list(session: Session, as_of: datetime) -> list[LedgerBalance]:
    """Every balance, the most one-sided first (see the module docstring), then by name."""
    return sorted(
        balances(session, as_of),
        key=lambda b: (
            b.style == "too new to tell",
            -b.one_sidedness,
            -abs(b.balance),
            b.name.casefold(),
            b.person_id,
        ),
    )


def _counts(given: int, received: int) -> str:
    return f"you gave {given}, received {received}"


def describe_balance(given: int, received: int, style: str, why: str) -> str:
    """One line: "you gave first and it came back: 2 to 1 (give-to-get)"; ``why``, the rule without
    the counts (``LedgerBalance.why``), is what the label says in other words, so it is left out."""
    label = label_of(given, received, style)
    return label if label.startswith(style) else f"{label} ({style})"


def check_kind(kind: str) -> str:
    """A favour kind, normalised; BadInput for an unknown one."""
    key = (kind or "").strip().lower()
    if key not in FAVOUR_KINDS:
        raise BadInput(f"unknown favour kind {kind!r}; use one of: {', '.join(FAVOUR_KINDS)}")
    return key


def check_direction(direction: str) -> str:
    """A favour's direction as "give" (the user gave) or "get" (the user received), from those words or
    a record's "given" and "received"; BadInput for anything else."""
    key = (direction or "").strip().lower()
    if key not in _DIRECTION_WORDS:
        raise BadInput(f"unknown direction {direction!r}; use give (you gave) or get (you received)")
    return _DIRECTION_WORDS[key]


def favour_note(note: str | None) -> str | None:
    """A favour's note as stored: control characters made safe, blank as None."""
    return safe_text(note or "", multiline=True).strip() or None


@undoable("favour {direction} {person.name} {kind}")
def record_favour(
    session: Session,
    person: Person,
    direction: str,
    kind: str,
    *,
    when: datetime,
    note: str | None = None,
) -> Favour:
    """Record a favour the user gave ``person`` (direction "give") or got from them ("get")."""
    direction = check_direction(direction)
    kind = check_kind(kind)
    if person.is_me:
        raise BadInput("a favour goes between you and someone else; name the other person")
    me = ensure_me(session)
    giver, receiver = (me, person) if direction == "give" else (person, me)
    favour = Favour(
        giver_id=giver.id,
        receiver_id=receiver.id,
        kind=kind,
        note=favour_note(note),
        occurred_at=when,
    )
    session.add(favour)
    session.flush()
    return favour


def balance(session: Session, person: Person | int, as_of: datetime) -> LedgerBalance:
    """The balance and style of the relationship with ``person`` (or a person id) up to ``as_of``."""
    pid = person if isinstance(person, int) else person.id
    # (for the user, the favours found are with everyone else: none is a balance with themselves)
    found = [b for b in balances(session, as_of, person_ids=[pid]) if b.person_id == pid]
    if found:
        return found[0]
    name = (
        session.scalar(select(Person.name).where(Person.id == pid))
        if isinstance(person, int)
        else person.name
    )
    if name is None:
        raise NotFound(f"no person #{pid}")
    return _balance(pid, name, None)


_ME: Any = bindparam("me")
_IDS: Any = bindparam("ids", expanding=True)
#: the favours between the user and someone else up to a time, oldest first; those with some people;
#: people's names (built once: reach reads them with every question)
FAVOURS = (
    select(Favour.giver_id, Favour.receiver_id, Favour.occurred_at)
    .where(
        or_(Favour.giver_id == _ME, Favour.receiver_id == _ME),
        Favour.giver_id != Favour.receiver_id,
        Favour.occurred_at <= bindparam("as_of"),
    )
    .order_by(Favour.occurred_at, Favour.id)
)
FAVOURS_WITH = FAVOURS.where(or_(Favour.giver_id.in_(_IDS), Favour.receiver_id.in_(_IDS)))
NAMES = select(Person.id, Person.name).where(Person.id.in_(_IDS))


def balances(session: Session, as_of: datetime, person_ids: list[int] | None = None) -> list[LedgerBalance]:
    """The balance of every relationship with at least one favour up to ``as_of``, by name."""
    me = me_id(session)
    if me is None:
        return []
    params = {"me": me, "as_of": as_of, "ids": person_ids}
    tally: dict[int, dict] = {}
    for giver, receiver, at in rows(session, FAVOURS if person_ids is None else FAVOURS_WITH, params):
        _count(tally, me, giver, receiver, at)
    names = dict(rows(session, NAMES, {"ids": list(tally)}).all()) if tally else {}
    result = [_balance(pid, names.get(pid, f"#{pid}"), row) for pid, row in tally.items()]
    return sorted(result, key=lambda b: (b.name.casefold(), b.person_id))


def _count(tally: dict[int, dict], me: int, giver: int, receiver: int, at: datetime) -> None:
    """Add one favour (they come oldest first) to the running counts of the other person in it."""
    mine = giver == me
    other = receiver if mine else giver
    row = tally.setdefault(other, {"given": 0, "received": 0, "first_at": at, "first_by": None})
    row["given" if mine else "received"] += 1
    row["first_by"] = row["first_by"] or ("me" if mine else "them")
    row["last_at"] = at


def _balance(person_id: int, name: str, counted: dict | None) -> LedgerBalance:
    if counted is None:
        style, rule = style_of(0, 0, None)
        return LedgerBalance(person_id, name, 0, 0, style, rule)
    style, rule = style_of(counted["given"], counted["received"], counted["first_by"])
    return LedgerBalance(
        person_id,
        name,
        counted["given"],
        counted["received"],
        style,
        rule,
        counted["first_at"],
        counted["first_by"],
        counted["last_at"],
    )


#: the favours between the user and one person up to a time, oldest first (built once: every person page
#: reads it, see ``kith.store.db.rows``)
BETWEEN = (
    select(Favour.id, Favour.giver_id, Favour.receiver_id, Favour.kind, Favour.occurred_at, Favour.note)
    .where(
        or_(
            (Favour.giver_id == bindparam("me")) & (Favour.receiver_id == bindparam("person_id")),
            (Favour.giver_id == bindparam("person_id")) & (Favour.receiver_id == bindparam("me")),
        ),
        Favour.occurred_at <= bindparam("as_of"),
    )
    .order_by(Favour.occurred_at, Favour.id)
)


def relationship(
    session: Session, person_id: int, name: str, as_of: datetime
) -> tuple[LedgerBalance, Sequence[Row]]:
    """The balance with one person (``name`` as the caller has it) and the favours behind it, oldest
    first, as rows of id, giver id, receiver id, kind, time and note: one query for both."""
    me = me_id(session)
    if me is None or me == person_id:
        return _balance(person_id, name, None), []
    found = rows(session, BETWEEN, {"me": me, "person_id": person_id, "as_of": as_of}).all()
    tally: dict[int, dict] = {}
    for _id, giver, receiver, _kind, at, _note in found:
        _count(tally, me, giver, receiver, at)
    return _balance(person_id, name, tally.get(person_id)), found


def favour_record(favour: Favour, person_id: int, person: str) -> dict:
    """The one shape of a favour, seen from the user's side with ``person`` (the other party)."""
    return favour_values(
        favour.id,
        favour.giver_id,
        favour.receiver_id,
        favour.kind,
        favour.occurred_at,
        favour.note,
        person_id=person_id,
        person=person,
    )


def favour_values(
    fid: int,
    giver_id: int,
    receiver_id: int,
    kind: str,
    when: datetime,
    note: str | None,
    *,
    person_id: int,
    person: str,
) -> dict:
    """``favour_record`` from plain values: "given" when the user gave it to ``person``, else "received"."""
    return {
        "id": fid,
        "person_id": person_id,
        "person": person,
        "direction": "given" if receiver_id == person_id else "received",
        "kind": kind,
        "when": when.isoformat(),
        "note": note,
    }


def person_ledger(session: Session, person_id: int, name: str, as_of: datetime) -> dict:
    """The give/get balance with one person and the favours behind it, newest first: the read model of
    ``kith ledger NAME --json``, the person page and its API."""
    balance, found = relationship(session, person_id, name, as_of)
    return {
        "balance": balance.record(),
        "favours": [favour_values(*favour, person_id=person_id, person=name) for favour in reversed(found)],
    }
