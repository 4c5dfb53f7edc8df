"""The sample's reach is worth seeing: schools the user shares with people they know, and bridges to
groups the user does not reach, from the seed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

import kith.sample.demo
from kith.reach.common import common_ground
from kith.reach.picture import picture_of, picture_record
from kith.sample import make_network
from kith.sample.demo import build_sample, demo_settings
from kith.sample.schools import BRIDGE_SCHOOLS, schooling
from kith.store.db import transaction
from kith.store.schema import Education, Person

AS_OF = datetime(2026, 6, 15, tzinfo=UTC)


def test_the_schools_are_the_same_for_the_same_seed():
    net = make_network(kith.sample.demo.DEMO_SEED, AS_OF, 300)
    assert schooling(net) == schooling(make_network(kith.sample.demo.DEMO_SEED, AS_OF, 300))
    assert schooling(net) != schooling(make_network(7, AS_OF, 300))
    mine = [s for s in schooling(net) if s.contact == -1]
    assert [s.school for s in mine] == ["Northfield University", "Harbourside Business School"]


def test_the_demo_has_school_common_ground_and_true_bridges(tmp_path):
    """The demo as ``kith demo`` builds it (its full size: the groups are those of the real one)."""
    settings = demo_settings(tmp_path / "sample")
    settings.home.mkdir()
    build_sample(settings, as_of=AS_OF)
    with transaction(settings) as session:
        me = session.scalar(select(Person.id).where(Person.is_me.is_(True)))
        classmates = session.scalars(
            select(Education.person_id).where(
                Education.school == "Northfield University", Education.person_id != me
            )
        ).all()
        assert classmates
        words = [s["words"] for p in classmates for s in common_ground(session, p, AS_OF)["schools"]]
        assert any(w.startswith("both at Northfield University 20") for w in words), words
        record = picture_record(picture_of(session, AS_OF))
    bridges = record["bridges"]
    assert len(bridges) >= 3
    # each is a friend of the user's with a tie into a group where the user knows nobody well
    for bridge in bridges:
        assert bridge["person"]["circle"] in ("intimate", "close", "friends", "meaningful")
        assert not bridge["weak"] and bridge["adds"] > 0
        assert bridge["via"]["id"] != bridge["person"]["id"]
    # the friends who studied with people at a company the user knows nobody well at are among them
    programmes = {school for school, _ in BRIDGE_SCHOOLS}
    through = [b for b in bridges if any(p in b["evidence"] for p in programmes)]
    # all but one at most: a group the user already reaches well through someone else has no bridge
    assert len(through) >= len(programmes) - 1, bridges
    assert all(b["reason"].endswith("you know nobody there well") for b in through)
