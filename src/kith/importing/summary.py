"""What an import did, row by row: the summary every import ends with (``kith import``, the web's import
page, ``--json``)."""

from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass, field

from kith.people.identities import name_key
from kith.wording import number

#: how each identity kind is named in the summary ("updated 3, matched by email 2, by profile URL 1")
MATCH_LABELS = {"linkedin": "profile URL", "email": "email", "phone": "phone", "name": "name"}

KINDS = ("people", "interactions", "favours", "invitations")


#: what can become of a record, in the order the summary shows them
OUTCOMES = ("added", "updated", "unchanged", "merged")


@dataclass
class ImportSummary:
    """What an import did, so that every row of the file is accounted for.

    Per kind of record: ``added`` (new), ``updated`` (a person or row kith had, changed), ``unchanged``,
    ``merged`` (the same person as an earlier row of this file); for people matched to someone stored,
    what matched them (``matched_by``: email, profile URL, phone, name). Rows left out are ``skipped``
    with the reason; ``notices`` say what was left out of, or read a certain way in, a kept row.
    """

    format: str
    path: str
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    #: people matched to a stored person, by what matched them ("email", "linkedin", "phone", "name")
    matched_by: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    #: the first place (file:line) each skip reason was seen
    skipped_where: dict[str, str] = field(default_factory=dict)
    notices: Counter = field(default_factory=Counter)
    notices_where: dict[str, str] = field(default_factory=dict)
    job_changes: int = 0
    duplicates_proposed: int = 0
    #: the user's region for phone numbers (kith me --region), and how many numbers it placed
    region: str | None = None
    phones_placed: int = 0
    #: phone numbers without a country code kept as written (no region to place them)
    phones_unplaced: int = 0
    #: the file's owner (LinkedIn's profile): their name there, the name kith knows the user by, whether
    #: the import named the user, and the profile URL it gave the user (None when none)
    you: dict | None = None

    @property
    def added(self) -> int:
        return sum(c["added"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c["unchanged"] for c in self.counts.values())

    @property
    def merged(self) -> int:
        return sum(c["merged"] for c in self.counts.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def count(self, kind: str, outcome: str) -> None:
        """Count a record of ``kind``; a kind only some files hold (a LinkedIn export's schools) is
        listed once a record of it is counted."""
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def matched(self, by: str) -> None:
        """A person record matched a stored person by ``by``."""
        if by:
            self.matched_by[by] += 1

    def skip(self, reason: str, where: str = "") -> None:
        self.skipped[reason] += 1
        if where:
            self.skipped_where.setdefault(reason, where)

    def notice(self, what: str, where: str = "") -> None:
        self.notices[what] += 1
        if where:
            self.notices_where.setdefault(what, where)

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "path": self.path,
            "dry_run": self.dry_run,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "by_kind": {k: {o: c[o] for o in OUTCOMES} for k, c in self.counts.items()},
            "matched_by": {MATCH_LABELS.get(k, k): n for k, n in self.matched_by.most_common()},
            "job_changes": self.job_changes,
            "duplicates_proposed": self.duplicates_proposed,
            "skipped": [
                {"reason": r, "count": n, "first": self.skipped_where.get(r)}
                for r, n in self.skipped.most_common()
            ],
            "notices": [
                {"what": w, "count": n, "first": self.notices_where.get(w)}
                for w, n in self.notices.most_common()
            ],
            "you": self.you,
            "you_said": self.you_lines(),
            "phones": {
                "region": self.region,
                "placed_by_region": self.phones_placed,
                "kept_as_written": self.phones_unplaced,
            },
        }

    def you_lines(self) -> list[str]:
        """What the import learned about the user from the file's owner, in sentences."""
        you = self.you
        if you is None:
            return []
        lines = []
        if you["named"]:
            lines.append(f"named {you['profile_name']} after your LinkedIn profile")
        elif name_key(you["known_as"]) != name_key(you["profile_name"]):
            lines.append(
                f"your LinkedIn profile says {you['profile_name']!r}, kith knows you as "
                f"{you['known_as']!r}: run kith me --name {shlex.quote(you['profile_name'])} to take the "
                "profile's name (your messages are matched to you either way)"
            )
        if you["linkedin"]:
            lines.append(f"your profile URL {you['linkedin']} is now one of yours")
        return lines

    def lines(self) -> list[str]:
        """The summary as the lines ``kith import`` prints under its heading."""
        out = [f"  you           {line}" for line in self.you_lines()]
        for kind, counts in self.counts.items():
            if not sum(counts.values()):
                continue
            figures = []
            for outcome in OUTCOMES:
                if counts[outcome]:
                    figure = f"{outcome} {number(counts[outcome])}"
                    if kind == "people" and outcome == "merged":
                        figure += " (the same person as an earlier row)"
                    figures.append(figure)
            out.append(f"  {kind:<13} " + ", ".join(figures))
            if kind == "people" and self.matched_by:
                by = ", ".join(f"{MATCH_LABELS.get(k, k)} {n}" for k, n in self.matched_by.most_common())
                out.append(f"  {'':<13} matched to people you had by: {by}")
        if self.job_changes:
            out.append(
                f"  job changes   {number(self.job_changes)} (the agenda will suggest congratulations)"
            )
        if self.duplicates_proposed:
            out.append(f"  duplicates    {number(self.duplicates_proposed)} proposed (see: kith duplicates)")
        if self.phones_placed:
            out.append(
                f"  phones        {self.phones_placed} without a country code read as {self.region} "
                "(your region: kith me --region)"
            )
        if self.phones_unplaced:
            out.append(
                f"  phones        {self.phones_unplaced} without a country code kept as written "
                "(say where they are from: kith me --region XX)"
            )
        for what, n in self.notices.most_common():
            first = self.notices_where.get(what)
            out.append(f"  note          {number(n)} {what}" + (f" (first: {first})" if first else ""))
        if self.skipped:
            out.append(f"  skipped       {number(self.skipped_total)}:")
            for reason, count in self.skipped.most_common():
                first = self.skipped_where.get(reason)
                out.append(f"    {number(count)} {reason}" + (f" (first: {first})" if first else ""))
        if not (self.added or self.updated or self.unchanged or self.merged or self.skipped):
            out.append("  nothing found to import")
        return out
