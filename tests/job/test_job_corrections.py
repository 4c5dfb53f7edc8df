# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Correcting the job search: one step (kind, time, role, person, note) edited or deleted by its number,
a target's role changed, and an introduction's note and dates edited or it deleted with its promise and
favour; the CLI, the web and the API call the same core functions and agree."""

from __future__ import annotations

import re

import pytest
from conftest import assert_user_error, run_cli
from web_client import api, csrf_from, web  # noqa: F401


@pytest.fixture
def network(kith):
    """Ada; Jane Doe knows Tom Lee, who is at Acme; Acme is a target with an application and a referral
    asked of Tom (steps #1 and #2)."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "CTO")
    kith("knows", "Jane Doe", "Tom Lee", "--how", "worked together")
    kith("job", "target", "add", "Acme", "--role", "Data engineer")
    kith("job", "apply", "Acme", "--when", "2026-06-10", "--note", "careers page")
    kith("job", "referral", "Acme", "--via", "Tom Lee", "--when", "2026-06-11")
    return kith


def board(kith) -> dict:
    [acme] = kith("job", "--json").json()["targets"]
    return acme


def test_kith_job_lists_each_step_with_its_number(network):
    text = network("job").stdout
    assert "#1 2026-06-10 an application (Data engineer): careers page" in text
    assert "#2 2026-06-11 a referral asked through Tom Lee" in text


def test_a_step_is_corrected_by_its_number_and_the_board_follows(network):
    said = network(
        "job", "step", "edit", "#2", "--step", "referral", "--when", "2026-06-12", "--note", "sent"
    )
    assert said.stdout.strip() == "Corrected at Acme: #2 2026-06-12 a referral received through Tom Lee: sent"
    acme = board(network)
    assert acme["referrals_asked"] == [] and [r["id"] for r in acme["referrals"]] == [2]
    assert acme["stage"] == "referral"
    network("job", "step", "edit", "1", "--role", "", "--note", "")
    [application] = board(network)["applications"]
    assert (application["role"], application["note"]) == (None, None)
    assert network("undo").stdout.strip() == "Undid: correct job step #1"
    assert board(network)["applications"][0]["note"] == "careers page"


def test_a_step_correction_is_refused_when_it_would_not_hold(network):
    assert_user_error(run_cli("job", "step", "edit", "2", "--via", ""), "a referral goes through someone")
    assert_user_error(run_cli("job", "step", "edit", "1", "--step", "lunch"), "unknown step 'lunch'")
    assert_user_error(run_cli("job", "step", "edit", "1", "--when", "2027-01-01"), "is in the future")
    assert_user_error(run_cli("job", "step", "edit", "1"), "nothing to change")
    # a year typed wrong: more than a year before the company was targeted (2026-06-15)
    assert_user_error(
        run_cli("job", "step", "edit", "1", "--when", "1990-01-01"),
        "1990-01-01 is more than a year before you targeted Acme (2026-06-15): check the date",
    )
    assert_user_error(run_cli("job", "offer", "Acme", "--when", "2025-06-14"), "more than a year before")
    network("job", "interview", "Acme", "--when", "2025-06-16")  # a search begun before kith knew it
    assert_user_error(run_cli("job", "step", "edit", "9", "--note", "x"), "no job step #9")
    assert_user_error(run_cli("job", "step", "edit", "one", "--note", "x"), "named by its number")
    assert board(network)["referrals_asked"][0]["person"]["name"] == "Tom Lee"


def test_a_step_is_deleted_after_confirming(network):
    assert_user_error(run_cli("job", "step", "delete", "1"), "needs confirming; add --yes")
    assert len(board(network)["applications"]) == 1
    said = network("job", "step", "delete", "1", "--yes").stdout
    assert said.strip() == "Deleted at Acme: #1 2026-06-10 an application (Data engineer): careers page"
    assert board(network)["applications"] == []
    assert network("undo").stdout.strip() == "Undid: delete job step #1"
    assert [a["id"] for a in board(network)["applications"]] == [1]


def test_a_target_role_is_changed_without_closing_it(network):
    said = network("job", "target", "edit", "acme", "--role", "Staff engineer").stdout
    assert said.strip() == "Acme: the role is Staff engineer."
    acme = board(network)
    assert (acme["role"], acme["state"], len(acme["applications"])) == ("Staff engineer", "active", 1)
    assert network("job", "target", "edit", "Acme", "--role", "").stdout.strip() == "Acme: no role said."
    assert_user_error(run_cli("job", "target", "edit", "Hooli", "--role", "x"), "not one of your target")


def test_the_api_corrects_and_deletes_steps_and_changes_the_role(api, network):
    changed = api.patch("/api/job/steps/2", json={"kind": "referral", "note": "sent"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["kind"], changed.json()["note"]) == ("referral", "sent")
    refused = api.patch("/api/job/steps/2", json={"via": None})
    assert refused.status_code == 400 and "goes through someone" in refused.json()["detail"]
    assert api.patch("/api/job/steps/2", json={"colour": "red"}).status_code == 422
    assert api.get("/api/job/steps/1").json()["kind"] == "application"
    assert api.delete("/api/job/steps/1").json()["note"] == "careers page"
    assert api.delete("/api/job/steps/1").status_code == 404
    role = api.patch("/api/job/targets", json={"company": "Acme", "role": "CTO"})
    assert role.status_code == 200 and role.json()["role"] == "CTO"
    acme = board(network)
    assert (acme["applications"], acme["referrals"][0]["note"], acme["role"]) == ([], "sent", "CTO")


def test_the_board_page_edits_and_deletes_a_step_with_a_confirmation(web, network):
    page = web.get("/job")
    assert 'href="/job/steps/2/edit"' in page.text and 'href="/job/steps/1/delete"' in page.text
    form = web.get("/job/steps/2/edit")
    assert form.status_code == 200 and 'value="#2"' not in form.text
    shown_when = re.search(r'name="shown_when" value="([^"]*)"', form.text).group(1)
    data = {
        "csrf_token": csrf_from(form.text),
        "kind": "interview",
        "when": shown_when,
        "shown_when": shown_when,
        "role": "",
        "via": "Tom Lee",
        "note": "first round",
    }
    done = web.post("/job/steps/2/edit", data=data)
    assert done.status_code == 200 and "Step corrected." in done.text
    assert board(network)["interviews"][0]["note"] == "first round"
    bad = web.post("/job/steps/2/edit", data={**data, "kind": "referral", "via": ""})
    assert bad.status_code == 400 and "a referral goes through someone" in bad.text
    assert board(network)["interviews"][0]["note"] == "first round"  # nothing half-written
    confirm = web.get("/job/steps/1/delete")
    assert "Delete job step #1?" in confirm.text and "An application at Acme on 2026-06-10" in confirm.text
    assert len(board(network)["applications"]) == 1  # asking deleted nothing
    gone = web.post("/job/steps/1/delete", data={"csrf_token": csrf_from(confirm.text)})
    assert gone.status_code == 200 and "Step deleted." in gone.text
    assert board(network)["applications"] == []
    role = web.post(
        "/job/targets/role", data={"csrf_token": csrf_from(gone.text), "company": "Acme", "role": "VP"}
    )
    assert "Role changed." in role.text and board(network)["role"] == "VP"


@pytest.fixture
def introduced(network):
    """Jane was asked (#1) and made the introduction to Tom on 2026-06-14."""
    network("intro", "ask", "Jane Doe", "Tom Lee", "--note", "platform team")
    network("intro", "made", "Jane Doe", "Tom Lee", "--when", "2026-06-14")
    return network


def test_kith_intros_shows_the_numbers_an_edit_takes(introduced):
    assert "#1 made" in introduced("intros").stdout


def test_an_introduction_is_corrected_and_its_favour_moves_with_it(introduced):
    said = introduced("intro", "edit", "1", "--made", "2026-06-13", "--note", "")
    assert said.stdout.strip() == "Corrected #1 made Jane Doe → Tom Lee (2026-06-13)"
    [intro] = introduced("intros", "--json").json()
    assert intro["made_at"].startswith("2026-06-13") and intro["note"] is None
    [favour] = introduced("ledger", "Jane Doe", "--json").json()["favours"]
    assert favour["when"].startswith("2026-06-13")
    assert_user_error(run_cli("intro", "edit", "1", "--made", "2030-06-01"), "is in the future")
    assert_user_error(run_cli("intro", "edit", "1"), "nothing to change")
    assert_user_error(run_cli("intro", "edit", "7", "--note", "x"), "no introduction #7")
    assert introduced("undo").stdout.strip() == "Undid: correct introduction #1"


def test_an_introduction_is_deleted_with_its_promise_and_favour(introduced):
    assert_user_error(run_cli("intro", "delete", "1"), "needs confirming; add --yes")
    said = introduced("intro", "delete", "1", "--yes").stdout
    assert said.strip() == "Deleted #1 made Jane Doe → Tom Lee (2026-06-14)"
    assert introduced("intros", "--json").json() == []
    assert introduced("commitments", "--all", "--json").json() == []
    assert introduced("ledger", "Jane Doe", "--json").json()["favours"] == []
    assert introduced("undo").stdout.strip() == "Undid: delete introduction #1"
    assert len(introduced("intros", "--json").json()) == 1


def test_the_api_and_the_page_correct_and_delete_introductions(api, web, introduced):
    changed = api.patch("/api/intros/1", json={"note": "about data"})
    assert changed.status_code == 200 and changed.json()["note"] == "about data"
    assert api.patch("/api/intros/1", json={"made": "2030-01-01"}).status_code == 400
    page = web.get("/intros")
    assert "#1" in page.text and 'href="/intros/1/edit"' in page.text
    form = web.get("/intros/1/edit")
    done = web.post(
        "/intros/1/edit",
        data={"csrf_token": csrf_from(form.text), "note": "data team", "asked": "", "made": ""},
    )
    assert "Introduction corrected." in done.text
    assert api.get("/api/intros/1").json()["note"] == "data team"
    confirm = web.get("/intros/1/delete")
    assert "Delete introduction #1?" in confirm.text and "Jane Doe → Tom Lee: made" in confirm.text
    gone = web.post("/intros/1/delete", data={"csrf_token": csrf_from(confirm.text)})
    assert "Introduction deleted" in gone.text and api.get("/api/intros").json() == []
    assert api.delete("/api/intros/1").status_code == 404


def test_refusals_on_the_web_and_the_api_speak_of_fields_not_command_options(api, network):
    answers = [
        api.post("/api/job/steps", json={"company": "Acme", "kind": "referral"}),
        api.post("/api/job/steps", json={"company": "Acme", "kind": "offer", "when": "2026-06-20"}),
        api.post("/api/job/steps", json={"company": "Hooli", "kind": "offer"}),
        api.post("/api/job/targets", json={"company": "Acme"}),
        api.post("/api/ties", json={"first": 1, "second": 2, "knows": True}),
    ]
    for answer in answers:
        detail = answer.json()["detail"]
        assert answer.status_code in (400, 404, 409) and "--" not in detail and "kith " not in detail, detail
