"""End to end in a real headless Chromium: the web UI over a small sample network, as a person uses it.

The server is the real one (uvicorn on a free loopback port, in a thread) over a sample built by
``kith demo``'s generator; the browser is Debian's ``chromium`` driven by Playwright (never a downloaded
browser). Screenshots of the main pages land in ``test-artifacts/e2e/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import NOW

CHROMIUM = Path(os.environ.get("KITH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A small sample served on loopback: (base URL, the most-in-touch person's name, the sample's folder)."""
    import uvicorn

    from kith.sample.demo import build_sample, demo_settings, sample_day, summary
    from kith.web.app import create_app

    as_of = datetime.fromisoformat(NOW)
    settings = demo_settings(tmp_path_factory.mktemp("e2e") / "sample")
    settings.home.mkdir()
    build_sample(settings, as_of=sample_day(as_of), connections=60)
    name = summary(settings, as_of)["most_in_touch"][0]["name"]
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the kith web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", name, settings.home
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_log_an_interaction_in_the_form_and_see_it_on_the_timeline(site, page):
    base, name, _ = site
    page.goto(base + "/")
    assert page.locator("h1").first.inner_text() == "Your network"
    _shot(page, "dashboard")

    page.get_by_role("link", name="Log", exact=True).first.click()
    page.wait_for_url(base + "/log")
    page.select_option("select[name=kind]", "coffee")
    page.fill("input[name=names]", name)
    page.fill("input[name=when]", "yesterday 9am")
    note = "Talked about her <b>new team</b> in Porto"
    page.fill("textarea[name=note]", note)
    page.fill("input[name=duration_minutes]", "45")
    page.get_by_role("button", name="Log it").click()
    notice = page.get_by_role("status")
    assert "Logged coffee" in notice.inner_text() and name in notice.inner_text()
    _shot(page, "log-done")

    notice.get_by_role("link", name=name).click()
    assert page.locator("h1").first.inner_text().startswith(name)
    timeline = page.locator("section", has=page.get_by_role("heading", name="Timeline"))
    newest = timeline.locator("tbody tr").first
    # the note is shown as text, typed markup included, and the newest row is the one just logged
    assert note in newest.inner_text()
    assert "coffee" in newest.inner_text()
    assert timeline.locator("tbody b").count() == 0
    _shot(page, "person")


def test_every_page_in_the_navigation_opens_without_an_error(site, page):
    base, _, _ = site
    page.goto(base + "/")
    links = page.locator("nav[aria-label=main] a")
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"/", "/people", "/log"} <= set(paths)
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "Something went wrong" not in text, path
        _shot(page, "page-" + (path.strip("/").replace("/", "-") or "dashboard"))


def test_people_search_finds_a_person_and_opens_their_page(site, page):
    base, name, _ = site
    page.goto(base + "/people")
    search = page.locator("input[name=q], input[type=search]").first
    search.fill(name.split()[-1])
    search.press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name=name).first.click()
    assert page.locator("h1").first.inner_text().startswith(name)
    assert page.get_by_role("heading", name="Timeline").count() == 1


def test_uploading_the_same_linkedin_export_again_adds_nothing(site, page):
    base, _, home = site
    newest = sorted((home / "exports").glob("*.zip"))[-1]
    page.goto(base + "/import")
    page.set_input_files("input[name=file]", str(newest))
    page.select_option("select[name=format]", "linkedin")
    page.get_by_role("button", name="Import").click()
    summary = page.get_by_role("status")
    assert f"Imported {newest.name}" in summary.inner_text()
    assert "0 added, 0 updated" in summary.inner_text()
    _shot(page, "import-done")


def test_the_api_docs_render_from_local_files_only(site, page):
    base, _, _ = site
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("kith")
    assert page.locator(".opblock").count() > 10
    assert requested and all(url.startswith(base + "/") for url in requested), requested
    _shot(page, "api-docs")


def _fits(page, path: str) -> None:
    """The page is as wide as a phone's screen: nothing to scroll sideways."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def test_the_new_pages_fit_a_phone_and_their_forms_work(site, phone):
    base, name, _ = site
    page = phone
    # a request for help, asked and answered on the friends page (in the navigation)
    page.goto(base + "/")
    assert page.locator("nav[aria-label=main] a[href='/friends']").count() == 1
    page.goto(base + "/friends")
    page.fill("input[name=text]", "help moving house on Saturday, with a van and two strong arms")
    page.fill("input[name=names]", name)
    page.get_by_role("button", name="Record the request").click()
    assert "Request recorded." in page.get_by_role("status").inner_text()
    page.fill("article.request input[name=name]", name)
    page.get_by_role("button", name="Record", exact=True).click()
    assert "Recorded." in page.get_by_role("status").inner_text()
    # a PEEC statement, to correct and delete
    page.goto(base + "/peec")
    page.fill("input[name=event]", "PyData Berlin")
    for key, text in (
        ("profession", "I am a data engineer"),
        ("expertise", "I make slow reporting pipelines fast"),
        ("environment", "in small teams at growing retailers"),
        ("call_to_action", "introduce me to a head of data"),
    ):
        page.fill(f"input[name={key}]", text)
    page.get_by_role("button", name="Save").click()
    assert "Statement saved." in page.get_by_role("status").inner_text()
    statement = page.locator("article.figure a", has_text="edit").first.get_attribute("href").split("/")[2]
    person = page.evaluate(
        "async (q) => (await (await fetch('/api/people?q=' + encodeURIComponent(q))).json()).people[0].id",
        name,
    )
    invitation = page.evaluate("async () => (await (await fetch('/api/invitations')).json()).invitations[0]")

    links = page.locator("nav[aria-label=main] a")
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]  # every page, too
    paths += [
        f"/people/{person}",
        f"/people/{person}/merge",
        f"/people/{person}/forget",
        "/duplicates",
        "/prune",
        "/friends",
        "/friends/requests/1/edit",
        f"/friends/requests/1/answers/{person}/edit",
        f"/friends/requests/1/answers/{person}/delete",
        "/friends/requests/1/delete",
        "/peec",
        f"/peec/{statement}/edit",
        f"/peec/{statement}/delete",
        "/invitations",
        f"/invitations/{invitation['person_id']}/edit?platform={invitation['platform']}",
        f"/invitations/{invitation['person_id']}/delete?platform={invitation['platform']}",
    ]
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        _fits(page, path)
        _shot(page, "phone-" + (path.strip("/").replace("/", "-").split("?")[0] or "dashboard"))

    # the log form's second step: an unknown name is offered as a new person, then logged
    page.goto(base + "/log")
    page.fill("input[name=names]", "Ottilie Newcomer")
    page.get_by_role("button", name="Log it").click()
    assert page.locator("fieldset#new-people").count() == 1
    _fits(page, "/log (new people)")
    _shot(page, "phone-log-new-people")
    page.get_by_role("button", name="Add Ottilie Newcomer and log").click()
    assert "Logged coffee with Ottilie Newcomer" in page.get_by_role("status").inner_text()


def test_correct_and_delete_an_interaction_from_the_person_page(site, page):
    base, name, _ = site
    page.goto(base + "/people")
    page.get_by_role("link", name=name).first.click()
    person_url = page.url
    count = page.locator("dt:has-text('Interactions') + dd")
    before = int(count.inner_text().split(",")[0])
    timeline = page.locator("section", has=page.get_by_role("heading", name="Timeline"))
    timeline.locator("tbody tr").first.get_by_role("link", name="edit").click()
    assert page.locator("h1").first.inner_text().startswith("Edit interaction #")
    page.fill("input[name=when]", "2026-06-15 11:59Z")  # just before now: the newest row
    page.fill("textarea[name=notes]", "corrected: it was the evening before")
    _shot(page, "interaction-edit")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == "Saved."
    assert page.url.startswith(person_url)
    newest = timeline.locator("tbody tr").first
    assert "2026-06-15 11:59" in newest.inner_text() and "corrected: it was" in newest.inner_text()

    newest.get_by_role("link", name="delete").click()
    assert page.locator("h1").first.inner_text().startswith("Delete interaction #")
    _shot(page, "interaction-delete")
    page.get_by_role("button", name="Delete the interaction").click()
    assert page.get_by_role("status").inner_text() == "Deleted."
    assert int(count.inner_text().split(",")[0]) == before - 1
    assert "corrected: it was" not in timeline.inner_text()
    _shot(page, "person-corrected")


def test_a_birthday_and_dated_notes_on_a_phone(site, phone):
    base, name, _ = site
    page = phone
    page.goto(base + "/people")
    page.get_by_role("link", name=name).first.click()
    person_url = page.url.split("?")[0]
    page.fill("input[name=birthday]", "06-19")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == "Saved."
    assert "19 June; next on Friday (19 June)" in page.locator("dt:has-text('Birthday') + dd").inner_text()
    long_link = "https://notes.example/" + "a-very-long-path-without-spaces-" * 6
    note_form = page.locator("form[action$='/notes']")
    note_form.locator("textarea[name=text]").fill(f"moving to Berlin in May\nher notes: {long_link}")
    note_form.locator("input[name=when]").fill("yesterday")
    page.get_by_role("button", name="Add the note").click()
    assert page.get_by_role("status").inner_text() == "Saved."
    notes = page.locator("ul.note-list li")
    assert "2026-06-14" in notes.first.inner_text() and "moving to Berlin in May" in notes.first.inner_text()
    _fits(page, "/people/ID with a long note")
    _shot(page, "phone-person-notes")
    notes.first.get_by_role("link", name="edit").click()
    assert page.locator("h1").first.inner_text().startswith("Edit note #")
    _fits(page, "/notes/ID/edit")
    page.fill("textarea[name=text]", "moving to Berlin in June")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == "Saved."
    assert page.url.startswith(person_url)
    notes.first.get_by_role("link", name="delete").click()
    _fits(page, "/notes/ID/delete")
    page.get_by_role("button", name="Delete the note").click()
    assert "moving to Berlin" not in page.locator("ul.note-list").inner_text()


def test_a_person_with_a_long_address_fits_a_phone(site, phone):
    base, _, _ = site
    phone.goto(base + "/people")
    phone.fill("form[action='/people'] input[name=name]", "Wilhelmina Longaddress")
    address = "wilhelmina.longaddressofthepartnershipsteam@arathersuperlongcompanyname.example"
    phone.fill("form[action='/people'] input[name=email]", address)
    phone.get_by_role("button", name="Add", exact=True).click()
    assert phone.locator("h1").first.inner_text() == "Wilhelmina Longaddress"
    assert address in phone.locator("dt:has-text('Email') + dd").inner_text()
    _fits(phone, "a person page with a long email address")  # the address wraps instead


def test_a_note_of_one_long_unbroken_word_wraps_on_the_person_page(site, phone, page):
    base, _, _ = site
    phone.goto(base + "/people")
    phone.fill("form[action='/people'] input[name=name]", "Una Brokenword")
    phone.get_by_role("button", name="Add", exact=True).click()
    phone.fill("textarea[name=text]", "see https://example.org/" + "a" * 3000)
    phone.get_by_role("button", name="Add the note").click()
    assert "a" * 100 in phone.locator("p.notes").first.inner_text()
    _fits(phone, "a person page with a long note")
    page.goto(phone.url)
    _fits(page, "a person page with a long note, on a desktop")


def test_numbers_in_tables_line_up_on_the_right(site, page):
    base, _, _ = site
    page.goto(base + "/people")
    aligned = page.evaluate("getComputedStyle(document.querySelector('table.list td.num')).textAlign")
    assert aligned == "right"


def test_on_a_phone_each_interaction_shows_its_edit_and_delete_links(site, phone):
    base, name, _ = site
    phone.goto(base + "/people")
    phone.get_by_role("link", name=name).first.click()
    row = (
        phone.locator("section", has=phone.get_by_role("heading", name="Timeline")).locator("tbody tr").first
    )
    for link in ("edit", "delete"):
        box = row.get_by_role("link", name=link).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, f"{link} is off the screen, at {box}"


def test_the_reach_page_fits_a_phone_with_its_paths(site, phone):
    base, _, _ = site
    phone.goto(base + "/")
    phone.locator("nav[aria-label=main] a[href='/reach']").click()
    companies = sorted(
        {
            p["company"]
            for p in phone.request.get(base + "/api/people?per_page=500").json()["people"]
            if p.get("company")
        }
    )
    with_paths = [
        c for c in companies if phone.request.get(base + "/api/reach", params={"company": c}).json()["paths"]
    ]
    assert with_paths, companies
    phone.fill("input[name=q]", with_paths[0])
    phone.get_by_role("button", name="Find paths").click()
    assert phone.locator(".reach-path").count() >= 1
    assert phone.locator(".reach-path").first.inner_text().count("Ask ") == 1
    _fits(phone, "/reach with paths")
    _shot(phone, "reach-phone")


def test_the_undo_page_fits_a_phone_with_a_long_change(site, phone):
    base, name, _ = site
    phone.goto(base + "/people")
    phone.get_by_role("link", name=name).first.click()
    phone.fill("input[name=school]", "Eidgenössische Technische Hochschule Zürich")
    phone.get_by_role("button", name="Save").last.click()
    phone.goto(base + "/undo")
    button = phone.get_by_role(
        "button", name=f"Undo add school Eidgenössische Technische Hochschule Zürich to {name}"
    )
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, f"the undo button is off the screen, at {box}"
    _fits(phone, "/undo")
    button.click()
    _fits(phone, "/undo after an undo")
    widths = phone.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390)"
        ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert widths == [], widths


def test_the_network_picture_reads_at_phone_width_and_on_a_desktop(site, browser, page):
    base, _, _ = site
    answer = page.request.get(base + "/api/network").json()
    named = [g["label"] for g in answer["groups"]]
    bridges = [b["person"]["name"] for b in answer["bridges"]]
    small = browser.new_context(viewport={"width": 375, "height": 800})
    phone = small.new_page()
    try:
        for shown, hidden, at in (("narrow", "wide", phone), ("wide", "narrow", page)):
            at.goto(base + "/network")
            _fits(at, "/network")
            # one drawing for the width: on a phone the smaller one, its bridges numbered as in the list
            assert at.locator(f".network-picture .{shown} svg").is_visible()
            assert not at.locator(f".network-picture .{hidden} svg").is_visible()
            width = at.locator(f".network-picture .{shown} svg").bounding_box()["width"]
            assert width <= at.viewport_size["width"]
            # under it, in words, what it shows: the groups and the bridges the API states
            figure = at.get_by_role("img", name=re.compile("A picture of your network"))
            assert figure.count() == 1
            listed = at.locator("li.group")
            assert [listed.nth(i).inner_text().strip() for i in range(listed.count())] == named
            assert [n.strip() for n in at.locator("li.bridge > a:first-child").all_inner_texts()] == bridges
            assert at.get_by_role("heading", name="Groups", exact=True).is_visible() == bool(named)
            assert at.locator("table.rings").is_visible()
            _shot(at, f"network-{at.viewport_size['width']}")
    finally:
        small.close()


def test_the_job_board_is_a_grid_and_a_refused_step_is_said_beside_its_form(site, browser, page):
    base, _, _ = site
    page.goto(base + "/job")
    cards = page.locator("article.job-target")
    assert cards.count() >= 2
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    # at desktop width: cards of one width, side by side, their tops in line
    assert len({round(b["width"]) for b in boxes}) == 1
    assert boxes[1]["x"] > boxes[0]["x"] and round(boxes[1]["y"]) == round(boxes[0]["y"])
    # a step through someone kith does not know: the board again, the reason above the form, as typed
    page.select_option("form[action='/job/steps'] select[name=kind]", "referral")
    page.fill("form[action='/job/steps'] input[name=via]", "Zebulon Nobodyknows")
    page.fill("form[action='/job/steps'] input[name=when]", "2026-06-01")
    page.locator("form[action='/job/steps'] button[type=submit]").click()
    alert = page.locator("#refused-step")
    assert "nobody called 'Zebulon Nobodyknows'" in alert.inner_text()
    assert page.locator("form[action='/job/steps'] input[name=via]").input_value() == "Zebulon Nobodyknows"
    assert page.locator("form[action='/job/steps'] select[name=kind]").input_value() == "referral"
    _shot(page, "job-refused-step")

    phone = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    phone.goto(base + "/job")
    _fits(phone, "/job")
    cards = phone.locator("article.job-target")
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert (
        len({round(b["x"]) for b in boxes}) == 1 and len({round(b["width"]) for b in boxes}) == 1
    )  # one column
    _shot(phone, "phone-job")
    phone.context.close()
