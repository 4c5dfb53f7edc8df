"""A person's page: the timeline names the others who were there, never the person whose page it is."""

# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811

from __future__ import annotations

from web_client import web  # noqa: F401  (fixture)


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
