"""A synthetic professional network with the shape of a real one, from a seed.

``make_network(seed, as_of, connections=1500)`` returns a ``Network``: the user, their LinkedIn
connections (most never contacted), a year of what actually happened with a few of them (coffee, calls,
video, email, LinkedIn messages, likes; favours both ways; promises), invitations, endorsements and
recommendations, and a second LinkedIn export a few days before ``as_of`` in which some people have new
jobs and a few new connections appear.

Everyone is made up: names are random pairs from common first and last names, emails are at ``.example``
domains, profile slugs carry a random suffix. The same seed and ``as_of`` give the same network.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from kith.sample.vocabulary import (
    COMPANIES,
    FIRST_NAMES,
    INTERESTS,
    INVITE_MESSAGES,
    LAST_NAMES,
    MET_MESSAGES,
    MY_TAGS,
    PROMISES,
    SKILLS,
    TITLES,
    TOPICS,
)

#: share of connections per tier (the rest are connections with no contact at all) and contacts per year
TIERS: tuple[tuple[str, float, int, tuple[int, int]], ...] = (
    # name, share of connections, minimum count, interactions per year (low, high)
    ("intimate", 0.004, 2, (30, 45)),
    ("close", 0.01, 3, (12, 20)),
    ("friends", 0.025, 4, (5, 9)),
    ("meaningful", 0.05, 5, (2, 4)),
    ("acquaintance", 0.12, 6, (1, 2)),
    # real once (old colleagues, a former client), nothing for more than a year
    ("dormant", 0.02, 4, (2, 5)),
)
#: interactions in the two years before the sample's year (tenure: close ties go back a long way)
HISTORY = {"intimate": (12, 20), "close": (5, 10), "friends": (2, 5)}
#: kinds by tier: how the user is in touch (message = a LinkedIn message, in the export)
KIND_WEIGHTS = {
    "intimate": {
        "coffee": 5,
        "lunch": 4,
        "dinner": 2,
        "drinks": 1,
        "call": 4,
        "video": 2,
        "email": 3,
        "message": 3,
        "like": 1,
    },
    "close": {"coffee": 4, "lunch": 3, "call": 3, "video": 3, "email": 4, "message": 3, "like": 2},
    "friends": {"coffee": 3, "lunch": 1, "call": 2, "video": 2, "email": 4, "message": 4, "like": 3},
    "meaningful": {"coffee": 1, "call": 1, "video": 2, "email": 4, "message": 4, "like": 4, "comment": 2},
    "acquaintance": {"email": 1, "message": 3, "like": 6, "comment": 2},
    "dormant": {"coffee": 2, "lunch": 2, "meeting": 2, "call": 2, "email": 3, "message": 1},
}
DURATIONS = {
    "coffee": (30, 60),
    "lunch": (60, 90),
    "dinner": (90, 150),
    "drinks": (60, 120),
    "meeting": (30, 60),
    "event": (120, 240),
    "call": (10, 45),
    "video": (25, 60),
}
#: a fading tie is seen half as often every this many days after it begins to fade (Roberts & Dunbar 2015
#: found emotional closeness falling measurably within months once contact drops)
FADE_HALF_LIFE_DAYS = 60
HOURS = {"coffee": (8, 10), "lunch": (12, 13), "dinner": (19, 20), "drinks": (18, 19), "event": (17, 18)}


@dataclass
class Contact:
    key: int
    first: str
    last: str
    slug: str
    company: str
    title: str
    #: the email LinkedIn shows (most people hide it) and the one the user writes to
    shared_email: str | None
    email: str
    connected_on: date | None
    tier: str = "connection"
    #: how the tie moves over the year: steady, fading (quiet lately) or warming (new and active)
    phase: str = "steady"
    new_company: str | None = None
    new_title: str | None = None
    #: only in the second export (connected between the two)
    late: bool = False
    #: what the user tagged them with, and whether the user likes them (None: not said)
    tags: list[str] = field(default_factory=list)
    liked: bool | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


@dataclass
class Event:
    """Something the user logged: ``kind`` with ``people`` (contact keys) at ``when``."""

    when: datetime
    kind: str
    people: list[int]
    direction: str
    duration_min: int | None = None
    summary: str | None = None


@dataclass
class Message:
    conversation: str
    contact: int
    inbound: bool
    when: datetime
    text: str


@dataclass
class Favour:
    contact: int
    kind: str
    given: bool
    when: datetime
    note: str


@dataclass
class Promise:
    #: the index of the event (in ``Network.events``) the promise was made in
    event: int
    contact: int
    owed_by: str
    text: str
    made: datetime
    due: datetime
    done: datetime | None


@dataclass
class Invitation:
    contact: int
    incoming: bool
    when: datetime
    message: str | None


@dataclass
class Endorsement:
    contact: int
    received: bool
    skill: str
    when: datetime


@dataclass
class Recommendation:
    contact: int
    received: bool
    text: str
    when: datetime


@dataclass
class Network:
    seed: int
    as_of: datetime
    first_export: datetime
    second_export: datetime
    me: Contact
    #: the user's earlier job (company, title, from, to): former colleagues share it
    me_before: tuple[str, str, date, date]
    contacts: list[Contact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    favours: list[Favour] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)

    def contact(self, key: int) -> Contact:
        return self.contacts[key]


def _domain(company: str) -> str:
    return (
        "".join(c if c.isalnum() else "-" for c in company.lower()).replace("--", "-").strip("-") + ".example"
    )


def _at(rng: random.Random, day: date, kind: str) -> datetime:
    low, high = HOURS.get(kind, (9, 17))
    return datetime.combine(day, time(rng.randint(low, high), rng.choice((0, 15, 30, 45))), UTC)


def _workday(rng: random.Random, start: date, end: date) -> date:
    span = max((end - start).days, 1)
    for _ in range(10):
        day = start + timedelta(days=rng.randrange(span))
        if day.weekday() < 5:
            return day
    return day


def make_network(seed: int, as_of: datetime, connections: int = 1500) -> Network:
    """The sample network for ``seed`` as seen at ``as_of`` (about ``connections`` LinkedIn connections)."""
    rng = random.Random(seed)
    as_of = as_of.astimezone(UTC)
    net = Network(
        seed=seed,
        as_of=as_of,
        first_export=as_of - timedelta(days=120),
        second_export=as_of - timedelta(days=3),
        me=Contact(
            -1,
            "Robin",
            "Example",
            "robin-example-kith",
            "Meridian Consulting",
            "Principal Consultant",
            None,
            "robin@example.com",
            None,
            tags=list(MY_TAGS),
        ),
        me_before=(
            "Granite Bank",
            "Analyst",
            as_of.date() - timedelta(days=3650),
            as_of.date() - timedelta(days=1500),
        ),
    )
    _people(rng, net, connections)
    _diary(rng, net)
    _linkedin_activity(rng, net)
    return net


def _people(rng: random.Random, net: Network, connections: int) -> None:
    late = max(3, connections // 60)
    pending = max(3, connections // 250)
    total = connections + late + pending + max(3, connections // 100)
    pairs = [(f, surname) for f in FIRST_NAMES for surname in LAST_NAMES]
    rng.shuffle(pairs)
    first_day = net.first_export.date()
    for key, (first, last) in enumerate(pairs[:total]):
        company = rng.choice(COMPANIES)
        email = f"{first.lower()}.{last.lower()}@{_domain(company)}"
        contact = Contact(
            key=key,
            first=first,
            last=last,
            slug=f"{first.lower()}-{last.lower()}-{rng.getrandbits(24):06x}",
            company=company,
            title=rng.choice(TITLES),
            shared_email=email if rng.random() < 0.12 else None,
            email=email,
            # the older the connection, the likelier: a network grown over about eight years
            connected_on=first_day - timedelta(days=int(2900 * rng.random() ** 0.7)),
        )
        net.contacts.append(contact)
    # who is what: the first ones are the user's real relationships, the rest only connections
    start = 0
    for tier, share, minimum, _ in TIERS:
        count = max(minimum, round(connections * share))
        for contact in net.contacts[start : start + count]:
            contact.tier = tier
            contact.phase = rng.choices(("steady", "fading", "warming"), (6, 3, 1))[0]
            _personal(rng, net, contact)
        start += count
    # connected between the two exports (and met lately: a warming tie or a fresh connection)
    for contact in net.contacts[connections : connections + late]:
        contact.late = True
        contact.connected_on = _workday(rng, first_day + timedelta(days=1), net.second_export.date())
        if rng.random() < 0.4:
            contact.tier, contact.phase = "acquaintance", "warming"
    # invited the user and waiting, or people the user knows but is not connected to
    for contact in net.contacts[connections + late :]:
        contact.connected_on = None
        contact.tier = "pending" if contact.key < connections + late + pending else "offline"
    for contact in net.contacts[connections + late + pending :]:
        contact.tier, contact.phase = rng.choice(("friends", "meaningful", "meaningful")), "steady"
        contact.shared_email = None
        _personal(rng, net, contact)
    # job changes seen in the second export: about 3% of connections, close ties included
    for contact in net.contacts[: connections + late]:
        chance = 0.25 if contact.tier in ("intimate", "close", "friends") else 0.03
        if not contact.late and rng.random() < chance:
            contact.new_company = rng.choice([c for c in COMPANIES if c != contact.company])
            contact.new_title = rng.choice(TITLES) if rng.random() < 0.7 else contact.title


def _personal(rng: random.Random, net: Network, contact: Contact) -> None:
    """What the user knows of a real tie: shared employers and interests, liking."""
    inner = contact.tier in ("intimate", "close", "friends")
    if rng.random() < (0.4 if inner else 0.1):
        contact.company = rng.choice((net.me.company, net.me_before[0]))
        contact.email = f"{contact.first.lower()}.{contact.last.lower()}@{_domain(contact.company)}"
        contact.shared_email = contact.shared_email and contact.email
    if rng.random() < (0.8 if inner else 0.3):
        contact.tags = sorted(set(rng.sample(MY_TAGS, 1) + rng.sample(INTERESTS, rng.randint(0, 2))))
    if inner or rng.random() < 0.3:
        contact.liked = rng.choices((True, False, None), (5, 1, 3))[0]


def _diary(rng: random.Random, net: Network) -> None:
    """What the user logged: a year by tier, phase and kind, older history; favours and promises.

    When contact happens follows what studies of tie persistence report (Burt 2002, *Bridge decay*;
    Roberts & Dunbar 2015, *Managing relationship decay*): a tie keeps the rhythm it has, so the past
    predicts the future; a tie that fades does not stop at once but is seen ever less often (its rate of
    contact halves every ``FADE_HALF_LIFE_DAYS`` after a turning point), and a dormant tie is one that
    faded that way years ago.
    """
    end = net.as_of.date()
    year_ago = end - timedelta(days=365)
    rates = {tier: span for tier, _, _, span in TIERS}
    # when a fading tie turns, and which days it is still seen, come from a stream of their own, so the
    # rest of the sample (kinds, favours, promises) is drawn as it always was
    fades = random.Random(f"{net.seed}-fades")
    for contact in net.contacts:
        if contact.tier not in rates:
            continue
        count = rng.randint(*rates[contact.tier])
        begin, finish = year_ago, end
        turning: tuple[date, random.Random] | None = None
        if contact.tier == "dormant":
            begin, finish = end - timedelta(days=1100), end - timedelta(days=400)
            turning = (begin + timedelta(days=fades.randrange(0, 200)), fades)
        elif contact.phase == "fading":
            turning = (year_ago + timedelta(days=fades.randrange(0, 200)), fades)
        elif contact.phase == "warming":
            begin = end - timedelta(days=100)
            count = max(1, count // 2)
        if contact.late:
            begin = contact.connected_on or begin
        _contacts(rng, net, contact, count, begin, finish, turning)
        if contact.tier in HISTORY and contact.phase != "warming" and not contact.late:
            history = rng.randint(*HISTORY[contact.tier])
            _contacts(rng, net, contact, history, end - timedelta(days=1000), year_ago)
    _group_events(rng, net, year_ago, end)
    _favours_and_promises(rng, net)
    _this_week(rng, net)


def _this_week(rng: random.Random, net: Network) -> None:
    """What happened in the last days that this week's agenda should pick up: a first coffee (with a
    promise) and a first video call with new connections, to follow up; an email from a friend, waiting
    for an answer."""
    end = net.as_of
    # new connections first, then older ones never contacted
    never = [c for c in net.contacts if c.tier == "connection" and c.connected_on is not None]
    new = sorted(never, key=lambda c: not c.late)
    for contact, kind, days in zip(new, ("coffee", "video"), (2, 1), strict=False):
        when = _at(rng, (end - timedelta(days=days)).date(), kind)
        net.events.append(
            Event(
                when,
                kind,
                [contact.key],
                "outbound",
                rng.randint(*DURATIONS[kind]),
                f"First {kind}: {rng.choice(TOPICS)}",
            )
        )
        if kind == "coffee":
            promise = rng.choice(PROMISES)
            net.promises.append(
                Promise(len(net.events) - 1, contact.key, "me", promise, when, when + timedelta(days=3), None)
            )
    last: dict[int, datetime] = {}
    for event in net.events:
        for key in event.people:
            last[key] = max(last.get(key, event.when), event.when)
    for message in net.messages:
        last[message.contact] = max(last.get(message.contact, message.when), message.when)
    quiet = [
        c
        for c in net.contacts
        if c.tier in ("close", "friends") and c.key in last and last[c.key] < end - timedelta(days=6)
    ]
    if quiet:
        friend = rng.choice(quiet)
        when = _at(rng, (end - timedelta(days=4)).date(), "email")
        net.events.append(Event(when, "email", [friend.key], "inbound", None, "Asked for advice on an offer"))


def _day_on_rhythm(
    rng: random.Random, begin: date, finish: date, turning: tuple[date, random.Random] | None
) -> date:
    """A working day between ``begin`` and ``finish``: uniform for a steady tie; for a fading one (turning
    on the given day, its own random stream deciding), as likely as ever up to that day and ever less
    likely after it (half as likely every ``FADE_HALF_LIFE_DAYS``)."""
    day = _workday(rng, begin, finish)
    if turning is None:
        return day
    when, fades = turning
    while day > when and fades.random() >= 0.5 ** ((day - when).days / FADE_HALF_LIFE_DAYS):
        day = _workday(fades, begin, finish)
    return day


def _contacts(
    rng: random.Random,
    net: Network,
    contact: Contact,
    count: int,
    begin: date,
    finish: date,
    turning: tuple[date, random.Random] | None = None,
) -> None:
    """``count`` interactions with ``contact`` between two days, of the kinds usual for their tier; a
    fading tie (``turning``: when it began to fade) is seen ever less often after that day."""
    weights = KIND_WEIGHTS[contact.tier]
    for _ in range(count):
        kind = rng.choices(list(weights), list(weights.values()))[0]
        if kind == "message" and contact.connected_on is None:
            kind = "email"  # not connected on LinkedIn: no LinkedIn messages either
        when = _at(rng, _day_on_rhythm(rng, begin, finish, turning), kind)
        if kind == "message":
            _conversation(rng, net, contact, when)
            continue
        inbound = rng.random() < (0.45 if contact.tier in ("intimate", "close") else 0.3)
        span = DURATIONS.get(kind)
        net.events.append(
            Event(
                when=when,
                kind=kind,
                people=[contact.key],
                direction="inbound" if inbound and kind not in ("like", "comment") else "outbound",
                duration_min=rng.randint(*span) if span else None,
                summary=f"{kind.capitalize()} about {rng.choice(TOPICS)}" if span else None,
            )
        )


def _group_events(rng: random.Random, net: Network, start: date, end: date) -> None:
    close = [c.key for c in net.contacts if c.tier in ("intimate", "close", "friends")]
    wider = [c.key for c in net.contacts if c.tier in ("meaningful", "acquaintance")]
    for _ in range(6):
        day = _workday(rng, start, end)
        net.events.append(
            Event(
                _at(rng, day, "lunch"),
                "lunch",
                sorted(rng.sample(close, min(3, len(close)))),
                "mutual",
                rng.randint(60, 100),
                "Team lunch with old colleagues",
            )
        )
    for name in ("Product meetup", "Data conference", "Recruiting breakfast"):
        day = _workday(rng, start, end)
        people = sorted(rng.sample(wider, min(5, len(wider))))
        net.events.append(Event(_at(rng, day, "event"), "event", people, "mutual", 180, name))


def _favours_and_promises(rng: random.Random, net: Network) -> None:
    kinds = ("intro", "referral", "advice", "help", "information")
    notes = {
        "intro": "an introduction to a hiring manager",
        "referral": "a referral for an open role",
        "advice": "advice on a job offer",
        "help": "help preparing a talk",
        "information": "salary figures for the market",
    }
    ties = [c for c in net.contacts if c.tier in ("intimate", "close", "friends", "meaningful")]
    for contact in ties:
        # some ties mostly give, some mostly take, most trade both ways
        style = rng.choices(("balanced", "giver", "taker", "none"), (3, 1, 1, 4))[0]
        if style == "none":
            continue
        for _ in range(rng.randint(1, 4)):
            given = rng.random() < {"balanced": 0.5, "giver": 0.15, "taker": 0.85}[style]
            kind = rng.choice(kinds)
            day = _workday(rng, net.as_of.date() - timedelta(days=360), net.as_of.date())
            net.favours.append(Favour(contact.key, kind, given, _at(rng, day, kind), notes[kind]))
    promised = [i for i, e in enumerate(net.events) if e.duration_min and len(e.people) == 1]
    # recent conversations carry most of the promises still open
    recent = [i for i in promised if net.events[i].when > net.as_of - timedelta(days=30)]
    chosen = rng.sample(promised, min(len(promised), max(4, len(ties) // 8)))
    chosen += [i for i in rng.sample(recent, min(len(recent), 3)) if i not in chosen]
    for index in sorted(chosen):
        event = net.events[index]
        due = event.when + timedelta(days=rng.choice((3, 7, 14)))
        # most promises past due were kept, all of those due over a quarter ago (a demo user keeps up
        # with their promises; an open one a year old reads as neglect); a few recent ones are open, overdue
        age = net.as_of - due
        kept = 1.0 if age > timedelta(days=90) else 0.9 if age > timedelta(days=20) else 0.6
        done = (
            due - timedelta(days=1) if due < net.as_of - timedelta(days=2) and rng.random() < kept else None
        )
        owed_by = "me" if rng.random() < 0.75 else "them"
        net.promises.append(
            Promise(index, event.people[0], owed_by, rng.choice(PROMISES), event.when, due, done)
        )


def _conversation(rng: random.Random, net: Network, contact: Contact, when: datetime) -> None:
    conversation = f"2-{rng.getrandbits(96):024x}"
    inbound = rng.random() < 0.5
    for i in range(rng.randint(1, 3)):
        text = rng.choice(
            (
                "Thanks for the chat!",
                "Are you around next week?",
                "Saw your news, congratulations!",
                "Here is the link I mentioned.",
                "Happy to help, send me the details.",
                "Good to hear from you.",
            )
        )
        net.messages.append(
            Message(
                conversation,
                contact.key,
                inbound,
                when + timedelta(minutes=37 * i + rng.randint(1, 30)),
                text,
            )
        )
        inbound = not inbound


def _linkedin_activity(rng: random.Random, net: Network) -> None:
    """Invitations, endorsements and recommendations, as LinkedIn exports them."""
    waiting = 0
    for contact in net.contacts:
        if contact.tier == "pending":
            sent = net.as_of - timedelta(days=rng.randint(4, 20), hours=rng.randint(0, 9))
            # by thirds: met and logged (accept); met, says so, not logged yet (log it and accept);
            # never met (not yet)
            role = waiting % 3
            says = rng.random() < 0.6
            message = (
                rng.choice(MET_MESSAGES)
                if role == 1 or (role == 0 and says)
                else rng.choice(INVITE_MESSAGES)
                if role == 2 and says
                else None
            )
            net.invitations.append(Invitation(contact.key, True, sent, message))
            waiting += 1
            if role == 0:
                # met at a meetup shortly before they invited the user: the policy's "met in person"
                met = sent - timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 5))
                net.events.append(
                    Event(
                        met,
                        "event",
                        [contact.key],
                        "mutual",
                        rng.randint(60, 150),
                        f"Meetup on {rng.choice(TOPICS)}",
                    )
                )
        elif contact.late and contact.connected_on is not None:
            sent = datetime.combine(contact.connected_on, time(9), UTC) - timedelta(days=rng.randint(0, 3))
            net.invitations.append(Invitation(contact.key, rng.random() < 0.5, sent, None))
    ties = [
        c
        for c in net.contacts
        if c.tier in ("intimate", "close", "friends", "meaningful") and c.connected_on and not c.late
    ]
    for contact in rng.sample(ties, min(len(ties), 20)):
        when = net.first_export - timedelta(days=rng.randint(10, 900), minutes=rng.randint(0, 600))
        net.endorsements.append(Endorsement(contact.key, rng.random() < 0.5, rng.choice(SKILLS), when))
    for contact in rng.sample(ties, min(len(ties), 4)):
        when = net.first_export - timedelta(days=rng.randint(30, 700), minutes=rng.randint(0, 600))
        received = rng.random() < 0.5
        text = (
            f"{'Robin' if received else contact.first} is a thoughtful colleague who makes teams better; "
            "I would work with them again."
        )
        net.recommendations.append(Recommendation(contact.key, received, text, when))
