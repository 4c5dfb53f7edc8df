"""Errors kith's core raises, turned into a one-line CLI message or an HTTP error only at the edge.

The tree:

    KithError                 anything the user can act on (CLI: exit status 2, ``error: ...``)
    ├── BadInput              a value, file or option that kith cannot use
    ├── NotFound              a person, item or record that does not exist
    │   ├── UnknownPerson     a NAME that matches nobody (carries close candidates)
    │   └── UnknownName       a tag, school or company kith does not know (carries close names)
    ├── AmbiguousPerson       a NAME that matches several people (carries them)
    ├── Conflict              the request contradicts what is stored (duplicate identity, ...)
    │   ├── AmbiguousCompany  a company name several organisations could be (carries them)
    │   └── CloseCompany      a company to target kith does not know but one close to it
    └── StoreError            the database cannot be opened or is of an unknown version
        └── Busy              another kith process kept the database's write lock past the wait
"""

from __future__ import annotations


class KithError(Exception):
    """Base class: a problem the user can fix, described in one line. ``hint``: what to do about it
    with a command (``kith add 'Jane Doe'``), which only the command line adds to the line: the web
    and the API say the problem in the words of their own forms and fields."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def on_command_line(self) -> str:
        """The line the command line prints: the message and, in brackets, its hint."""
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def suggestions(self) -> list[dict]:
        """What the user may have meant instead of what they typed, each ``{"value", "label"}``: the
        value to type in its place ("#12", "Acme") and how it is shown ("Jane Doe (Acme)"), and with
        ``also`` the other fields that choice sets (``{"new": "true"}``); none by default."""
        return []

    def short(self) -> str:
        """The message without the suggestions it lists, for a page that offers them as buttons."""
        return self.message


def _people(labels: list[str], ids: list[int]) -> list[dict]:
    """Candidate people as suggestions: by ``#id`` when known (a name may be shared), else by label."""
    if len(ids) == len(labels):
        return [{"value": f"#{i}", "label": label} for i, label in zip(ids, labels, strict=True)]
    return [{"value": label, "label": label} for label in labels]


class BadInput(KithError):
    """A value, option or file that kith cannot use."""


class NotFound(KithError):
    """Something named does not exist."""


class UnknownPerson(NotFound):
    """A NAME matches nobody; ``candidates`` are the closest names, best first. ``unknown``: every name
    of the same request that matches nobody (``query`` first), so that a form can offer to add them."""

    def __init__(self, query: str, candidates: list[str] | None = None, ids: list[int] | None = None) -> None:
        self.query = query
        self.candidates = candidates or []
        self.ids = ids or []  # the candidates' person ids, in the same order
        self.unknown = [query]
        hint = f"; closest: {', '.join(self.candidates)}" if self.candidates else ""
        super().__init__(f"nobody called {query!r}{hint}", hint=f"add them with: kith add {query!r}")

    def suggestions(self) -> list[dict]:
        return _people(self.candidates, self.ids)

    def short(self) -> str:
        return f"nobody called {self.query!r}"


class UnknownName(NotFound):
    """A tag, school or company name kith does not know; ``candidates``: the names close to it
    (``kith.near``), closest first, which the message offers as "did you mean ...?"; ``query``: the name
    as typed, which a refused form's suggestions replace."""

    def __init__(self, said: str, candidates: list[str] | None = None, query: str = "") -> None:
        self.said = said
        self.query = query
        self.candidates = candidates or []
        meant = f"; did you mean {' or '.join(self.candidates)}?" if self.candidates else ""
        super().__init__(f"{said}{meant}")

    def suggestions(self) -> list[dict]:
        return [{"value": name, "label": name} for name in self.candidates]

    def short(self) -> str:
        return self.said


class AmbiguousPerson(KithError):
    """A NAME matches several people; the user must say which (by email or #id)."""

    def __init__(
        self, query: str, candidates: list[str], more: int = 0, ids: list[int] | None = None
    ) -> None:
        self.query = query
        self.candidates = candidates
        self.ids = ids or []  # the candidates' person ids, in the same order
        self.more = more
        listed = "; ".join(candidates)
        if more:
            listed += f"; and {more} more"
        hint = f"kith people --search {query!r} lists them" if more else None
        super().__init__(f"{query!r} could be {listed}; say which with an email or #id", hint=hint)

    def suggestions(self) -> list[dict]:
        return _people(self.candidates, self.ids)

    def short(self) -> str:
        shown = len(self.candidates)
        more = f": the closest {shown} are offered, or say which with an email or #id" if self.more else ""
        return f"{self.query!r} could be {shown + self.more} people{more}"


class Conflict(KithError):
    """The request contradicts what is stored."""


class AmbiguousCompany(Conflict):
    """A company name matches several organisations; the user must say which (``candidates``: their
    names as stored, which the API's answer lists too)."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(f"{query.strip()!r} could be {', '.join(candidates)}; say which")

    def suggestions(self) -> list[dict]:
        return [{"value": name, "label": name} for name in self.candidates]

    def short(self) -> str:
        return f"{self.query.strip()!r} could be {len(self.candidates)} companies"


class CloseCompany(Conflict):
    """A company to target that no organisation kith knows is called, but one is close to (a typo:
    "Fatom AI" for Fathom AI): said before anything is added, with the close one and the company as
    typed (``also``: the fields that send it anyway) as suggestions."""

    def __init__(self, query: str, meant: str) -> None:
        self.query = query
        self.meant = meant
        super().__init__(
            f"no one in kith works at {query!r}; did you mean {meant}?",
            hint=f"to target {query!r} anyway: --new",
        )

    def suggestions(self) -> list[dict]:
        anyway = {"value": self.query, "label": f"{self.query} (anyway)", "also": {"new": "true"}}
        return [{"value": self.meant, "label": self.meant}, anyway]

    def short(self) -> str:
        return f"no one in kith works at {self.query!r}"


class StoreError(KithError):
    """The database cannot be opened, or was written by a newer kith."""


class Busy(StoreError):
    """A write waited the busy timeout for another kith process to finish writing, and it had not: try
    again (CLI: exit status 2; web: 503 with ``Retry-After``)."""
