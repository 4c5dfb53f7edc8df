"""Storage: the schema (``schema``), opening the database with its migrations (``db``)."""

from __future__ import annotations

#: the largest row id both databases hold: PostgreSQL's ``integer`` (SQLite's go to 2**63 - 1, but a
#: kith's never reach this one); a larger number names no record on either
MAX_ROW_ID = 2**31 - 1


def get_row(session, model, row_id: int):
    """``session.get(model, row_id)``, or None for an id no row can have (the database would refuse it)."""
    if not 0 < row_id <= MAX_ROW_ID:
        return None
    return session.get(model, row_id)


def ref_number(ref: str | int) -> str:
    """A record's number as the user typed it ("12", "#12" or 12), without the "#"."""
    return str(ref).strip().removeprefix("#")


def get_numbered(session, model, ref: str | int, noun: str, listed_by: str):
    """The ``model`` row numbered ``ref`` ("12", "#12" or 12), as the user names a record kith listed
    with its number; BadInput for what is no number, NotFound (pointing at ``listed_by``, the command
    that lists them) for a number no row has."""
    from kith.errors import BadInput, NotFound

    text = ref_number(ref)
    if not text.isdigit():
        raise BadInput(f"a{'n' if noun[0] in 'aeiou' else ''} {noun} is named by its number, not {ref!r}")
    found = get_row(session, model, int(text))
    if found is None:
        # the command that lists them is the command line's hint; a page or the API says only the problem
        raise NotFound(f"no {noun} #{text}", hint=f"{listed_by} lists them with their numbers")
    return found
