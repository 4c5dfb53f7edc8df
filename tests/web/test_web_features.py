# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Web pages of the ledger, invitations, PEEC, report, import and strength: their pages and API answers."""

from __future__ import annotations

import re

import pytest
from web_client import api, api_client, client, csrf_from, jane, web  # noqa: F401


def nav_links(html: str) -> list[str]:
    nav = html[html.index("<nav") : html.index("</nav>")]
    return re.findall(r'href="([^"]+)"', nav)


def test_ledger_page_records_a_favour(web, jane):

    page = web.get("/ledger")
    assert "/ledger" in nav_links(page.text)
    for _ in range(2):
        web.post(
            "/ledger",
            data={
                "csrf_token": csrf_from(page.text),
                "name": "Jane Doe",
                "direction": "give",
                "kind": "intro",
            },
        )
    web.post(
        "/ledger",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Jane Doe",
            "direction": "get",
            "kind": "advice",
            "note": "on <b>hiring</b>",
        },
    )
    (row,) = web.get("/api/ledger").json()["balances"]
    assert (row["name"], row["given"], row["received"], row["style"]) == ("Jane Doe", 2, 1, "give-to-get")
    person = web.get(f"/people/{jane}").text
    assert "give-to-get" in person and "on &lt;b&gt;hiring&lt;/b&gt;" in person
    # at a glance, counts as "you to them", then the style and its rule without the counts
    assert "<strong>you gave first and it came back: 2 to 1</strong>" in person
    assert "(give-to-get: you gave first and it came back)" in person and "+1" not in person
    assert row["why"] == "you gave first and it came back"
    assert row["label"] == "you gave first and it came back: 2 to 1"
    ledger_page = web.get("/ledger").text
    assert "<strong>you gave first and it came back: 2 to 1</strong>" in ledger_page
    assert "+1" not in ledger_page and "+0" not in ledger_page


def test_invitations_follow_the_policy(api, jane, kith):

    kith("add", "Max Stranger")
    api.post("/api/invitations", json={"name": "Jane Doe", "message": "great coffee"})
    api.post("/api/invitations", json={"name": "Max Stranger"})
    advice = {i["person"]: i["advice"] for i in api.get("/api/invitations").json()["invitations"]}
    assert advice == {"Jane Doe": "accept", "Max Stranger": "not yet"}
    page = api.get("/invitations").text
    assert "great coffee" in page and "Max Stranger" in page
    accepted = api.post(f"/api/invitations/{jane}/accept")
    assert [i["person"] for i in accepted.json()["invitations"]] == ["Max Stranger"]
    assert api.get("/api/dashboard").json()["counts"]["connections"] == 1


def test_policy_is_changed_on_the_settings_page(web, jane):

    page = web.get("/settings")
    assert "Accepting invitations" in page.text
    response = web.post(
        "/settings/policy",
        data={"csrf_token": csrf_from(page.text), "conversations": "5"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    policy = web.get("/api/settings").json()["policy"]
    assert policy["conversations"] == 5 and policy["met_in_person"] is False


def test_peec_statement_from_the_form(web):

    page = web.get("/peec")
    parts = {
        "profession": "I am a data engineer",
        "expertise": "I make slow pipelines fast",
        "environment": "small teams",
        "call_to_action": "introduce me to a head of data",
    }
    response = web.post(
        "/peec", data={"csrf_token": csrf_from(page.text), "event": "PyData", **parts}, follow_redirects=True
    )
    assert response.status_code == 200 and "I make slow pipelines fast" in response.text
    (statement,) = web.get("/api/peec").json()["statements"]
    assert statement["event"] == "PyData"
    missing = web.post("/peec", data={"csrf_token": csrf_from(page.text), "profession": "x"})
    assert missing.status_code == 400


def test_report_page_draws_charts_on_the_server(web, jane):

    page = web.get("/report")
    assert page.status_code == 200
    assert page.text.count("<svg") == 3 and "<?xml" not in page.text
    assert web.get("/api/report").json()["people"] == 2
    assert "<svg" in web.get("/").text  # the dashboard's circles chart


def test_report_page_gives_the_share_of_the_week_in_person_or_by_phone(web, jane, kith):
    kith("log", "email", "Sam Lee", "--inbound", "--when", "2026-06-10")  # reply: in writing
    kith("add", "Vic Video")
    kith("log", "video", "Vic Video", "--when", "2026-06-14")  # a first meeting: follow up by email
    kith("edit", "Jane Doe", "--cadence", "10")  # keep in touch with Jane: a coffee
    week = web.get("/api/report").json()["this_week"]
    assert week == kith("report", "--json").json()["this_week"]
    live = sum(1 for i in web.get("/api/agenda").json()["week"] if i["in_person_or_call"])
    assert week == {"suggestions": 3, "in_person_or_call": 1, "share": 0.333} and live == 1
    page = web.get("/report").text
    assert "<h2>This week's agenda</h2>" in page
    assert "1 of 3 suggestions in person or by phone (33%)" in page


def test_import_page_uploads_a_vcard_and_shows_the_summary(web, jane):

    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Park\r\nEMAIL:kim@example.com\r\nEND:VCARD\r\n"
    page = web.get("/import")
    response = web.post(
        "/import",
        files={"file": ("contacts.vcf", vcard, "text/vcard")},
        data={"csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 200 and "1 added" in response.text
    again = web.post(
        "/import",
        files={"file": ("contacts.vcf", vcard, "text/vcard")},
        data={"csrf_token": csrf_from(page.text)},
    )
    assert "0 added" in again.text and "1 unchanged" in again.text
    assert "Matched to people you had by: email 1." in again.text  # as kith import says it
    assert web.get("/api/people", params={"q": "kim"}).json()["total"] == 1
    phones = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee Chen\r\nTEL:020 7946 0000\r\nEND:VCARD\r\n"
    third = web.post(
        "/import",
        files={"file": ("phones.vcf", phones, "text/vcard")},
        data={"csrf_token": csrf_from(page.text)},
    )
    assert "1 phone number without a country code kept as written" in third.text


def test_import_of_a_broken_file_writes_nothing(api, jane):

    response = api.post("/api/import", files={"file": ("export.zip", b"not a zip", "application/zip")})
    assert response.status_code == 400 and "zip" in response.json()["detail"]
    assert api.get("/api/people").json()["total"] == 2


def test_upload_over_the_limit_is_refused_before_importing(jane):

    small = api_client(max_upload_bytes=2048)
    response = small.post("/api/import", files={"file": ("big.vcf", b"x" * 10_000, "text/vcard")})
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_person_page_shows_strength_and_sorts_by_it(web, jane):

    record = web.get(f"/api/people/{jane}").json()["person"]
    assert 0 < record["strength"] <= 1 and record["explanation"] and record["last_interaction"]
    page = web.get(f"/people/{jane}").text
    assert record["circle"] in page
    people = web.get("/api/people", params={"sort": "strength"}).json()["people"]
    assert people[0]["name"] == "Jane Doe"  # the only one with any contact
    circle = record["circle"]
    assert [p["name"] for p in web.get("/api/people", params={"circle": circle}).json()["people"]] == [
        "Jane Doe"
    ]


def test_strength_follows_what_is_logged(web, jane, kith):

    before = web.get(f"/api/people/{jane}").json()["person"]["strength"]
    form = web.get("/log")
    for when in ("2026-06-12", "2026-06-13", "2026-06-14"):
        web.post(
            "/log",
            data={"csrf_token": csrf_from(form.text), "kind": "dinner", "names": "Jane Doe", "when": when},
        )
    after_web = web.get(f"/api/people/{jane}").json()["person"]["strength"]
    kith("log", "lunch", "Sam Lee", "--when", "2026-06-14")  # from the command line, beside the server
    sam = web.get("/api/people", params={"q": "sam"}).json()["people"][0]
    assert after_web > before and sam["strength"] > 0 and sam["interaction_count"] == 1


def test_meeting_brief_page(web, jane, kith):

    kith("log", "call", "Jane Doe", "--when", "2026-06-10", "--promise", "send the <i>article</i>")
    assert f"/people/{jane}/brief" in web.get(f"/people/{jane}").text
    brief = web.get(f"/api/people/{jane}/brief").json()
    assert any("send the <i>article</i>" in s["text"] for s in brief["ask_or_offer"])
    page = web.get(f"/people/{jane}/brief")
    assert page.status_code == 200 and "send the &lt;i&gt;article&lt;/i&gt;" in page.text
    assert web.get("/people/999/brief").status_code == 404


def test_navigation_links_all_work(web, jane):
    links = nav_links(web.get("/").text)
    for link in links:
        assert web.get(link).status_code == 200, link


def test_agenda_items_can_be_done_snoozed_and_dismissed(web, jane, kith):

    kith(
        "log",
        "call",
        "Jane Doe",
        "--when",
        "2026-06-10",
        "--promise",
        "send the <i>article</i>",
        "--due",
        "2026-06-14",
    )
    page = web.get("/agenda")
    assert page.status_code == 200 and "send the &lt;i&gt;article&lt;/i&gt;" in page.text
    items = web.get("/api/agenda").json()["week"]
    promise = next(i for i in items if i["kind"] == "commitment")
    assert "send the <i>article</i>" in web.get("/").text.replace("&lt;", "<").replace("&gt;", ">")
    done = web.post(
        f"/agenda/{promise['id']}/done", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True
    )
    assert done.status_code == 200 and promise["id"] not in [
        i["id"] for i in web.get("/api/agenda").json()["week"]
    ]
    assert "(done)" in web.get(f"/people/{jane}").text
    # the notice says what happened to whose item, never "log what you did" for a kept promise
    notice = done.text.split('role="status">')[1].split("</p>")[0]
    assert notice == f"Done: Jane Doe ({promise['id']})."
    others = [i for i in web.get("/api/agenda").json()["week"]]
    if others:
        token = web.get("/api/csrf").json()["token"]
        snoozed = web.post(
            f"/api/agenda/{others[0]['id']}/snooze",
            json={"until": "2026-07-01"},
            headers={"X-CSRF-Token": token},
        )
        assert snoozed.status_code == 200 and snoozed.json()["until"].startswith("2026-07-01")
    bad = web.post("/agenda/keep-in-touch:99999/dismiss", data={"csrf_token": csrf_from(page.text)})
    assert bad.status_code == 422 and "no agenda item" in bad.text  # the agenda again, saying why


def test_agenda_feed_is_a_calendar(web, jane, kith):

    kith(
        "log",
        "call",
        "Jane Doe",
        "--when",
        "2026-06-10",
        "--promise",
        "send the article",
        "--due",
        "2026-06-14",
    )
    feed = web.get("/agenda.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR") and "send the article" in feed.text


def test_agenda_size_is_set_on_the_settings_page(web, jane):

    page = web.get("/settings")
    web.post("/settings/agenda", data={"csrf_token": csrf_from(page.text), "size": "3"})
    assert web.get("/api/agenda").json()["size"] == 3
    assert (
        web.post("/settings/agenda", data={"csrf_token": csrf_from(page.text), "size": "0"}).status_code
        == 400
    )


def test_promise_is_completed_from_the_person_page(web, jane, kith):

    kith("log", "call", "Jane Doe", "--when", "2026-06-10", "--promise", "send the article")
    page = web.get(f"/people/{jane}")
    (cid,) = re.findall(r'action="/commitments/(\d+)/kept"', page.text)
    response = web.post(
        f"/commitments/{cid}/kept",
        data={"csrf_token": csrf_from(page.text), "back": f"/people/{jane}"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "(done)" in response.text
    assert str(response.url).endswith(f"/people/{jane}?saved=1")


def test_dashboard_never_waits_for_the_agenda_when_served(jane, kith):

    import time

    from fastapi.testclient import TestClient
    from web_client import BASE_URL

    from kith.web.app import create_app

    kith(
        "log",
        "call",
        "Jane Doe",
        "--when",
        "2026-06-10",
        "--promise",
        "send the article",
        "--due",
        "2026-06-14",
    )

    def dashboard_agenda(client, wanted):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = client.get("/api/dashboard").json()["agenda"]
            if found is not None and wanted(found):
                return found
            time.sleep(0.1)
        pytest.fail("the dashboard's agenda was not refreshed in the background")

    with TestClient(create_app(background=True), base_url=BASE_URL) as client:  # runs the start-up warm-up
        client.headers["X-CSRF-Token"] = client.get("/api/csrf").json()["token"]
        items = dashboard_agenda(client, lambda items: any(i["kind"] == "commitment" for i in items))
        promise = next(i for i in items if i["kind"] == "commitment")
        assert client.post(f"/api/agenda/{promise['id']}/done").status_code == 200
        assert promise["id"] not in [i["id"] for i in client.get("/api/agenda").json()["week"]]  # at once
        dashboard_agenda(client, lambda items: promise["id"] not in [i["id"] for i in items])  # soon


def test_a_server_prepares_the_shared_figures_as_it_starts(jane, kith):
    """``kith serve`` computes the figures most pages share and the agenda in the background as it
    starts; a page asked for then uses them instead of computing its own."""
    import gc

    from conftest import eventually
    from fastapi.testclient import TestClient
    from web_client import BASE_URL

    from kith.web.app import create_app
    from kith.web.pages import FIGURES

    app = create_app(background=True)
    names = [*FIGURES, "agenda"]
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    assert not any(app.state.snapshot.has(name) for name in names)
    with TestClient(app, base_url=BASE_URL) as client:  # runs the start-up
        eventually(lambda: all(app.state.snapshot.has(name) for name in names), "preparing the figures")
        eventually(lambda: gc.get_freeze_count() > 0, "keeping them out of the collector's passes")
        prepared = dict(app.state.snapshot._values)
        assert client.get(f"/api/people/{jane}").json()["person"]["name"] == "Jane Doe"
        assert client.get("/api/dashboard").json()["agenda"] is not None
    assert all(app.state.snapshot._values[name] is prepared[name] for name in names)  # none computed again
    gc.unfreeze()


def test_preparing_compiles_every_page_template_so_no_first_visit_waits(monkeypatch):
    from kith.web.pages import compile_templates, templates

    templates.env.cache.clear()
    compile_templates()

    def read_again(*args):
        raise AssertionError(f"template read again: {args[1:]}")

    monkeypatch.setattr(templates.env.loader, "get_source", read_again)
    names = templates.env.list_templates(extensions=["html"])
    assert "person.html" in names and "people.html" in names
    for name in names:
        assert templates.env.get_template(name).name == name


def test_a_figure_that_fails_to_prepare_is_left_for_a_page_to_compute(jane, caplog):
    from kith.settings import get_settings
    from kith.web.snapshot import Snapshot

    def broken(session):
        raise RuntimeError("the disk is gone")

    snapshot = Snapshot(get_settings())
    snapshot.prepare([("first", lambda s: 1), ("broken", broken), ("after", lambda s: 3)])
    assert snapshot.has("first") and not snapshot.has("broken") and not snapshot.has("after")
    assert "preparing broken failed" in caplog.text


def test_a_second_server_process_sees_every_change_at_once(jane, kith):
    """``kith serve --workers 2`` runs two apps over one database, each with its own shared figures: a
    change made through one (or the command line, on a fixed clock) shows in the other's next page."""

    first, second = client(), client()
    assert second.get("/api/agenda").json()["size"] == 7
    assert [p["name"] for p in second.get("/api/people", params={"q": "jane@acme"}).json()["people"]] == [
        "Jane Doe"
    ]
    page = first.get("/settings")
    first.post("/settings/agenda", data={"csrf_token": csrf_from(page.text), "size": "3"})
    assert second.get("/api/agenda").json()["size"] == 3
    kith("edit", "Sam Lee", "--email", "sam@initech.example")
    assert second.get("/api/people", params={"q": "sam@initech"}).json()["total"] == 1
    kith("edit", "Jane Doe", "--remove-email", "jane@acme.example")  # not the newest identity
    assert second.get("/api/people", params={"q": "jane@acme"}).json()["total"] == 0


def test_import_errors_name_the_uploaded_file_not_the_servers_temporary_copy(api, web, jane):
    import tempfile

    for name, content, fmt in (
        ("My Contacts.csv", b"Foo,Bar\n1,2\n", "google"),
        ("calendar (1).ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "calendar"),
        ("mail.mbox", b"not a mailbox at all\n", "mbox"),
    ):
        response = api.post("/api/import", files={"file": (name, content)}, data={"format": fmt})
        detail = response.json()["detail"]
        assert response.status_code == 400 and detail.startswith(name), detail
        assert tempfile.gettempdir() not in detail and "kith-upload-" not in detail, detail
    page = web.get("/import")
    shown = web.post(
        "/import",
        files={"file": ("My Contacts.csv", b"Foo,Bar\n1,2\n")},
        data={"csrf_token": csrf_from(page.text), "format": "google"},
    )
    assert shown.status_code == 400 and "My Contacts.csv" in shown.text and "kith-upload-" not in shown.text
    bulk = (
        "From someone@example.com Mon Mar  2 10:00:00 2026\nFrom: News <news@example.com>\n"
        "To: me@example.com\nList-Unsubscribe: <mailto:u@example.com>\nMessage-ID: <n1@example.com>\n"
        "Date: Tue, 03 Mar 2026 10:00:00 +0000\n\nHello.\n\n"
    )
    summary = api.post(
        "/api/import", files={"file": ("My Mail.mbox", bulk.encode())}, data={"me": "me@example.com"}
    ).json()
    assert summary["skipped"] and summary["skipped"][0]["first"].startswith("My Mail.mbox:"), summary


def test_settings_set_the_region_phone_numbers_are_read_in(web, kith):
    page = web.get("/settings")
    saved = web.post(
        "/settings/me",
        data={"csrf_token": csrf_from(page.text), "name": "Ada Lovelace", "region": "in"},
        follow_redirects=True,
    )
    assert saved.status_code == 200 and 'value="IN"' in saved.text
    assert web.get("/api/settings").json()["region"] == "IN"
    kith("add", "Ravi Kumar", "--phone", "98765 43210")
    assert kith("show", "Ravi Kumar", "--json").json()["person"]["phone"] == "+919876543210"
    bad = web.post("/settings/me", data={"csrf_token": csrf_from(page.text), "region": "zz"})
    assert bad.status_code == 400


def test_a_snooze_refused_is_said_beside_its_item_with_what_was_typed(web, jane, kith):
    kith("log", "call", "Sam Lee", "--when", "2025-11-01")  # long ago: time to keep in touch
    page = web.get("/agenda")
    token = csrf_from(page.text)
    item = next(i for i in web.get("/api/agenda").json()["week"] if i["kind"] == "keep-in-touch")
    for until, said in (("2026-06-01", "snooze until a time after now"), ("blue moon", "blue moon")):
        refused = web.post(f"/agenda/{item['id']}/snooze", data={"csrf_token": token, "until": until})
        assert refused.status_code == 422
        text = refused.text.replace("&#39;", "'")
        assert said in text and 'id="refused-mark"' in text
        assert f'value="{until}"' in text  # what was typed, in its box
        at = text.index('id="refused-mark"')  # beside its item: the next form after it is the item's
        assert text.count('id="refused-mark"') == 1
        assert text.index('action="/agenda/', at) == text.index(f'action="/agenda/{item["id"]}/done"')
    unknown = web.post("/agenda/keep-in-touch:99999/done", data={"csrf_token": token})
    assert unknown.status_code == 422 and "no agenda item" in unknown.text  # above the list: not on it
    assert item["id"] in [i["id"] for i in web.get("/api/agenda").json()["week"]]  # nothing was marked


def test_the_agenda_says_which_item_was_snoozed_and_until_when(web, jane, kith):
    kith("log", "call", "Sam Lee", "--when", "2025-11-01")  # long ago: time to keep in touch
    page = web.get("/agenda")
    items = web.get("/api/agenda", params={"all": 1}).json()
    item = next(i for i in items["week"] + items["rest"] if i["kind"] == "keep-in-touch")
    token = csrf_from(page.text)
    snoozed = web.post(
        f"/agenda/{item['id']}/snooze",
        data={"csrf_token": token, "until": "2026-06-22"},
        follow_redirects=True,
    )
    assert f"Snoozed: Sam Lee ({item['id']}) until 2026-06-22." in snoozed.text
    assert "Log what you did" not in snoozed.text
    web.post("/undo", data={"csrf_token": token})
    done = web.post(f"/agenda/{item['id']}/done", data={"csrf_token": token}, follow_redirects=True)
    assert f"Done: Sam Lee ({item['id']}). Log what you did so it counts for the tie" in done.text
