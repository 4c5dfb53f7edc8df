"""done, snooze, dismiss and the iCalendar feed of the agenda."""

from __future__ import annotations

import pytest
from conftest import assert_user_error


@pytest.fixture
def jane(kith):
    kith("me", "--name", "Ada Example")
    kith("add", "Jane Doe")
    kith("edit", "Jane Doe", "--cadence", "30")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    item = kith("agenda", "--json").json()[0]
    assert item["kind"] == "keep-in-touch"
    return item["id"]


def _ids(kith):
    return [item["id"] for item in kith("agenda", "--all", "--json").json()]


def test_snooze_hides_an_item_for_a_week_by_default(kith, jane, monkeypatch):
    out = kith("snooze", jane).stdout
    assert f"Snoozed: {jane} (Jane Doe) until 2026-06-22 12:00 UTC" in out
    assert jane not in _ids(kith)
    monkeypatch.setenv("KITH_NOW", "2026-06-22T12:00:01+00:00")
    assert jane in _ids(kith)


def test_snooze_until_a_date(kith, jane, monkeypatch):
    kith("snooze", jane, "--until", "2026-07-01")
    monkeypatch.setenv("KITH_NOW", "2026-06-25T12:00:00+00:00")
    assert jane not in _ids(kith)
    monkeypatch.setenv("KITH_NOW", "2026-07-02T12:00:00+00:00")
    assert jane in _ids(kith)


def test_done_on_keep_in_touch_suggests_logging_and_counts_for_the_cycle(kith, jane, monkeypatch):
    out = kith("done", jane).stdout
    assert f"Done: {jane} (Jane Doe)" in out
    assert 'kith log call "Jane Doe"' in out and "resets keep-in-touch" in out
    assert jane not in _ids(kith)
    # the next cycle starts from the mark: due 30 days on, listed from a week before
    monkeypatch.setenv("KITH_NOW", "2026-07-07T12:00:00+00:00")
    assert jane not in _ids(kith)
    monkeypatch.setenv("KITH_NOW", "2026-07-09T12:00:00+00:00")
    item = kith("agenda", "--json").json()[0]
    assert item["id"] == jane and item["due"].startswith("2026-07-15")


def test_dismiss_hides_until_something_new_happens(kith, jane, monkeypatch):
    assert f"Dismissed: {jane} (Jane Doe)" in kith("dismiss", jane).stdout
    assert jane not in _ids(kith)
    monkeypatch.setenv("KITH_NOW", "2026-08-01T12:00:00+00:00")
    assert jane not in _ids(kith)
    # a new contact starts a new cycle; when that one is due, the item is back
    kith("log", "call", "Jane Doe", "--when", "2026-08-01")
    monkeypatch.setenv("KITH_NOW", "2026-09-01T12:00:00+00:00")
    assert jane in _ids(kith)


def test_a_later_job_change_comes_back_after_a_dismissed_one(kith, kith_on, monkeypatch):
    kith_on("2025-03-03", "add", "Olu Old", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Olu Old", "--company", "Initech")
    (item,) = kith("agenda", "--json").json()
    assert item["kind"] == "job-change" and "Engineer at Acme -> Engineer at Initech" in item["reason"]
    kith("dismiss", item["id"])
    assert kith("agenda", "--json").json() == []
    monkeypatch.setenv("KITH_NOW", "2026-06-20T12:00:00+00:00")
    kith("edit", "Olu Old", "--title", "CTO")
    (again,) = kith("agenda", "--json").json()
    assert again["id"] == item["id"] and "Engineer at Initech -> CTO at Initech" in again["reason"]


def test_unknown_items_and_bad_dates_are_refused(kith, jane, tmp_path):
    assert_user_error(kith("done", "keep-in-touch:999", expect=2), "no agenda item")
    assert_user_error(kith("done", "banana", expect=2), "unknown agenda item")
    assert_user_error(kith("dismiss", "frobnicate:3", expect=2), "unknown agenda item")
    assert_user_error(kith("done", "commitment:42", expect=2), "no commitment #42")
    assert_user_error(
        kith("snooze", jane, "--until", "the twelfth of never", expect=2), "cannot read the date"
    )
    assert_user_error(kith("snooze", jane, "--until", "2026-06-01", expect=2), "after now")
    assert_user_error(kith("promise", "Jane Doe", "  ", expect=2), "say what was promised")
    assert_user_error(kith("promise", "Jane Doe", "x", "--due", "blursday", expect=2), "date")
    missing = tmp_path / "no-such-folder" / "a.ics"
    assert_user_error(kith("agenda", "--ics", str(missing), expect=2), "no-such-folder does not exist")
    assert_user_error(kith("agenda", "--ics", str(tmp_path), expect=2), "needs a file name", "is a folder")
    (tmp_path / "plain").write_text("")
    assert_user_error(kith("agenda", "--ics", str(tmp_path / "plain" / "a.ics"), expect=2), "is not a folder")
    assert jane in _ids(kith)  # nothing was marked


def test_ics_feed_has_one_event_per_item(kith, jane, tmp_path):
    from icalendar import Calendar

    assert (
        f"Wrote 1 item to {tmp_path / 'one.ics'}" in kith("agenda", "--ics", str(tmp_path / "one.ics")).stdout
    )
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-18")
    target = tmp_path / "agenda.ics"
    out = kith("agenda", "--ics", str(target)).stdout
    assert f"Wrote 2 items to {target}" in out
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{jane}@kith", "commitment:1@kith"}
    promise = events["commitment:1@kith"]
    assert str(promise["summary"]) == "Jane Doe: send the article"
    assert promise.decoded("dtstart").isoformat() == "2026-06-18"
    overdue = events[f"{jane}@kith"]
    assert overdue.decoded("dtstart").isoformat() == "2026-06-15"  # overdue items land on today
    assert "every 30 days" in str(overdue["description"])


def test_agenda_ics_function_returns_the_feed(kith, jane):
    from datetime import UTC, datetime

    from kith.agenda import agenda_ics, build_agenda
    from kith.store.db import transaction

    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    with transaction() as session:
        items = build_agenda(session, now).week
    feed = agenda_ics(items, generated_at=now)
    assert feed.startswith(b"BEGIN:VCALENDAR") and f"UID:{jane}@kith".encode() in feed


def test_marking_an_item_again_says_it_is_already_marked(kith, kith_on, jane):
    kith("done", jane)
    assert_user_error(
        kith("done", jane, expect=2), f"{jane} is already done (on 2026-06-15)", "next one is due"
    )
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-18")
    kith("done", "commitment:1")
    assert_user_error(kith("done", "commitment:1", expect=2), "commitment:1 is already done (on 2026-06-15)")
    kith_on("2025-03-03", "add", "Olu Old", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Olu Old", "--company", "Initech")
    (job,) = kith("agenda", "--json").json()
    kith("dismiss", job["id"])
    assert_user_error(kith("dismiss", job["id"], expect=2), "already dismissed", "something new happens")
    assert "Done:" in kith("done", job["id"]).stdout  # another mark is still allowed


def test_a_promise_made_to_you_is_not_an_agenda_item(kith, jane):
    kith("promise", "Jane Doe", "send her slides", "--by-them")
    assert_user_error(kith("done", "commitment:1", expect=2), "what Jane Doe promised you")
