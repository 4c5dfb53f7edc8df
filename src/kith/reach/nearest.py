"""Who is nearest when no warm path leads to whom a reach question is about.

In order: the target people the user has been in touch with a little (write to them yourself); for a
company, the people who used to work there whom the user knows (``kith.reach.targets.former_staff``),
then the warm paths to the others who did; then the people the user knows now at the organisations most
like it (``kith.reach.similar``: where its people have also worked). At most ``NEAREST``, each with its
reason and the ask.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from kith.reach.contact import already_known
from kith.reach.similar import people_now_at, similar_organisations
from kith.reach.targets import former_staff
from kith.wording import ago

#: how many of the nearest people a question without a path offers
NEAREST = 5


def nearest(
    session: Session,
    targets: set[int],
    unknown: set[int],
    company: str | None,
    mine: dict,
    names: dict[int, str],
    as_of: datetime,
    paths_to: Callable[[set[int]], list[dict]],
) -> list[dict]:
    """The nearest people when no path leads to the ``targets`` (``unknown``: those the user does not
    know), each with its reason and the ask: target people the user has been in touch with a little (ask
    them yourself), and for a ``company`` the people who used to work there, whom the user knows or can
    be introduced to (``paths_to``: the best warm paths to some people), then the people the user knows
    at similar organisations (they know who is there now)."""
    near: list[dict] = []
    for pid in sorted(unknown, key=lambda p: (-mine[p].strength if p in mine else 0.0, names[p])):
        tie = mine.get(pid)
        if tie is not None and tie.strength > 0 and tie.last_contact is not None:
            near.append(
                {
                    "person": {"id": pid, "name": names[pid]},
                    "reason": f"You have been in touch with {names[pid]} yourself ({tie.circle}, "
                    f"last contact {ago(tie.last_contact, as_of)})",
                    "ask": f"Write to {names[pid]} yourself.",
                    "path": None,
                }
            )
    if company is not None:
        former = former_staff(session, company)
        known = {k["id"]: k for k in already_known(session, list(former), mine)}
        for pid, was in sorted(former.items(), key=lambda f: (-f[1].ended_on.toordinal(), f[1].name)):
            if pid in known:
                circle = known[pid]["circle"]
                near.append(
                    {
                        "person": {"id": pid, "name": was.name},
                        "reason": f"{was.name} {was.words(company)}; you know them yourself ({circle})",
                        "ask": f"Ask {was.name} about {company} and who they know there now.",
                        "path": None,
                    }
                )
        rest = set(former) - {n["person"]["id"] for n in near}
        for path in paths_to(rest):
            end = path["people"][-1]
            first = path["first"]["name"]
            was = former[end["id"]]
            near.append(
                {
                    "person": {"id": path["first"]["id"], "name": first},
                    "reason": f"{path['reason']}; {end['name']} {was.words(company)}",
                    "ask": f"{path['ask'][:-1]}, who {was.words(company)} and may know who is there now.",
                    "path": path,
                }
            )
        near += _at_similar(session, company, mine, names, targets | {n["person"]["id"] for n in near})
    return near[:NEAREST]


def _at_similar(
    session: Session, company: str, mine: dict, names: dict[int, str], seen: set[int]
) -> list[dict]:
    """The people the user knows at the organisations most like ``company`` (``kith.reach.similar``:
    where its people have also worked), nearest organisation first, then the strongest tie."""
    similar = similar_organisations(session, company)
    now = people_now_at(session, [s.organisation_id for s in similar])
    near = []
    for org in similar:
        there = [p for p in now.get(org.organisation_id, []) if p not in seen]
        for found in already_known(session, there, mine):
            pid = found["id"]
            seen.add(pid)
            name = names[pid] if pid in names else found["name"]
            near.append(
                {
                    "person": {"id": pid, "name": name},
                    "reason": f"{name} is at {org.name} now, and {org.words(company)}; "
                    f"you know them yourself ({found['circle']})",
                    "ask": f"Ask {name} who they know at {company}.",
                    "path": None,
                }
            )
    return near
