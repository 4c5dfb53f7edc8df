"""The data's fingerprint: cheap figures that change whenever anything a figure is computed from changes.

The web's shared figures (``kith.web.snapshot``) are recomputed when it changes, and a team member's
published ties (``kith.team.directory``) are published again.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from kith.store.db import check_schema_name, reads_only
from kith.store.locks import SCHEMA

#: one statement of cheap lookups (indexed maxima and counts), as plain SQL: building it with the ORM on
#: every request cost more than running it
FINGERPRINT_SQL = (
    "SELECT (SELECT max(id) FROM interaction), (SELECT max(id) FROM favour), (SELECT count(*) FROM person),"
    " (SELECT max(updated_at) FROM person), (SELECT max(marked_at) FROM agenda_mark),"
    " (SELECT count(*) FROM agenda_mark), (SELECT max(id) FROM commitment),"
    " (SELECT count(done_at) FROM commitment), (SELECT max(id) FROM life_event),"
    " (SELECT max(id) FROM connection), (SELECT max(id) FROM identity), (SELECT max(id) FROM role),"
    " (SELECT count(*) FROM identity), (SELECT count(*) FROM role), (SELECT count(*) FROM person_tag),"
    # who knows whom and the job search: schools, stated ties, introductions, targets and their steps
    " (SELECT max(id) FROM education), (SELECT count(*) FROM education), (SELECT max(id) FROM stated_tie),"
    " (SELECT max(id) FROM intro), (SELECT max(id) FROM job_target), (SELECT max(id) FROM job_event),"
    # the newest undo step: a new one with every recorded change and every undo (ids are never reused)
    " (SELECT max(id) FROM undo_step)"
)
#: where the fingerprint holds the number of people: when it falls, someone was forgotten or merged
PEOPLE = 2
#: the settings (a few short rows: the agenda's rules, the strength model's calibration, the policy),
#: read whole since a value changes in place
SETTINGS_SQL = "SELECT key, value FROM setting ORDER BY key"
#: on a team's server, in a member's schema: the requests for an introduction made of them or by them
#: (``kith.team.requests``), which live in the team's tables
TEAM_SQL = (
    "SELECT count(*), max(coalesce(a.answered_at, a.asked_at)) FROM kith_team.colleague_ask a"
    " JOIN kith_team.account m ON m.id IN (a.to_account, a.from_account)"
    " WHERE m.schema_name = current_schema()"
)
#: the two above in one statement (a member's request asks both: one round trip to the server)
WITH_TEAM_SQL = f"{FINGERPRINT_SQL}, asks.* FROM ({TEAM_SQL}) AS asks"


def fingerprint(session: Session, *, team: bool = True) -> tuple:
    """Cheap figures that change when people, interactions, favours, connections, job changes,
    commitments or agenda marks are added, edited or removed, and when someone gets or loses an
    identity, a role or a tag (the people search looks in the first two), whatever the clock says,
    when a setting changes (so another server process, or the command line, is seen at once), and
    when a change is recorded or undone (``kith undo`` puts back rows the figures above may miss).
    In a team member's kith, and with ``team``, also when a request for an introduction made of them
    or by them is made or answered (their agenda shows it); without it, exactly what ``fingerprints``
    reads of that kith."""
    known = session.info.get("kith.fingerprint")
    connection = session.connection()
    in_team = team and str(connection.get_execution_options().get(SCHEMA, "")).startswith("kith_member_")
    asks = session.info.get("kith.fingerprint.team") if in_team else None
    if known is None:
        if in_team and asks is None:  # both in one round trip
            *figures, count, latest = connection.exec_driver_sql(WITH_TEAM_SQL).one()
            asks = (count, latest)
        else:
            figures = list(connection.exec_driver_sql(FINGERPRINT_SQL).one())
        known = (*figures, tuple(map(tuple, connection.exec_driver_sql(SETTINGS_SQL))))
        session.info["kith.fingerprint"] = known  # one look per request
    if not in_team:
        return known
    if asks is None:
        asks = tuple(connection.exec_driver_sql(TEAM_SQL).one())
    if reads_only(session):
        # a reading request asks once; a writing one again each time, as it may have made a request
        # for an introduction (in the team's tables, over another connection) since
        session.info["kith.fingerprint.team"] = asks
    return (*known, *asks)


def fingerprints(connection: Connection, schemas: list[str]) -> dict[str, tuple]:
    """The fingerprint of each kith in ``schemas`` (PostgreSQL: team members' schemas), what
    ``fingerprint`` gives inside each, read in two statements over any connection to the database."""
    if not schemas:
        return {}
    quoted = [(schema, f'"{check_schema_name(schema)}"') for schema in schemas]
    figures = " UNION ALL ".join(
        f"SELECT '{schema}', " + FINGERPRINT_SQL.removeprefix("SELECT ").replace(" FROM ", f" FROM {name}.")
        for schema, name in quoted
    )
    settings = " UNION ALL ".join(
        f"SELECT '{schema}', key, value FROM {name}.setting" for schema, name in quoted
    )
    found: dict[str, list[tuple]] = {schema: [] for schema in schemas}
    for schema, key, value in connection.exec_driver_sql(f"{settings} ORDER BY 1, 2"):
        found[schema].append((key, value))
    return {row[0]: (*row[1:], tuple(found[row[0]])) for row in connection.exec_driver_sql(figures)}
