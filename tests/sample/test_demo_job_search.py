"""The demo's job search (kith.sample.job_search): target companies where the sample has people, each
with a way in and a next step, an introduction made and one asked, a conversation and applications."""

from __future__ import annotations

from datetime import UTC, datetime

from kith.job.board import job_board
from kith.job.report import job_report
from kith.reach.intros import intro_list
from kith.sample.demo import build_sample, demo_settings
from kith.store.db import transaction

AS_OF = datetime(2026, 6, 17, tzinfo=UTC)  # a Wednesday


def test_the_sample_has_targets_with_ways_in_introductions_and_applications(tmp_path):
    settings = demo_settings(tmp_path / "sample")
    settings.home.mkdir()
    done = build_sample(settings, as_of=AS_OF, connections=150)
    with transaction(settings, write=False) as session:
        board = job_board(session, AS_OF)
        report = job_report(session, AS_OF)
        intros = intro_list(session)
    targets = board["targets"]
    assert [t["company"] for t in targets] == done["job_search"]["targets"]
    assert 2 <= len(targets) <= 3
    for t in targets:
        assert t["people_now"], t["company"]
        assert t["best_path"] or t["known"], t["company"]
        assert not t["next_step"].startswith("Find someone"), t["next_step"]
    assert [t["role"] for t in targets] == ["Product manager", "Head of product", "Product lead"][
        : len(targets)
    ]
    assert sorted(i["state"] for i in intros) == ["asked", "made"]
    first = targets[0]
    assert first["conversations"] and first["referrals_asked"]
    assert any(i["state"] == "made" for i in first["intros"])
    assert sum(len(t["applications"]) for t in targets) >= 2
    funnel = {s["stage"]: s["count"] for s in report["funnel"]}
    assert funnel["target"] == len(targets) and funnel["conversation"] >= 1
