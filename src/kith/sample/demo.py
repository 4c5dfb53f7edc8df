"""The sample network behind ``kith demo``: built in its own folder, never the user's.

``ensure_demo`` makes a seeded synthetic network (``kith.sample``) and loads it the way a user would:

1. the user's own identity (``kith me``);
2. a LinkedIn data export of about 1,500 connections, imported with the LinkedIn importer;
3. a year of what the user logged (coffee, lunch, calls, video, email, likes; favours both ways), stored
   by the same storing function as every import, and the promises made along the way;
4. a second LinkedIn export, a few days old, in which some people have new jobs: importing it records
   the job changes the agenda congratulates on, the new connections and the pending invitations;
5. a job search (``job_search``): target companies where the sample has people, introductions asked
   for and made, a conversation, a referral asked, applications.

The sample is dated from today, so it always looks current; the same seed and day give the same files
byte for byte. A marker file records the generator's version and the day: a later run reuses the sample
while it is fresh (a week) and rebuilds it otherwise (a few seconds).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kith.settings import Settings

#: bump when the generator changes, so an old sample is rebuilt instead of reused
DEMO_VERSION = "7"
DEMO_SEED = 20261122
#: how many LinkedIn connections the sample has
DEMO_CONNECTIONS = 1500
#: a sample older than this is rebuilt, so its dates stay current
FRESH_FOR = timedelta(days=7)
#: the file that marks a folder as a sample (its generator version and date)
MARKER = "demo-version.json"
#: the source of what the sample's user "logged" (as ``kith log`` would have)
DIARY_SOURCE = "demo"


def demo_home() -> Path:
    """The demo's own folder (``KITH_DEMO_HOME``, default: kith's cache folder)."""
    env = os.environ.get("KITH_DEMO_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("kith", appauthor=False) / "demo"


def demo_settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")


def sample_day(now: datetime) -> datetime:
    """The moment a sample built ``now`` is dated at: the start of the (UTC) day."""
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def ensure_demo(home: Path, *, now: datetime, rebuild: bool = False) -> tuple[Settings, bool]:
    """Build the sample network in ``home`` unless a fresh one is there; returns (settings, built)."""
    from kith.store.db import dispose_engines

    marker = home / MARKER
    settings = demo_settings(home)
    if not rebuild and _is_fresh(marker, now):
        return settings, False
    _check_is_demo_folder(home)
    dispose_engines()
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True, mode=0o700)  # private, like any data folder (kith.store.private)
    # marks the folder as a sample at once, so a build that fails half-way is simply rebuilt next time
    marker.write_text(json.dumps({"version": "building"}))
    as_of = sample_day(now)
    build_sample(settings, as_of=as_of, connections=DEMO_CONNECTIONS)
    marker.write_text(
        json.dumps({"version": DEMO_VERSION, "as_of": as_of.isoformat(), "connections": DEMO_CONNECTIONS})
    )
    return settings, True


def _check_is_demo_folder(home: Path) -> None:
    """Refuse to replace a folder that holds something other than a sample (the user's data, say)."""
    from kith.errors import BadInput
    from kith.settings import get_settings

    if home.resolve() == get_settings().home.resolve():
        raise BadInput(
            f"the demo folder {home} is your kith folder (KITH_HOME); set KITH_DEMO_HOME elsewhere"
        )
    if home.exists() and any(home.iterdir()) and not (home / MARKER).exists():
        raise BadInput(f"{home} is not empty and holds no kith sample; set KITH_DEMO_HOME to another folder")


def _is_fresh(marker: Path, now: datetime) -> bool:
    try:
        data = json.loads(marker.read_text())
        built = datetime.fromisoformat(data["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return data.get("version") == DEMO_VERSION and timedelta(0) <= now - built < FRESH_FOR


def build_sample(
    settings: Settings, *, as_of: datetime, connections: int = DEMO_CONNECTIONS, seed: int = DEMO_SEED
) -> dict:
    """Write the seeded sample network into the (empty) database of ``settings``; returns what was done."""
    from kith.importing.run import run_import
    from kith.people.core import set_me
    from kith.sample import make_network, write_export
    from kith.sample.job_search import add_job_search
    from kith.sample.schools import add_schools
    from kith.store.db import transaction

    net = make_network(seed, as_of, connections)
    exports = settings.home / "exports"
    first = write_export(net, exports, second=False)
    second = write_export(net, exports, second=True)
    with transaction(settings) as session:
        set_me(session, name=net.me.name, emails=[net.me.email], linkedin=net.me.url)
    done: dict = {
        "first_export": run_import("linkedin", first, settings=settings, now=net.first_export, progress=False)
    }
    with transaction(settings) as session:
        done["diary"] = _log_diary(session, net)
    done["second_export"] = run_import(
        "linkedin", second, settings=settings, now=net.second_export, progress=False
    )
    with transaction(settings) as session:
        done["schools"] = add_schools(session, net, DIARY_SOURCE)
        done["job_search"] = add_job_search(session, as_of)
    _refresh_caches(settings)
    return done


def _refs(net, keys: list[int]):
    from kith.importers.records import PersonRef

    for key in keys:
        c = net.contact(key)
        # connections and people whose invitation is waiting are known by their profile URL too
        known_on_linkedin = c.connected_on is not None or c.tier == "pending"
        yield PersonRef(name=c.name, emails=[c.email], linkedin=c.url if known_on_linkedin else None)


def diary_records(net) -> Iterator:
    """What the sample's user logged over the year, as the records any import yields."""
    from kith.channels import channel_for_kind
    from kith.importers.records import FavourRecord, InteractionRecord, PersonRecord

    for contact in net.contacts:
        if contact.tags:
            yield PersonRecord(ref=next(_refs(net, [contact.key])), tags=contact.tags)
    for i, event in enumerate(net.events):
        yield InteractionRecord(
            occurred_at=event.when,
            channel=channel_for_kind(event.kind)[1],
            kind=event.kind,
            participants=list(_refs(net, event.people)),
            direction=event.direction,
            duration_s=event.duration_min * 60 if event.duration_min else None,
            summary=event.summary,
            external_id=f"demo:event:{i}",
        )
    for i, favour in enumerate(net.favours):
        yield FavourRecord(
            person=next(_refs(net, [favour.contact])),
            kind=favour.kind,
            direction="given" if favour.given else "received",
            occurred_at=favour.when,
            note=favour.note,
            external_id=f"demo:favour:{i}",
        )


def _log_diary(session, net):
    """Store the diary with the importers' storing function, then the promises made in it."""
    from kith.importing.run import import_options, store_records
    from kith.importing.summary import ImportSummary
    from kith.people.core import set_liked, tag
    from kith.people.identities import normalize_email
    from kith.people.lookup import get_me
    from kith.people.roles import organisation
    from kith.store.schema import Commitment, Identity, Interaction, Person, Role

    summary = ImportSummary(format=DIARY_SOURCE, path="sample diary")
    options = import_options(session, (), net.as_of)
    store_records(
        session, diary_records(net), source=DIARY_SOURCE, options=options, now=net.as_of, summary=summary
    )
    people = dict(session.execute(select(Identity.value, Identity.person_id)).all())

    def person_id(contact) -> int:
        return people.get(contact.url) or people[normalize_email(contact.email)]

    events = dict(
        session.execute(
            select(Interaction.external_id, Interaction.id).where(Interaction.source == DIARY_SOURCE)
        ).all()
    )
    for contact in net.contacts:
        if contact.liked is not None:
            person = session.get(Person, person_id(contact))
            set_liked(session, person, contact.liked)
    me = get_me(session)
    for name in net.me.tags:
        tag(session, me, name)
    company, title, started, ended = net.me_before
    me.roles.append(
        Role(
            organisation=organisation(session, company),
            title=title,
            started_on=started,
            ended_on=ended,
            source=DIARY_SOURCE,
        )
    )
    me.roles.append(
        Role(
            organisation=organisation(session, net.me.company),
            title=net.me.title,
            started_on=ended,
            source=DIARY_SOURCE,
            seen_at=net.as_of,
        )
    )
    for promise in net.promises:
        session.add(
            Commitment(
                person_id=person_id(net.contact(promise.contact)),
                owed_by=promise.owed_by,
                text=promise.text,
                due_at=promise.due,
                done_at=promise.done,
                interaction_id=events.get(f"demo:event:{promise.event}"),
                created_at=promise.made,
            )
        )
    return summary


def _refresh_caches(settings: Settings) -> None:
    """Rebuild the strength cache after the bulk writes (when kith has one), so the first page is quick."""
    from kith.store.db import transaction
    from kith.strength.service import recompute

    with transaction(settings) as session:
        recompute(session)


def summary(settings: Settings, as_of: datetime) -> dict:
    """Headline figures of a network: connections vs relationships, circles, ledger, agenda material, and
    this week's agenda."""
    from kith.agenda import build_agenda
    from kith.people.listing import contact_stats
    from kith.reports import circles_by_person, network_counts, week_depth
    from kith.store.db import transaction
    from kith.store.schema import Commitment, Favour, Interaction, Invitation, LifeEvent, Person

    def count(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    with transaction(settings, write=False) as session:
        me = session.scalar(select(Person.id).where(Person.is_me.is_(True)))
        by_channel = dict(
            session.execute(select(Interaction.channel, func.count()).group_by(Interaction.channel)).all()
        )
        stats = contact_stats(session)
        top = sorted(stats.items(), key=lambda kv: (-kv[1][0], kv[0]))[:5]
        names = dict(
            session.execute(select(Person.id, Person.name).where(Person.id.in_([p for p, _ in top]))).all()
        )
        people = list(session.scalars(select(Person.id).where(Person.is_me.is_(False))))
        figures: dict = {
            **network_counts(session, circles_by_person(session, people, as_of)),
            "interactions": sum(by_channel.values()),
            "by_channel": by_channel,
            "favours_given": count(Favour, Favour.giver_id == me),
            "favours_received": count(Favour, Favour.receiver_id == me),
            "open_commitments": count(Commitment, Commitment.done_at.is_(None)),
            "pending_invitations": count(
                Invitation, Invitation.status == "pending", Invitation.direction == "incoming"
            ),
            "job_changes": count(LifeEvent, LifeEvent.kind == "job_change"),
            "most_in_touch": [{"name": names[pid], "interactions": n} for pid, (n, _) in top],
            # the focused week the agenda shows (as kith report says it)
            "this_week": week_depth(build_agenda(session, as_of).week),
        }
    return figures
