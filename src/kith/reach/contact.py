"""The user's own contact with a person, as reach says it: whether it was real two-way contact, and its
usual kind.

- Someone the user has had **real two-way contact** with (``two_way``) needs no introduction: a
  one-to-one interaction at least as deep as a phone call (``kith.channels``: in person, video or a
  call), or anything they wrote to the user (an inbound email or message). A group event, a one-way
  note or a social reaction (a like, a comment, an endorsement: the circle "collected" when that is all
  there is) is not: a like is not knowing someone.
- The people the user **already knows** (``already_known``), the one definition reach's "you know them
  yourself" and the job board's "You know there" share: a relationship (a tie in
  ``reports.RELATIONSHIP_CIRCLES``) or real two-way contact.
- What any reach question reads of these (``Contacts``: everyone's name, and everyone the user has had
  real two-way contact with) may be read once for all of them (``contacts``): the web holds it for a
  version of the data, as it holds the ties and the graph.
- The **usual contact** (``usual_contact``) names the deepest frequent channel of the user's contact
  with a person, by its kind when it has one ("6 coffees"), else by the channel ("28 in-person
  meetings"), so that a path's reason does not call a friend met every week "40 messages".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from kith.channels import CHANNELS, channel_rank
from kith.store.schema import Interaction, InteractionParticipant, Person
from kith.wording import count

#: the channels of a real conversation: a call or anything deeper (in person, video)
CONVERSATION = tuple(c for c in CHANNELS if channel_rank(c) <= channel_rank("call"))


@dataclass(frozen=True)
class Contacts:
    """Everyone's name by id, and everyone the user has had real two-way contact with (``two_way``)."""

    names: dict[int, str]
    talked: frozenset[int]


def contacts(session: Session) -> Contacts:
    """``Contacts`` as the store says now: two statements, each a pass over a whole table."""
    names = dict(session.execute(select(Person.id, Person.name)).all())
    return Contacts(names, frozenset(two_way(session, None)))


def two_way(session: Session, people: set[int] | None) -> set[int]:
    """Those of ``people`` (None: everyone) the user has had real two-way contact with: a one-to-one
    interaction in ``CONVERSATION``, or anything they wrote to the user (``inbound``, not a social
    reaction)."""
    if people is not None and not people:
        return set()
    # one-to-one: nobody else at it (a look-up in the participants' key per interaction, never a count
    # over every interaction in the store)
    other = aliased(InteractionParticipant)
    alone = ~exists().where(
        other.interaction_id == InteractionParticipant.interaction_id,
        other.person_id != InteractionParticipant.person_id,
    )
    found = (
        select(InteractionParticipant.person_id)
        .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
        .where(
            (alone & Interaction.channel.in_(CONVERSATION))
            | ((Interaction.direction == "inbound") & (Interaction.channel != "social"))
        )
        .distinct()
    )
    if people is not None:
        found = found.where(InteractionParticipant.person_id.in_(people))
    return set(session.scalars(found).all())


def already_known(
    session: Session, people: list[int], mine: dict | None, known: Contacts | None = None
) -> list[dict]:
    """Those of ``people`` the user already knows (a relationship in ``RELATIONSHIP_CIRCLES`` by
    ``mine``, the user's ties, or real two-way contact: ``two_way``), the strongest tie first, then by
    name: ``{"id", "name", "circle"}`` each (the circle "acquaintance" when kith has no tie score).
    ``known``: the ``Contacts`` of the data as it is, when the caller holds them (no statement then)."""
    from kith.reports import RELATIONSHIP_CIRCLES

    mine = mine or {}
    talked = two_way(session, set(people)) if known is None else known.talked
    ids = [
        i
        for i in dict.fromkeys(people)
        if i in talked or (i in mine and mine[i].circle in RELATIONSHIP_CIRCLES)
    ]
    if not ids:
        return []
    if known is not None:
        names = known.names
    else:
        names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
    ids.sort(key=lambda i: (-(mine[i].strength if i in mine else 0.0), names.get(i, "")))
    return [
        {"id": i, "name": names.get(i, ""), "circle": mine[i].circle if i in mine else "acquaintance"}
        for i in ids
    ]


#: how each channel's contacts are counted when they are of several kinds: "28 in-person meetings"
CHANNEL_NOUNS = {
    "in_person": "in-person meeting",
    "video": "video call",
    "call": "phone call",
    "email": "email",
    "message": "message",
    "social": "social reaction",
}
#: a deeper channel is named when it has at least this share of the most frequent channel's contacts
FREQUENT_SHARE = 0.25


def usual_contact(session: Session, person_id: int) -> str:
    """The user's deepest frequent contact with a person, counted: "14 coffees", "28 in-person meetings"
    rather than "40 messages". Channels by depth (``kith.channels``); the deepest one with at least
    ``FREQUENT_SHARE`` of the most frequent channel's contacts is named, by its kind when it has one."""
    rows = session.execute(
        select(Interaction.channel, Interaction.kind, func.count())
        .join(InteractionParticipant, InteractionParticipant.interaction_id == Interaction.id)
        .where(InteractionParticipant.person_id == person_id)
        .group_by(Interaction.channel, Interaction.kind)
    ).all()
    if not rows:
        return ""
    by_channel: dict[str, dict[str, int]] = {}
    for channel, kind, n in rows:
        by_channel.setdefault(channel, {})[kind] = n
    most = max(sum(kinds.values()) for kinds in by_channel.values())
    frequent = [c for c, kinds in by_channel.items() if sum(kinds.values()) >= FREQUENT_SHARE * most]
    channel = min(frequent, key=lambda c: channel_rank(c) if c in CHANNELS else len(CHANNELS))
    kinds = by_channel[channel]
    if len(kinds) == 1:
        ((kind, n),) = kinds.items()
        return count(n, kind)
    return count(sum(kinds.values()), CHANNEL_NOUNS.get(channel, "interaction"))
