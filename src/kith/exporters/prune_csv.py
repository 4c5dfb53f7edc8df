"""The connections to let go of (``kith.prune.prune_list``) as CSV: one row each, with the profile URL
that finds them on the platform, so that the user can remove the connection there. Cells a spreadsheet
would run as a formula are neutralised as in the people CSV (``people_csv.neutralise``)."""

from __future__ import annotations

import csv
import io

from kith.exporters.people_csv import neutralise

#: the columns, in order
COLUMNS = ("name", "profile_url", "email", "company", "title", "connected_on", "reasons")


def prune_csv(listing: dict) -> str:
    """``listing`` (``prune_list``'s result) as CSV text, header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in listing["people"]:
        writer.writerow(
            [
                neutralise(row["name"]),
                neutralise(row["profile_url"]),
                neutralise(row["email"]),
                neutralise(row["company"]),
                neutralise(row["title"]),
                row["connected_on"] or "",
                neutralise(row["reason"]),
            ]
        )
    return buffer.getvalue()
