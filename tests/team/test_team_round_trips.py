# pytest fixtures imported from another test module are named as test parameters:
# ruff: noqa: F811
"""How many statements a team member's pages send to PostgreSQL: each is a round trip to the server
(where SQLite answers in-process), and with several members asking at once they add up. The counts are
pinned so that a change which reads a kind of fact once more per request shows here; the time they take
is measured in ``benchmarks/team_latency.py``, never here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from conftest import counted_pipelines
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from test_team_reach import BOB, firm  # noqa: F401  (fixture)
from test_team_web import HTML, bearer, browser


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement any engine of this process runs inside the block, in order."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def asked(web: TestClient, path: str, headers: dict, before: int = 1) -> list[str]:
    """The statements of ``path`` asked once more after ``before`` times (the first computes the shared
    figures)."""
    for _ in range(before):
        assert web.get(path, headers=headers).status_code == 200
    with statements() as sent:
        response = web.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return sent


def tom_of(web: TestClient, headers: dict) -> int:
    [tom] = web.get("/api/people", params={"q": "Tom Lee"}, headers=headers).json()["people"]
    return tom["id"]


def test_a_person_page_reads_each_kind_of_fact_once(firm, monkeypatch):
    web, headers = browser(), {**bearer(firm, BOB), **HTML}
    tom = tom_of(web, headers)
    web.get(f"/people/{tom}", headers=headers)
    pipelines = counted_pipelines(monkeypatch)
    sent = asked(web, f"/people/{tom}", headers, before=0)
    pipelined = len(pipelines)
    page = web.get(f"/people/{tom}", headers=headers).text
    assert "Tom Lee" in page and "VP Engineering" in page and "tom@acme.example" in page
    # the member (token and account), the database's snapshot (which stands for the fingerprint with
    # the settings, the user's id and the introduction requests: nothing was written since they were
    # read), the person with their identities, the roles, tags and schools of the
    # person and the user (the page's and the common ground's), notes, connections, the timeline and
    # its participants, life events, promises, the favours, the names of the mutual contacts, the
    # ties the user took back, and which of the member's notes and interactions are shared (in the
    # member's own transaction: no other connection)
    assert len(sent) == 17, "\n".join(sent)
    assert sum("shared_item" in s for s in sent) == 1
    # the person's identities, roles, tags, schools, notes, connections, life events and promises (none
    # depends on another) are sent together: one round trip for the eight (psycopg's pipeline)
    assert pipelined == 1
    assert sum("identity.person_id" in s for s in sent) == 1
    assert sum("role.person_id" in s for s in sent) == 1  # the person's roles with the user's
    assert sum("education.school_key" in s for s in sent) == 1
    assert sum("pg_current_snapshot" in s for s in sent) == 1
    assert not any("is_me IS true" in s or "FROM setting ORDER BY" in s for s in sent)


def test_the_people_list_and_team_reach_ask_a_few_statements(firm):
    web, headers = browser(), {**bearer(firm, BOB), **HTML}
    listing = asked(web, "/people", headers, before=2)  # the first wrote the strength figures' cache
    # the member, the database's snapshot (for the fingerprint), the page's people with their identities, current
    # roles and tags, every tag's name, the count of possible duplicates
    assert len(listing) == 8, "\n".join(listing)
    token = {"Authorization": headers["Authorization"]}
    # the first question publishes the members' kiths; the second finds every publication current
    checked = asked(web, "/api/reach?company=Acme", token)
    assert sum("UNION ALL" in s for s in checked) == 1, "\n".join(checked)
    # nothing was written since: the database's snapshot says so, and the fingerprints are not read
    reach = asked(web, "/api/reach?company=Acme", token, before=0)
    team = [s for s in reach if "kith_team." in s or "pg_current_snapshot" in s]
    # the token's member, the database's snapshot (standing for the member's own fingerprint, as
    # nothing was written since it was read); then, each statement
    # on its own: the database's snapshot, the company, the colleagues who know someone there but for
    # the people Bob knows himself, and (as that leaves nobody: Carol's only tie there is Tom, whom Bob
    # knows) whether they knew anyone there at all, to say so; the member's requests
    assert len(team) == 7, "\n".join(team)
    assert not any("UNION ALL" in s for s in reach), "\n".join(reach)
    # and the member's own reach (their warm paths at Acme) in their kith: the company, who works
    # there, the give/get balances, the path's usual contact and its introductions (the settings and
    # the user's id come with the fingerprint; everyone's name and whom the member has been in touch
    # with both ways are held by the server for a version of the data, as the ties are)
    assert len(reach) == 12, "\n".join(reach)
    assert not any("DISTINCT interaction_participant.person_id" in s for s in reach), "\n".join(reach)


def test_a_reading_request_reads_the_figures_again_only_after_a_write(firm):
    """The fingerprint's lookups are sent again only when a transaction has committed since they were
    read (the database's snapshot moved on); until then one look at the snapshot stands for them."""
    web, headers = browser(), {**bearer(firm, BOB), **HTML}
    tom = tom_of(web, headers)
    sent = asked(web, f"/people/{tom}", headers)
    assert sum("pg_current_snapshot" in s for s in sent) == 1, "\n".join(sent)
    assert not any("max(id) FROM interaction" in s for s in sent), "\n".join(sent)
    token = {"Authorization": headers["Authorization"]}
    logged = web.post("/api/interactions", json={"kind": "call", "names": ["Tom Lee"]}, headers=token)
    assert logged.status_code == 201, logged.text
    with statements() as sent:
        page = web.get(f"/api/people/{tom}", headers=token)
    assert sum("max(id) FROM interaction" in s for s in sent) == 1, "\n".join(sent)
    assert [item["kind"] for item in page.json()["timeline"]][0] == "call"
    assert not any("max(id) FROM interaction" in s for s in asked(web, f"/people/{tom}", headers, before=0))
