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
    " (SELECT max(id) FROM undo_step),"
    # the user's id (``kith.people.core.ME_ID``): a reading request wants it too, and gets it in this
    # round trip
    " (SELECT id FROM person WHERE is_me ORDER BY id LIMIT 1)"
)
#: where the fingerprint holds the number of people: when it falls, someone was forgotten or merged
PEOPLE = 2
#: where a reading session keeps the user's id once read (``kith.people.core.me_id``)
ME_KEY = "kith.me"
#: the settings (a few short rows: the agenda's rules, the strength model's calibration, the policy),
#: read whole since a value changes in place: one text of every key and value quoted (so that NULL is
#: not ''), in key order, read in the figures' statement (one round trip for both)
SETTINGS_FIGURE = {
    "postgresql": "(SELECT string_agg(quote_nullable(key) || '=' || quote_nullable(value), ',' ORDER BY key)"
    " FROM setting)",
    "sqlite": "(SELECT group_concat(quote(key) || '=' || quote(value), ',')"
    " FROM (SELECT key, value FROM setting ORDER BY key))",
}
#: the settings on another database: a statement of their own
SETTINGS_SQL = "SELECT key, value FROM setting ORDER BY key"
#: on a team's server, in a member's schema: the requests for an introduction made of them or by them
#: (``kith.team.requests``), which live in the team's tables
TEAM_SQL = (
    "SELECT count(*), max(coalesce(a.answered_at, a.asked_at)) FROM kith_team.colleague_ask a"
    " JOIN kith_team.account m ON m.id IN (a.to_account, a.from_account)"
    " WHERE m.schema_name = current_schema()"
)
#: the figures, the settings and the requests in one statement (a member's request asks them all: one
#: round trip to the server)
WITH_TEAM_SQL = f"{FINGERPRINT_SQL}, {SETTINGS_FIGURE['postgresql']}, asks.* FROM ({TEAM_SQL}) AS asks"


def fingerprint(session: Session, *, team: bool = True) -> tuple:
    """Cheap figures that change when people, interactions, favours, connections, job changes,
    commitments or agenda marks are added, edited or removed, and when someone gets or loses an
    identity, a role or a tag (the people search looks in the first two), whatever the clock says,
    when a setting changes (so another server process, or the command line, is seen at once), and
    when a change is recorded or undone (``kith undo`` puts back rows the figures above may miss), and
    when the user's person is another one. A reading request keeps the user's id it read (``ME_KEY``).
    In a team member's kith, and with ``team``, also when a request for an introduction made of them
    or by them is made or answered (their agenda shows it); without it, exactly what ``fingerprints``
    reads of that kith."""
    known = session.info.get("kith.fingerprint")
    connection = session.connection()
    in_team = team and str(connection.get_execution_options().get(SCHEMA, "")).startswith("kith_member_")
    asks = session.info.get("kith.fingerprint.team") if in_team else None
    if known is None:
        settings = SETTINGS_FIGURE.get(connection.dialect.name)
        if in_team and asks is None:  # all in one round trip
            *figures, count, latest = _read(session, connection, WITH_TEAM_SQL)
            asks = (count, latest)
        elif settings is not None:
            figures = list(_read(session, connection, f"{FINGERPRINT_SQL}, {settings}"))
        else:
            figures = list(connection.exec_driver_sql(FINGERPRINT_SQL).one())
            figures.append(tuple(map(tuple, connection.exec_driver_sql(SETTINGS_SQL))))
        known = tuple(figures)
        session.info["kith.fingerprint"] = known  # one look per request
        if reads_only(session):  # the user's id came with it (a writing request may yet change it)
            session.info.setdefault(ME_KEY, figures[-2])
    if not in_team:
        return known
    if asks is None:
        asks = tuple(connection.exec_driver_sql(TEAM_SQL).one())
    if reads_only(session):
        # a reading request asks once; a writing one again each time, as it may have made a request
        # for an introduction (in the team's tables, over another connection) since
        session.info["kith.fingerprint.team"] = asks
    return (*known, *asks)


#: per engine, kith (schema) and statement, the figures last read in a reading transaction on
#: PostgreSQL and the database's snapshot they were read in (``_read``)
_UNCHANGED: dict[tuple, tuple[str, tuple]] = {}


def _read(session: Session, connection: Connection, sql: str) -> tuple:
    """The one row of ``sql``. On PostgreSQL, in a reading transaction, the row last read here when the
    database's snapshot (``pg_current_snapshot()``: which transactions had committed) is still the one
    it was read in: no transaction has committed anywhere since, so the figures are what they were. A
    check that costs the server next to nothing, against the figures' dozen and more lookups; any write
    moves the snapshot on and the figures are read again (with the new snapshot, in one statement)."""
    if connection.dialect.name != "postgresql" or not reads_only(session):
        return tuple(connection.exec_driver_sql(sql).one())
    key = (connection.engine.url, connection.get_execution_options().get(SCHEMA), sql)
    seen = connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar()
    kept = _UNCHANGED.get(key)
    if kept is not None and kept[0] == seen:
        return kept[1]
    seen, *figures = connection.exec_driver_sql(
        "SELECT pg_current_snapshot()::text, " + sql.removeprefix("SELECT ")
    ).one()
    _UNCHANGED[key] = (seen, tuple(figures))
    return tuple(figures)


def fingerprints(connection: Connection, schemas: list[str]) -> dict[str, tuple]:
    """The fingerprint of each kith in ``schemas`` (PostgreSQL: team members' schemas), what
    ``fingerprint`` gives inside each, read in one statement over any connection to the database."""
    if not schemas:
        return {}
    one = f"{FINGERPRINT_SQL.removeprefix('SELECT ')}, {SETTINGS_FIGURE['postgresql']}"
    figures = " UNION ALL ".join(
        f"SELECT '{schema}', " + one.replace(" FROM ", f' FROM "{check_schema_name(schema)}".')
        for schema in schemas
    )
    return {row[0]: tuple(row[1:]) for row in connection.exec_driver_sql(figures)}
