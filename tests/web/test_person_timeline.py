"""A person's page: the timeline names the others who were there, never the person whose page it is."""

# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811

from __future__ import annotations

import re

from web_client import csrf_from, jane, web  # noqa: F401  (fixtures)


def test_the_timeline_names_only_the_others_in_a_group(kith, web):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("add", "Sam Lee")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-05", "--note", "team lunch")
    jane = kith("show", "Jane Doe", "--json").json()["person"]["id"]
    sam = kith("show", "Sam Lee", "--json").json()["person"]["id"]
    timeline = web.get(f"/people/{jane}").text.split("<h2>Timeline</h2>", 1)[1].split("</table>", 1)[0]
    assert "<th>Also there</th>" in timeline
    assert f'<a href="/people/{sam}">Sam Lee</a>' in timeline
    assert "Jane Doe" not in timeline
    # the dashboard's list still names everyone
    recent = web.get("/").text
    assert f'<a href="/people/{jane}">Jane Doe</a>, <a href="/people/{sam}">Sam Lee</a>' in recent
    # and the command line never repeated it either
    shown = kith("show", "Jane Doe").stdout
    assert "team lunch (with Sam Lee)" in shown and "(with Jane Doe" not in shown


def _quick_log(page_html: str) -> dict[str, str]:
    """The hidden fields of a page's form that logs (the person page's, the log page's)."""
    form = re.split(r'action="/log"[^>]*>', page_html, maxsplit=1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))


def test_logging_from_a_person_page_comes_back_to_it(web, jane):
    fields = _quick_log(web.get(f"/people/{jane}").text)
    assert fields["back"] == f"/people/{jane}" and fields["names"] == f"#{jane}"
    done = web.post(
        "/log",
        data={**fields, "kind": "call", "when": "2026-06-10", "note": "about Porto"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/people/{jane}?saved=logged"
    shown = web.get(done.headers["location"]).text
    assert "Logged: it is on the timeline below." in shown
    assert "about Porto" in shown.split("<h2>Timeline</h2>", 1)[1]
    assert ">Undo log call with Jane Doe</button>" in shown  # the change can be taken back at once


def test_a_refused_log_from_a_person_page_keeps_the_way_back(web, jane):
    fields = _quick_log(web.get(f"/people/{jane}").text)
    refused = web.post("/log", data={**fields, "kind": "call", "when": "the day after never"})
    assert refused.status_code == 400
    assert f'<input type="hidden" name="back" value="/people/{jane}">' in refused.text
    again = web.post(
        "/log", data={**_quick_log(refused.text), "names": f"#{jane}", "kind": "call"}, follow_redirects=False
    )
    assert again.headers["location"] == f"/people/{jane}?saved=logged"


def test_the_log_form_goes_back_only_to_a_person_page(web, jane):
    token = csrf_from(web.get("/log").text)
    for back in ("https://elsewhere.example/", "//elsewhere.example/people/1", "/settings", "/people/1/edit"):
        done = web.post(
            "/log",
            data={"csrf_token": token, "names": "Jane Doe", "kind": "call", "back": back},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert done.headers["location"].startswith("/log?logged="), back


def test_a_new_ledger_says_too_new_to_tell_once(web, jane):
    page = web.get(f"/people/{jane}").text
    said = '<strong>too new to tell: 0 to 0</strong> <span class="muted">(fewer than 2 favours either way)</span>'
    assert said in page and page.count("too new to tell") == 1
