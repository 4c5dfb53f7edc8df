# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""One read model per thing a user reads: the CLI's --json and the API give the same JSON on the same
data (a difference in any field, order or shape fails here)."""

from __future__ import annotations

from conftest import import_person
from web_client import web  # noqa: F401

PEEC = {
    "--profession": "I am a data engineer",
    "--expertise": "I make slow reporting pipelines fast",
    "--environment": "in small teams at growing retailers",
    "--call-to-action": "introduce me to a head of data",
}


def _peec(kith, *extra: str) -> None:
    args = [item for pair in PEEC.items() for item in pair]
    kith("peec", *extra, *args)


def test_invitations_json_is_the_api_answer(kith, web):
    kith("add", "Ann Met")
    kith("log", "coffee", "Ann Met", "--when", "2026-03-02")
    kith("invitations", "add", "Ann Met", "--when", "2026-06-01", "--message", "great coffee")
    kith("invitations", "add", "Bob Writer", "--platform", "xing")
    kith("policy", "--conversations", "3")
    cli = kith("invitations", "--json").json()
    assert [i["person"] for i in cli["invitations"]] == ["Ann Met", "Bob Writer"]
    assert cli["policy"]["conversations"] == 3
    assert web.get("/api/invitations").json() == cli


def test_peec_list_json_is_the_api_answer(kith, web):
    _peec(kith, "--event", "PyData Berlin")
    _peec(kith)
    kith("peec", "--edit", "1", "--expertise", "I make slow reports fast")
    cli = kith("peec", "--list", "--json").json()
    assert [s["id"] for s in cli["statements"]] == [2, 1]
    assert cli["statements"][1]["expertise"] == "I make slow reports fast"
    assert web.get("/api/peec").json() == cli


def test_friends_json_is_the_api_answer(kith, web):
    for name in ("Jane Doe", "Sam Lee", "Maria Costa"):
        kith("add", name)
    kith("ask", "help moving house", "--to", "Jane Doe", "--to", "Sam Lee", "--when", "2026-06-01")
    kith("ask", "an intro at Acme", "--to", "Sam Lee", "--when", "2026-06-05")
    kith("answered", "1", "Jane Doe", "--when", "2026-06-02")
    kith("answered", "1", "Maria Costa", "--when", "2026-06-03")  # unasked
    cli = kith("friends", "--json").json()
    assert [p["name"] for p in cli["came_through"]] == ["Jane Doe", "Maria Costa"]
    assert cli["requests"][0]["unasked"] == ["Maria Costa"]
    assert web.get("/api/friends").json() == cli


def test_duplicates_json_is_the_api_answer(kith, web):
    kith("add", "Jane Doe", "--company", "Acme")
    import_person("Jane Doe", linkedin="https://www.linkedin.com/in/jane-doe", company="Acme")
    cli = kith("duplicates", "--json").json()
    assert len(cli) == 1
    assert web.get("/api/duplicates").json() == cli
