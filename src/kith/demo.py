"""The sample network behind ``kith demo``: built in its own folder, never the user's.

The generator is seeded, so every build is the same network. It goes through the same core functions
as the CLI, so the demo shows what kith really does with data.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kith.settings import Settings

#: bump when the generator changes, so an old sample is rebuilt instead of reused
DEMO_VERSION = "1"
DEMO_SEED = 20261122
DEMO_NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)

_FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Nico",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
]
_LAST = [
    "Abbott",
    "Baptiste",
    "Chen",
    "Diallo",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quint",
    "Rossi",
]
_COMPANIES = ["Acme Analytics", "Brightwave", "Cobalt Labs", "Dunmore & Co", "Evergreen Health", "Fathom AI"]
_TITLES = ["Engineer", "Product Manager", "Recruiter", "Designer", "Founder", "Data Scientist", "Director"]


def demo_home() -> Path:
    """The demo's own folder (``KITH_DEMO_HOME``, default: kith's cache folder)."""
    env = os.environ.get("KITH_DEMO_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("kith", appauthor=False) / "demo"


def demo_settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")


def ensure_demo(home: Path, *, rebuild: bool = False) -> tuple[Settings, bool]:
    """Build the sample network in ``home`` unless an up-to-date one is there; returns (settings, built)."""
    from kith.store.db import dispose_engines

    marker = home / "demo-version"
    settings = demo_settings(home)
    if not rebuild and marker.exists() and marker.read_text().strip() == DEMO_VERSION:
        return settings, False
    dispose_engines()
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    build_sample(settings)
    marker.write_text(DEMO_VERSION)
    return settings, True


def build_sample(settings: Settings) -> None:
    """Write the seeded sample network into the database of ``settings``."""
    from kith.interactions import log_interaction
    from kith.people import PersonFields, add_person, set_me
    from kith.store.db import transaction
    from kith.store.schema import Connection, Favour

    rng = random.Random(DEMO_SEED)
    start = DEMO_NOW - timedelta(days=365)
    with transaction(settings) as session:
        me = set_me(session, name="Alex Sample", emails=["alex@sample.example"])
        names = sorted({f"{first} {last}" for first in _FIRST for last in _LAST})
        rng.shuffle(names)
        people = []
        for i, name in enumerate(names[:60]):
            slug = name.lower().replace(" ", ".")
            person = add_person(
                session,
                PersonFields(
                    name=name,
                    emails=[f"{slug}@{rng.choice(['mail', 'post', 'inbox'])}.example"],
                    company=rng.choice(_COMPANIES),
                    title=rng.choice(_TITLES),
                    tags=[rng.choice(["python", "climate", "hiring", "design", "startups"])],
                ),
                now=start,
            )
            session.add(
                Connection(
                    person_id=person.id,
                    platform="linkedin",
                    connected_on=(start - timedelta(days=rng.randint(0, 2000))).date(),
                    source="demo",
                )
            )
            people.append((person, i))
        for person, i in people:
            # a few close ties, some occasional ones, most never contacted: the shape of a real network
            count = 25 if i < 5 else 8 if i < 20 else 1 if i < 30 else 0
            for _ in range(count):
                kind = rng.choice(["coffee", "lunch", "call", "video", "email", "message", "like"])
                log_interaction(
                    session,
                    kind=kind,
                    people=[person],
                    when=start + timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
                    direction=rng.choice(["outbound", "inbound"]),
                    duration_s=rng.choice([None, 1800, 3600]),
                    source="demo",
                )
            if i < 12:
                giver, receiver = (me, person) if i % 2 else (person, me)
                session.add(
                    Favour(
                        giver_id=giver.id,
                        receiver_id=receiver.id,
                        kind=rng.choice(["intro", "advice", "referral"]),
                        occurred_at=start + timedelta(days=rng.randint(0, 360)),
                        source="demo",
                    )
                )


def summary(settings: Settings) -> dict:
    """Headline figures of a network: people, connections, interactions by channel, most in touch."""
    from kith.people import contact_stats
    from kith.store.db import transaction
    from kith.store.schema import Connection, Interaction, Person

    with transaction(settings) as session:
        people = session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_(False)))
        connections = session.scalar(select(func.count()).select_from(Connection))
        by_channel = dict(
            session.execute(select(Interaction.channel, func.count()).group_by(Interaction.channel)).all()
        )
        stats = contact_stats(session)
        top = sorted(stats.items(), key=lambda kv: -kv[1][0])[:5]
        names = {pid: session.get(Person, pid).name for pid, _ in top}
    return {
        "people": people,
        "connections": connections,
        "in_touch": len(stats),
        "interactions": sum(by_channel.values()),
        "by_channel": by_channel,
        "most_in_touch": [{"name": names[pid], "interactions": n} for pid, (n, _) in top],
    }
