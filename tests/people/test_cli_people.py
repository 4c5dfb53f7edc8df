"""People through the CLI: me, add, people, show, edit, merge, forget, and NAME resolution."""

from __future__ import annotations

from conftest import assert_user_error, shown


def test_me_is_shown_and_set(kith):
    assert "not said who you are" in kith("me").stdout
    kith("me", "--name", "Ada Lovelace", "--email", "Ada@Example.com")
    me = kith("me", "--json").json()
    assert me["name"] == "Ada Lovelace"
    assert me["emails"] == ["ada@example.com"]
    kith("me", "--linkedin", "linkedin.com/in/ada-l/")
    assert kith("me", "--json").json()["linkedin"] == "https://www.linkedin.com/in/ada-l"


def test_me_is_not_listed_among_people(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    assert [p["name"] for p in kith("people", "--json").json()] == ["Jane Doe"]


def test_add_stores_every_field(kith):
    kith("add", "Sam Lee")
    kith(
        "add",
        "Jane Doe",
        "--email",
        "jane@acme.example",
        "--email",
        "jd@home.example",
        "--phone",
        "+44 20 7946 0958",
        "--company",
        "Acme",
        "--title",
        "CTO",
        "--tag",
        "Python",
        "--tag",
        "climate",
        "--linkedin",
        "https://www.linkedin.com/in/janedoe",
        "--met-via",
        "Sam Lee",
        "--note",
        "runs the Berlin meetup",
        "--how-met",
        "PyCon 2024",
    )
    jane = shown(kith, "Jane Doe")
    assert jane["emails"] == ["jane@acme.example", "jd@home.example"]
    assert jane["phone"] == "+442079460958"
    assert (jane["company"], jane["title"]) == ("Acme", "CTO")
    assert jane["tags"] == ["climate", "python"]
    assert jane["linkedin"] == "https://www.linkedin.com/in/janedoe"
    assert jane["met_via"]["name"] == "Sam Lee"
    assert [n["text"] for n in jane["notes"]] == ["runs the Berlin meetup"]
    assert jane["how_met"] == "PyCon 2024"


def test_people_json_carries_the_contracted_fields(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--title", "CTO")
    kith("add", "Sam Lee")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01T09:30:00+00:00")
    kith("log", "email", "Jane Doe", "--when", "2026-06-10T08:00:00+00:00", "--inbound")
    people = {p["name"]: p for p in kith("people", "--json").json()}
    jane = people["Jane Doe"]
    for key in ("id", "name", "emails", "company", "title", "interaction_count", "last_interaction"):
        assert key in jane
    assert jane["emails"] == ["jane@acme.example"]
    assert jane["interaction_count"] == 2
    assert jane["last_interaction"] == "2026-06-10T08:00:00+00:00"
    assert people["Sam Lee"]["interaction_count"] == 0
    assert people["Sam Lee"]["last_interaction"] is None


def test_people_search_matches_name_email_company_and_tag(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--tag", "climate")
    kith("add", "Sam Lee", "--company", "Initech")
    assert [p["name"] for p in kith("people", "--search", "acme", "--json").json()] == ["Jane Doe"]
    assert [p["name"] for p in kith("people", "--search", "initech", "--json").json()] == ["Sam Lee"]
    assert [p["name"] for p in kith("people", "--search", "climate", "--json").json()] == ["Jane Doe"]
    assert kith("people", "--search", "nobody-at-all", "--json").json() == []


def test_people_table_is_readable(kith):
    kith("add", "Jane Doe", "--company", "Acme")
    kith("log", "call", "Jane Doe", "--when", "2026-06-12")
    out = kith("people").stdout
    assert "Jane Doe" in out and "Acme" in out and "3 days ago" in out
    assert out.rstrip().endswith("1 person") and "1 people" not in out


def test_adding_the_same_name_twice_needs_allow_duplicate(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("add", "jane  doe", expect=2), "already exists")
    kith("add", "Jane Doe", "--allow-duplicate")
    assert len(kith("people", "--json").json()) == 2


def test_an_email_belongs_to_one_person_only(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    assert_user_error(
        kith("add", "Janet Roe", "--email", "JANE@acme.example", expect=2), "already belongs to Jane Doe"
    )
    assert [p["name"] for p in kith("people", "--json").json()] == ["Jane Doe"]


def test_bad_identities_are_refused(kith):
    assert_user_error(kith("add", "Jane Doe", "--email", "not-an-email", expect=2), "not an email")
    assert_user_error(kith("add", "Jane Doe", "--phone", "12", expect=2), "phone")
    assert_user_error(kith("add", "Jane Doe", "--linkedin", "https://example.com/jane", expect=2), "linkedin")
    assert_user_error(kith("add", "   ", expect=2), "empty")
    assert kith("people", "--json").json() == []


def test_resolution_exact_identity_and_id(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--linkedin", "linkedin.com/in/jdoe")
    jane_id = kith("people", "--json").json()[0]["id"]
    for name in ("Jane Doe", "jane doe", "JANE@ACME.EXAMPLE", "https://linkedin.com/in/JDoe/", f"#{jane_id}"):
        assert shown(kith, name)["id"] == jane_id, name


def test_resolution_fuzzy_when_unambiguous(kith):
    kith("add", "Jane Doe")
    kith("add", "Samuel Lee")
    assert shown(kith, "Jane Deo")["name"] == "Jane Doe"
    assert shown(kith, "samuel")["name"] == "Samuel Lee"


def test_ambiguous_name_lists_candidates_and_fails(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("add", "Jane Smith")
    result = kith("log", "coffee", "Jane", expect=2)
    assert_user_error(result, "could be", "Jane Doe", "Jane Smith", "jane@acme.example")
    assert kith("people", "--json").json()[0]["interaction_count"] == 0


def test_same_name_twice_is_ambiguous_even_when_exact(kith):
    kith("add", "Jane Doe", "--company", "Acme")
    kith("add", "Jane Doe", "--company", "Initech", "--allow-duplicate")
    assert_user_error(kith("show", "Jane Doe", expect=2), "could be", "Acme", "Initech")


def test_unknown_name_suggests_the_closest(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("show", "Zebulon Quartz", expect=2), "nobody called 'Zebulon Quartz'")
    assert_user_error(kith("show", "Jane Dough", expect=2), "closest: Jane Doe")


def test_a_far_off_name_gets_no_suggestion_and_the_user_is_not_invited_to_add_themselves(kith):
    kith("me", "--name", "Robin Example")
    for name in ("Noor Cerny", "Noor Dimitriou", "Mateo Oduya", "Una Farrowby", "Tariq Sarkar"):
        kith("add", name)
    for typed in ("Nobody", "Nobdy"):
        refused = kith("intro", "made", "Tariq Sarkar", typed, expect=2)
        assert_user_error(refused, f"nobody called {typed!r}")
        assert "closest" not in refused.stderr
    yourself = kith("intro", "ask", "Robin Example", "Tariq Sarkar", expect=2)
    assert_user_error(yourself, "'Robin Example' is you")
    assert "kith add" not in yourself.stderr and "closest" not in yourself.stderr


def test_edit_changes_fields_and_keeps_role_history(kith, kith_on):
    kith_on("2025-11-03", "add", "Jane Doe", "--company", "Acme", "--title", "CTO", "--tag", "python")
    kith(
        "edit",
        "Jane Doe",
        "--company",
        "Initech",
        "--title",
        "VP Engineering",
        "--untag",
        "python",
        "--tag",
        "climate",
        "--email",
        "jane@initech.example",
        "--closeness",
        "0.8",
        "--cadence",
        "30",
    )
    jane = shown(kith, "Jane Doe")
    assert (jane["company"], jane["title"]) == ("Initech", "VP Engineering")
    assert [(r["company"], r["ended_on"] is None) for r in jane["roles"]] == [
        ("Initech", True),
        ("Acme", False),
    ]  # newest first
    assert jane["life_events"][0]["kind"] == "job_change"
    assert "Acme" in jane["life_events"][0]["summary"] and "Initech" in jane["life_events"][0]["summary"]
    assert jane["tags"] == ["climate"]
    assert jane["closeness"] == 0.8
    assert jane["cadence_days"] == 30
    kith("edit", "jane@initech.example", "--name", "Jane Doe-Smith", "--remove-email", "jane@initech.example")
    renamed = shown(kith, "Jane Doe-Smith")
    assert renamed["emails"] == []


def test_edit_title_only_keeps_the_company(kith):
    kith("add", "Jane Doe", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Jane Doe", "--title", "Staff Engineer")
    jane = shown(kith, "Jane Doe")
    assert (jane["company"], jane["title"]) == ("Acme", "Staff Engineer")


def test_edit_rejects_bad_values(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("edit", "Jane Doe", "--closeness", "3", expect=2), "between 0 and 1")
    assert_user_error(kith("edit", "Jane Doe", "--met-via", "Jane Doe", expect=2), "themselves")
    assert_user_error(kith("edit", "Jane Doe", "--remove-email", "x@y.example", expect=2), "has no email")
    assert_user_error(kith("edit", "Jane Doe", expect=2), "nothing to change")


def test_merge_moves_everything_and_deletes_the_duplicate(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--tag", "python")
    kith("add", "J. Doe", "--email", "jd@home.example", "--tag", "climate", "--note", "met at PyCon")
    kith("add", "Sam Lee", "--met-via", "J. Doe")
    kith("log", "lunch", "Jane Doe", "J. Doe", "--when", "2026-06-01")  # both in one lunch: counted once
    kith("log", "call", "J. Doe", "--when", "2026-06-05", "--promise", "send slides")
    kith("merge", "Jane Doe", "J. Doe")
    people = {p["name"]: p for p in kith("people", "--json").json()}
    assert set(people) == {"Jane Doe", "Sam Lee"}
    jane = shown(kith, "Jane Doe")
    assert sorted(jane["emails"]) == ["jane@acme.example", "jd@home.example"]
    assert jane["tags"] == ["climate", "python"]
    assert jane["interaction_count"] == 2
    assert [n["text"] for n in jane["notes"]] == ["met at PyCon"]
    assert [c["text"] for c in jane["commitments"]] == ["send slides"]
    assert shown(kith, "Sam Lee")["met_via"]["name"] == "Jane Doe"


def test_merge_with_oneself_is_refused(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("merge", "Jane Doe", "jane doe", expect=2), "themselves")


def test_forget_needs_confirmation_and_removes_only_their_things(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("add", "Sam Lee", "--met-via", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01", "--promise", "intro to Sam")
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-02")
    assert_user_error(kith("forget", "Jane Doe", expect=2), "--yes")
    assert len(kith("people", "--json").json()) == 2
    out = kith("forget", "Jane Doe", "--yes").stdout
    assert "Forgot Jane Doe" in out and "1 interactions" in out
    assert [p["name"] for p in kith("people", "--json").json()] == ["Sam Lee"]
    sam = shown(kith, "Sam Lee")
    assert sam["met_via"] is None
    assert sam["interaction_count"] == 1  # the shared lunch stays, without Jane
    assert sam["timeline"][0]["people"] == ["Sam Lee"]
    # her email is free again: she is really gone
    kith("add", "Someone Else", "--email", "jane@acme.example")


def test_forget_interactively_asks_first(kith, monkeypatch):
    from kith.cli import output

    kith("add", "Jane Doe")
    monkeypatch.setattr(output, "can_ask", lambda: True)
    result = kith("forget", "Jane Doe", input="n\n", expect=1)
    assert "error: aborted" in result.stderr
    assert len(kith("people", "--json").json()) == 1


def test_forget_drops_their_agenda_marks_only(kith):
    from datetime import UTC, datetime

    from kith.store.db import transaction
    from kith.store.schema import AgendaMark

    kith("add", "Jane Doe")
    kith("add", "Sam Lee")
    kith("log", "call", "Sam Lee", "--when", "2026-06-01", "--promise", "send notes")  # commitment #1, Sam's
    kith("log", "call", "Jane Doe", "--when", "2026-06-02", "--promise", "intro")  # commitment #2, Jane's
    jane_id = shown(kith, "Jane Doe")["id"]
    assert jane_id == 1
    at = datetime(2026, 6, 15, tzinfo=UTC)
    with transaction() as session:
        for key in ("keep-in-touch:1", "commitment:1", "commitment:2", "keep-in-touch:2"):
            session.add(AgendaMark(item_key=key, state="dismissed", marked_at=at))
    kith("forget", "Jane Doe", "--yes")
    with transaction() as session:
        left = sorted(m.item_key for m in session.query(AgendaMark))
    assert left == ["commitment:1", "keep-in-touch:2"]


def test_kith_edit_clears_a_closeness_mark(kith):
    kith("add", "Sam Lee")
    kith("edit", "Sam Lee", "--closeness", "0.9")
    assert kith("show", "Sam Lee", "--json").json()["person"]["closeness"] == 0.9
    kith("edit", "Sam Lee", "--clear-closeness")
    assert kith("show", "Sam Lee", "--json").json()["person"]["closeness"] is None
    both = kith("edit", "Sam Lee", "--closeness", "0.5", "--clear-closeness", expect=2)
    assert "not both" in both.stderr


def test_a_phone_or_a_linkedin_profile_can_be_taken_off_again(kith):
    from conftest import assert_user_error, run_cli, shown

    kith(
        "add", "Jane Doe", "--phone", "+44 20 7946 0000", "--linkedin", "https://www.linkedin.com/in/jane-doe"
    )
    kith(
        "edit",
        "Jane Doe",
        "--remove-phone",
        "+44 20 7946 0000",
        "--remove-linkedin",
        "linkedin.com/in/jane-doe",
    )
    assert shown(kith, "Jane Doe")["identities"] == []
    assert_user_error(run_cli("edit", "Jane Doe", "--remove-phone", "+1 555 0100"), "has no phone")
    assert kith("undo").stdout.strip() == "Undid: edit Jane Doe"
    assert {i["kind"] for i in shown(kith, "Jane Doe")["identities"]} == {"phone", "linkedin"}


def test_the_person_page_and_the_api_take_off_a_phone_and_a_profile(kith):
    from web_client import client, csrf_from

    kith(
        "add", "Jane Doe", "--phone", "+44 20 7946 0000", "--linkedin", "https://www.linkedin.com/in/jane-doe"
    )
    person = kith("people", "--json").json()[0]["id"]
    web = client()
    page = web.get(f"/people/{person}").text
    assert 'name="remove_phone" value="+442079460000"' in page
    sent = web.post(
        f"/people/{person}/edit",
        data={"csrf_token": csrf_from(page), "name": "Jane Doe", "remove_phone": "+442079460000"},
        follow_redirects=True,
    )
    assert sent.status_code == 200 and "+442079460000" not in sent.text
    token = web.get("/api/csrf").json()["token"]
    changed = web.patch(
        f"/api/people/{person}",
        json={"remove_linkedin": ["https://www.linkedin.com/in/jane-doe"]},
        headers={"X-CSRF-Token": token},
    )
    assert changed.status_code == 200 and changed.json()["person"]["identities"] == []


def test_an_empty_list_says_so_in_words(kith):
    assert kith("people").stdout.strip().startswith("No people yet: add someone (kith add NAME)")
    kith("add", "Jane Doe")
    said = kith("people", "--circle", "close").stdout.strip()
    assert said == "Nobody matches: kith people without options lists everyone."
    assert kith("people", "--circle", "close", "--json").json() == []
