"""What the user may have meant when a reach question finds nobody: "did you mean Acme?".

``close_to(session, text, kind)`` lists the companies, schools or tags kith knows whose names are close
to ``text``, then (for the one search box: ``kind`` "") the people whose name or email is close to it as
``kith`` resolves a NAME (``people.lookup.resolve``'s closest candidates), best first, each by the one
rule of ``kith.near`` (a typo: "Acne" for Acme, "Nortfield" for Northfield University, "hirin" for
hiring). Each is ``{"q", "kind", "label"}``: the question to
ask instead, as the reach page's box and ``kith reach`` take it, and how it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import KithError, UnknownPerson
from kith.near import closest
from kith.people.identities import name_key
from kith.people.lookup import resolve
from kith.store.schema import Education, Organisation, Tag

#: how many of each kind are offered (how close a name must be: ``kith.near``)
MOST = 3


def close_to(session: Session, text: str, kind: str = "") -> list[dict]:
    """The questions close to ``text`` of ``kind`` ("" a person or a company, "company", "school",
    "tag"; a title has none) that kith can answer."""
    key = name_key(text or "")
    if not key:
        return []
    found: list[dict] = []
    if kind in ("", "company"):  # a company's name first: a person is found by a company's in their email
        names = session.scalars(select(Organisation.name)).all()
        found += [{"q": n, "kind": "company", "label": f"{n} (a company)"} for n in _close(key, names)]
    if kind == "":
        found += _people(session, text)
    if kind == "school":
        schools = session.scalars(select(Education.school).distinct()).all()
        found += [{"q": n, "kind": "school", "label": n} for n in _close(key, schools)]
    if kind == "tag":
        tags = session.scalars(select(Tag.name)).all()
        found += [{"q": n, "kind": "tag", "label": n} for n in _close(key, tags)]
    return found


def _people(session: Session, text: str) -> list[dict]:
    try:
        resolve(session, text)
    except UnknownPerson as exc:
        return [
            {"q": f"#{i}", "kind": "", "label": label}
            for i, label in zip(exc.ids, exc.candidates, strict=False)
        ][:MOST]
    except KithError:
        return []
    return []


def _close(key: str, names: Sequence[str]) -> list[str]:
    """The names (one per spelling's key, not ``key`` itself) close to ``key``, closest first."""
    return closest(key, names, MOST)
