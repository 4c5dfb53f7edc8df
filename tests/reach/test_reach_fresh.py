# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The web server shares who knows whom between requests until the data changes: a school, a stated tie
or a job step written by anything (an import, another process) is seen by the next answer."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from test_paths import network  # noqa: F401  (fixture)
from web_client import api  # noqa: F401  (fixture)

from kith.settings import get_settings


def _write(sql: str) -> None:
    """Write on a connection of its own, as another process would."""
    other = create_engine(get_settings().database_url)
    try:
        with other.begin() as connection:
            connection.execute(text(sql))
    finally:
        other.dispose()


def test_a_school_written_behind_the_servers_back_is_in_the_next_answer(network, api):
    assert api.get("/api/reach", params={"company": "Globex"}).json()["paths"] == []
    # Jane (known well) and Lee (at Globex) went to the same school, as an import would write it
    _write(
        "INSERT INTO education (person_id, school, school_key, source, created_at)"
        " SELECT id, 'Leeds', 'leeds', 'linkedin', '2026-06-01 10:00:00' FROM person"
        " WHERE name IN ('Jane Doe', 'Lee Chen')"
    )
    after = api.get("/api/reach", params={"company": "Globex"}).json()
    assert [[p["name"] for p in path["people"]] for path in after["paths"]] == [["Jane Doe", "Lee Chen"]]


def test_a_call_and_a_new_name_from_the_command_line_are_in_the_next_answer(network, api):
    # the server holds everyone's name and whom you have talked with for a version of the data
    before = api.get("/api/reach", params={"company": "Globex"}).json()
    assert before["known"] == [] and [t["name"] for t in before["targets"]] == ["Lee Chen"]
    network("log", "call", "Lee Chen", "--when", "2026-06-10")
    network("edit", "Lee Chen", "--name", "Lee Chen-Wu")
    after = api.get("/api/reach", params={"company": "Globex"}).json()
    assert [k["name"] for k in after["known"]] == ["Lee Chen-Wu"]
    assert after["message"].startswith("You know Lee Chen-Wu (acquaintance) yourself"), after["message"]
