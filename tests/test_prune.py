"""Letting go: kith prune lists the connections to drop with their reasons in plain words, never anyone
with real history; its CSV carries profile URLs; the web page and the API say the same."""

# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811

from __future__ import annotations

import csv
import io

import pytest
from conftest import assert_user_error
from web_client import api, csrf_from, web  # noqa: F401  (fixtures)

CONNECTIONS = [
    ["Notes:"],
    ["When exporting your connection data, you may notice that some of the email addresses are missing."],
    [],
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    [
        "Olive",
        "Collector",
        "https://www.linkedin.com/in/olive-collector",
        "",
        "Globex",
        "Sales",
        "12 Mar 2020",
    ],
    ["Lenny", "Liker", "https://www.linkedin.com/in/lenny-liker", "", "Acme", "", "3 Feb 2019"],
    ["Rita", "Real", "https://www.linkedin.com/in/rita-real", "", "Acme", "CTO", "5 May 2019"],
    ["Fred", "Favour", "https://www.linkedin.com/in/fred-favour", "", "", "", "1 Jun 2018"],
    ["Cora", "Close", "https://www.linkedin.com/in/cora-close", "", "", "", "1 Jun 2018"],
    ["Nina", "New", "https://www.linkedin.com/in/nina-new", "", "", "", "1 Mar 2026"],
]


@pytest.fixture
def network(kith, tmp_path):
    """Connections old and new, with and without real history; an accepted invitation never followed by
    contact; one person who never answered a request for help and one who did."""
    kith("me", "--name", "Ada Lovelace")
    path = tmp_path / "Connections.csv"
    with path.open("w", newline="") as out:
        csv.writer(out).writerows(CONNECTIONS)
    kith("import", "linkedin", str(path))
    kith("log", "like", "Lenny Liker", "--when", "2026-05-01")
    kith("log", "coffee", "Rita Real", "--when", "2024-01-10")
    kith("favour", "give", "Fred Favour", "intro", "--when", "2022-01-01")
    kith("edit", "Cora Close", "--closeness", "0.8")
    kith("add", "Quinn Quiet")
    kith("add", "Hal Helpful")
    kith("invitations", "add", "Pat Kim", "--when", "2026-01-10")
    kith("invitations", "accept", "Pat Kim")
    kith(
        "ask", "an intro to a designer", "--to", "Quinn Quiet", "--to", "Hal Helpful", "--when", "2026-03-01"
    )
    kith("answered", "1", "Hal Helpful", "--when", "2026-03-05")
    return kith


def reasons(listing: dict) -> dict[str, list[str]]:
    return {row["name"]: [r["text"] for r in row["reasons"]] for row in listing["people"]}


def test_prune_lists_whom_to_let_go_of_with_reasons_in_plain_words(network):
    listing = network("prune", "--json").json()
    assert reasons(listing) == {
        "Lenny Liker": [
            "collected: connected on LinkedIn 7 years ago (2019-02-03) and never in touch beyond 1 social reaction"
        ],
        "Olive Collector": ["collected: connected on LinkedIn 6 years ago (2020-03-12) and never in touch"],
        "Pat Kim": ["accepted their invitation 5 months ago (2026-01-10) without ever meeting or talking"],
        "Quinn Quiet": [
            "you asked them for help once (last: 'an intro to a designer', 3 months ago) and they never answered"
        ],
    }
    # the oldest connection first
    assert [row["name"] for row in listing["people"]][:2] == ["Lenny Liker", "Olive Collector"]
    assert listing["summary"] == "4 people to let go of"
    olive = next(row for row in listing["people"] if row["name"] == "Olive Collector")
    assert olive["profile_url"] == "https://www.linkedin.com/in/olive-collector"
    assert olive["company"] == "Globex"

    text = network("prune").stdout
    assert "Olive Collector (#" in text and "https://www.linkedin.com/in/olive-collector" in text
    assert "      collected: connected on LinkedIn 6 years ago (2020-03-12) and never in touch\n" in text
    for kept in ("Rita Real", "Fred Favour", "Cora Close", "Nina New", "Hal Helpful"):
        assert kept not in text


def test_prune_writes_a_csv_with_profile_urls(network, tmp_path):
    target = tmp_path / "let-go.csv"
    out = network("prune", "--csv", str(target)).stdout
    assert f"Wrote {target}" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows[0].keys() >= {"name", "profile_url", "reasons"}
    by_name = {row["name"]: row for row in rows}
    assert by_name["Olive Collector"]["profile_url"] == "https://www.linkedin.com/in/olive-collector"
    assert by_name["Olive Collector"]["connected_on"] == "2020-03-12"
    assert by_name["Pat Kim"]["reasons"].startswith("accepted their invitation")
    assert_user_error(network("prune", "--csv", str(tmp_path), expect=2), "is a folder")


def test_an_empty_home_has_nothing_to_let_go_of(kith):
    assert kith("prune").stdout.startswith("No connections to let go of")
    assert kith("prune", "--json").json()["people"] == []


def test_archiving_takes_them_out_of_the_list_and_undo_brings_them_back(network):
    network("archive", "Olive Collector", "Pat Kim")
    names = [row["name"] for row in network("prune", "--json").json()["people"]]
    assert names == ["Lenny Liker", "Quinn Quiet"]
    assert network("undo").stdout.strip() == "Undid: archive Olive Collector and Pat Kim"
    assert len(network("prune", "--json").json()["people"]) == 4


def test_the_api_and_the_page_give_the_same_list(network, api, web):
    assert api.get("/api/prune").json() == network("prune", "--json").json()
    page = web.get("/prune")
    assert page.status_code == 200
    assert "4 people to let go of" in page.text
    assert "collected: connected on LinkedIn 6 years ago (2020-03-12) and never in touch" in page.text
    assert 'name="csrf_token"' in page.text
    download = web.get("/prune.csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert "https://www.linkedin.com/in/olive-collector" in download.text


def test_the_prune_page_archives_the_chosen_in_one_step(network, web):
    listing = network("prune", "--json").json()
    ids = {row["name"]: row["id"] for row in listing["people"]}
    page = web.get("/prune")
    sent = web.post(
        "/prune/archive",
        data={"csrf_token": csrf_from(page.text), "person": [ids["Olive Collector"], ids["Lenny Liker"]]},
        follow_redirects=True,
    )
    assert sent.status_code == 200  # followed the redirect
    assert "Archived 2 people" in sent.text
    assert [row["name"] for row in network("prune", "--json").json()["people"]] == ["Pat Kim", "Quinn Quiet"]
    assert "Undo archive Olive Collector and Lenny Liker" in sent.text
    assert network("undo").stdout.strip() == "Undid: archive Olive Collector and Lenny Liker"
    assert len(network("prune", "--json").json()["people"]) == 4


def test_the_api_archives_a_chosen_set(network, api):
    listing = api.get("/api/prune").json()
    ids = [row["id"] for row in listing["people"]]
    done = api.post("/api/prune/archive", json={"ids": ids})
    assert done.status_code == 200
    assert all(record["archived"] and record["changed"] for record in done.json())
    assert api.get("/api/prune").json()["people"] == []
    assert api.post("/api/prune/archive", json={"ids": []}).status_code == 422
    assert "/api/prune" in api.get("/openapi.json").json()["paths"]
