"""kith brief: one page before a meeting, with what to ask or offer derived from the history."""

from __future__ import annotations

from conftest import assert_user_error


def _history(kith, kith_on):
    kith("me", "--name", "Ada User")
    kith_on(
        "2025-01-06",
        "edit",
        "me",
        "--company",
        "Acme",
        "--title",
        "Engineer",
        "--tag",
        "python",
        "--tag",
        "climate",
    )
    kith("edit", "me", "--company", "Initech")
    kith("add", "Sam Intro")
    kith_on(
        "2025-09-01",
        "add",
        "Jane Doe",
        "--company",
        "Acme",
        "--title",
        "Engineer",
        "--met-via",
        "Sam Intro",
        "--how-met",
        "PyCon 2025 hallway",
        "--tag",
        "python",
        "--tag",
        "golf",
    )
    kith("edit", "Jane Doe", "--company", "Globex", "--title", "CTO")
    kith("add", "Pat Via", "--met-via", "Jane Doe")
    kith("add", "Kim Group")
    kith(
        "log",
        "coffee",
        "Jane Doe",
        "--when",
        "2026-01-10",
        "--note",
        "her team's data stack",
        "--promise",
        "send the article",
        "--due",
        "2026-06-10",
    )
    kith("log", "lunch", "Jane Doe", "Kim Group", "--when", "2026-03-05", "--mutual")
    kith("log", "email", "Jane Doe", "--inbound", "--when", "2026-06-01", "--note", "asked about hiring")
    kith("promise", "Jane Doe", "send the job description", "--by-them", "--due", "2026-06-20")
    for kind, when in (("intro", "2026-02-01"), ("advice", "2026-04-01"), ("help", "2026-05-01")):
        kith("favour", "give", "Jane Doe", kind, "--when", when)


def test_brief_json_gathers_the_page(kith, kith_on):
    _history(kith, kith_on)
    b = kith("brief", "Jane Doe", "--json").json()
    assert (b["company"], b["title"]) == ("Globex", "CTO")
    assert b["introduced_by"] == "Sam Intro" and b["how_met"] == "PyCon 2025 hallway"
    assert b["first_interaction"].startswith("2026-01-10")
    assert [(r["company"], r["current"]) for r in b["roles"]] == [("Acme", False), ("Globex", True)]
    assert b["job_changes"][0]["summary"] == "Engineer at Acme -> CTO at Globex"
    assert [i["kind"] for i in b["last_interactions"]] == ["email", "lunch", "coffee"]
    assert b["you_owe"] == [
        {
            "id": 1,
            "person_id": b["id"],
            "person": "Jane Doe",
            "owed_by": "me",
            "text": "send the article",
            "due_at": "2026-06-10T12:00:00+00:00",
            "done_at": None,
            "overdue": True,
        }
    ]
    assert b["tie"]["circle"] in ("intimate", "close", "friends", "meaningful", "acquaintance", "dormant")
    assert b["tie"]["explanation"]
    assert [(c["text"], c["overdue"]) for c in b["they_owe"]] == [("send the job description", False)]
    assert b["ledger"]["given"] == 3 and b["ledger"]["received"] == 0
    assert b["ledger"]["style"] == "get-to-give"
    assert b["shared"] == {"tags": ["python"], "organisations": ["Acme"]}
    assert [(m["name"], m["why"]) for m in b["mutual"]] == [
        ("Sam Intro", "introduced you to Jane Doe"),
        ("Pat Via", "you met them through Jane Doe"),
        ("Kim Group", "met with you both once"),
    ]
    assert [(s["kind"], s["text"]) for s in b["ask_or_offer"]] == [
        ("offer", "deliver what you promised: send the article, due 2026-06-10 (overdue)"),
        ("ask", "about what they promised: send the job description"),
        ("ask", "how the new role is going and congratulate them (Engineer at Acme -> CTO at Globex)"),
        ("ask", "how the help you gave on 2026-05-01 worked out"),
        ("ask", "for help if you need it: you gave 3 favours and received 0"),
        ("talk", "shared interests: python"),
        ("talk", "Acme: you have both worked there"),
        ("talk", "people you both know: Sam Intro, Pat Via, Kim Group"),
    ]


def test_brief_text_is_one_page(kith, kith_on):
    _history(kith, kith_on)
    out = kith("brief", "jane").stdout
    lines = out.splitlines()
    assert lines[0] == "Brief: Jane Doe, CTO at Globex"
    assert "How you met: PyCon 2025 hallway; introduced by Sam Intro; first contact 2026-01-10" in out
    assert lines[2].startswith("Tie: ")
    assert "Before: Engineer at Acme (to 2026-06-15)" in out
    assert "  2026-06-01 (2 weeks ago)  email  asked about hiring" in out
    assert "You promised: send the article (due 2026-06-10, overdue)" in out
    assert "They promised: send the job description (due 2026-06-20)" in out
    assert "Give/get: you give, they have not given back: 3 to 0 (get-to-give)\n" in out
    assert "Common ground: both worked at Acme; both tagged python\n" in out
    assert "Shared:" not in out
    assert "Mutual contacts: Sam Intro (introduced you to Jane Doe);" in out
    assert "  offer: deliver what you promised: send the article" in out
    assert len(lines) < 40


def test_brief_on_someone_barely_known(kith):
    kith("add", "New Person", "--company", "Umbrella")
    kith("log", "call", "New Person", "--when", "2025-06-01")
    b = kith("brief", "New Person", "--json").json()
    texts = [s["text"] for s in b["ask_or_offer"]]
    assert texts == ["what has changed since you last spoke on 2025-06-01"]
    kith("me", "--name", "Ada User")
    kith("edit", "me", "--company", "umbrella")
    b = kith("brief", "New Person", "--json").json()
    assert b["colleagues_now"] == ["Umbrella"]
    assert "Umbrella: you both work there" in [s["text"] for s in b["ask_or_offer"]]
    kith("add", "Never Met", "--company", "Umbrella")
    out = kith("brief", "Never Met").stdout
    assert "How you met: not recorded" in out
    assert "Last interactions: none logged" in out
    assert "Promises: none open either way" in out
    assert "Give/get: too new to tell: 0 to 0\n" in out
    kith("favour", "get", "Never Met", "advice")
    kith("favour", "get", "Never Met", "intro")
    owing = kith("brief", "Never Met").stdout
    assert "Give/get: they give, you have not given back: 0 to 2 (get-to-get); you owe them one\n" in owing
    # the graph of who knows whom: both at Umbrella now
    assert "Mutual contacts: New Person (both at Umbrella now)\n" in out
    kith("knows", "New Person", "Never Met", "--not")
    assert "Mutual contacts: none found\n" in kith("brief", "Never Met").stdout
    assert "ask: about their work at Umbrella: you have no interaction logged yet" in out


def test_brief_bad_input(kith):
    assert_user_error(kith("brief", "Nobody Known", expect=2), "nobody called")
    assert_user_error(kith("brief", "", expect=2), "cannot be empty")
    kith("me", "--name", "Ada User")
    assert_user_error(kith("brief", "me", expect=2), "not about you")


def test_a_brief_prints_no_heading_over_nothing(kith):
    from kith.cli.brief import brief_lines
    from kith.clock import now

    kith("me", "--name", "Ada Lovelace")
    kith("add", "Nia Obi")
    data = kith("brief", "Nia Obi", "--json").json()
    data["ask_or_offer"] = []  # nothing to suggest
    lines = brief_lines(data, now())
    assert not any(line.endswith(":") for line in lines), lines
    assert brief_lines({**data, "ask_or_offer": [{"kind": "ask", "text": "x"}]}, now())[-2:] == [
        "Ask or offer:",
        "  ask: x",
    ]
