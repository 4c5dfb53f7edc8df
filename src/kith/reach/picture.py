"""The picture of the user's network: the circles as rings, the groups among the people, and the bridges.

The people drawn are the user's people (everyone with a tie of the user's, ``strength.service.ties``),
each on the ring of their circle, innermost first, the user at the centre. The groups are the
communities of the who-knows-whom graph among those people (Louvain, networkx, on the tie weights, with
a fixed seed so that the picture does not change between two looks at the same data); a group is named
after the employer most of its people have now, if two or more share one. People in no group of three
or more are drawn apart (grey).

A bridge is someone the user knows well (a relationship circle) who knows someone in another group,
one where the user knows nobody as well: its value is the user's strength with the bridge times the
bridge's best tie into the group, and what it adds is that value above the user's own strongest tie to
someone they know well in the group. The best bridge of each group is kept, most added first. A tie
that rests on weak evidence only (``Acquaintance.weak``: email threads, a school without shared years...)
is no way in: the next best tie into that group is tried, and a group whose best ways in are all weak is
listed apart, "weak evidence only", never offered as a bridge. Around each group's members the people are
placed in one stretch of every ring, so a group reads as a wedge.

The largest ``LISTED_GROUPS`` groups are named (each its own colour on the picture); the smaller ones are
counted together ("and 21 smaller groups of 3 to 5 people"), so the legend, the page and
``GET /api/network`` all say the same about every group.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.reach.load import Graph
from kith.reports import RELATIONSHIP_CIRCLES
from kith.store.db import rows
from kith.store.schema import Organisation, Person, Role
from kith.strength.circles import CIRCLES
from kith.wording import number

MIN_GROUP = 3
BRIDGES = 8
#: the groups named on the picture and the page, largest first; the others are counted together
LISTED_GROUPS = 8
#: the ties tried per group when the best ones into it rest on weak evidence only (each read in words)
MAX_TRIED = 40
#: the faint ties drawn at most (the strongest): more only darkens the picture
MAX_DRAWN_TIES = 4000
SEED = 1
_NAMES = select(Person.id, Person.name)
_EMPLOYERS = (
    select(Role.person_id, Organisation.name)
    .join(Organisation, Organisation.id == Role.organisation_id)
    .where(Role.ended_on.is_(None))
    .order_by(Role.person_id, Role.id)
)


def network_picture(session: Session, as_of: datetime, mine: dict, graph: Graph) -> dict:
    """The read model of ``/network`` and ``GET /api/network``: who is on which ring, the groups, the
    bridges, and the ties to draw (positions into ``people``)."""
    import networkx as nx

    people = [pid for pid, tie in mine.items() if tie.circle in CIRCLES]
    at = graph.index(people)
    people = [p for p, i in zip(people, at.tolist(), strict=True) if i >= 0]
    at = at[at >= 0]
    names = dict(rows(session, _NAMES).all())
    sub = graph.weights[at][:, at].tocoo()
    upper = sub.row < sub.col
    edges = np.column_stack([sub.row[upper], sub.col[upper]])
    weights = sub.data[upper]
    g = nx.Graph()
    g.add_nodes_from(range(len(people)))
    g.add_weighted_edges_from(zip(edges[:, 0].tolist(), edges[:, 1].tolist(), weights.tolist(), strict=True))
    found = nx.community.louvain_communities(g, weight="weight", seed=SEED) if len(weights) else []
    groups = sorted((sorted(c) for c in found if len(c) >= MIN_GROUP), key=lambda c: (-len(c), c[0]))
    group_of = np.full(len(people), -1)
    for at_group, members in enumerate(groups):
        group_of[members] = at_group
    employers = _employers(session, people)
    labels = [_label(members, people, employers, names, g) for members in groups]
    bridges, weak = _bridges(session, graph, people, mine, g, group_of, groups, labels, names)
    strength = np.array([mine[p].strength for p in people])
    # rings innermost first; around a ring, by group (the groups' order), then strongest first
    order = sorted(range(len(people)), key=lambda i: (group_of[i] < 0, group_of[i], -strength[i]))
    rings = [[i for i in order if mine[people[i]].circle == c] for c in CIRCLES]
    drawn = np.argsort(-weights, kind="stable")[:MAX_DRAWN_TIES]
    top = sorted(range(len(people)), key=lambda i: -strength[i])[:5]
    return {
        "people": [
            {"id": p, "name": names[p], "circle": mine[p].circle, "group": int(group_of[i])}
            for i, p in enumerate(people)
        ],
        "rings": [{"circle": c, "people": ring} for c, ring in zip(CIRCLES, rings, strict=True) if ring],
        "groups": [{"label": label, "size": len(m)} for label, m in zip(labels, groups, strict=True)],
        "ties": {
            "count": int(len(weights)),
            "drawn": edges[drawn].tolist(),
            "weights": weights[drawn].tolist(),
        },
        "bridges": bridges,
        "weak_bridges": weak,
        "labelled": sorted({*top, *(b["index"] for b in bridges)}),
    }


def picture_record(picture: dict) -> dict:
    """The picture's figures as data (``GET /api/network`` and the page's text): no positions or drawing.

    ``groups`` are the named groups (largest first, ``LISTED_GROUPS`` at most), ``smaller_groups`` counts
    the rest (drawn in grey), ``ungrouped`` the people in no group of three or more (light grey)."""
    groups = picture["groups"]
    smaller = [g["size"] for g in groups[LISTED_GROUPS:]]
    return {
        "people": len(picture["people"]),
        "ties": picture["ties"]["count"],
        "rings": [{"circle": r["circle"], "people": len(r["people"])} for r in picture["rings"]],
        "groups": groups[:LISTED_GROUPS],
        "smaller_groups": {
            "groups": len(smaller),
            "people": sum(smaller),
            "smallest": min(smaller, default=0),
            "largest": max(smaller, default=0),
        },
        "ungrouped": sum(1 for p in picture["people"] if p["group"] < 0),
        "bridges": [_without_positions(b) for b in picture["bridges"]],
        "weak_bridges": [_without_positions(b) for b in picture["weak_bridges"]],
    }


def smaller_groups_words(smaller: dict) -> str:
    """The groups not named, in words: "21 smaller groups of 3–5 people (80 in all)"."""
    count, low, high = smaller["groups"], smaller["smallest"], smaller["largest"]
    if count == 1:
        return f"1 smaller group of {low} people"
    sizes = f"{low} people each" if low == high else f"{low}–{high} people"
    return f"{number(count)} smaller groups of {sizes} ({number(smaller['people'])} in all)"


def _without_positions(bridge: dict) -> dict:
    return {k: v for k, v in bridge.items() if not k.endswith("index")}


def _employers(session: Session, people: list[int]) -> dict[int, str]:
    wanted = set(people)
    return {p: org for p, org in rows(session, _EMPLOYERS).all() if p in wanted}


def _label(members: list[int], people: list[int], employers: dict[int, str], names: dict, g) -> str:
    """A group's name: the employer most of its people share now (two or more), else its most tied person."""
    common = Counter(employers[people[i]] for i in members if people[i] in employers).most_common(1)
    if common and common[0][1] >= 2:
        return f"{common[0][0]} ({len(members)} people)"
    centre = max(members, key=lambda i: (g.degree(i, weight="weight"), -i))
    return f"a group of {len(members)} around {names[people[centre]]}"


def picture_of(session: Session, as_of: datetime) -> dict:
    """The picture of the network as it is at ``as_of`` (the user's ties and who knows whom, read here)."""
    from kith.reach.load import load_graph
    from kith.strength.service import ties

    return network_picture(session, as_of, ties(session, as_of), load_graph(session, as_of))


def _bridges(
    session, graph, people, mine, g, group_of, groups, labels, names
) -> tuple[list[dict], list[dict]]:
    """The best bridge into each group: someone you know well with a better way in than your own, on a tie
    that rests on more than weak evidence. Also the groups whose best ways in are weak evidence only."""
    # how well the user reaches each group alone: their strongest tie there among the people they know well
    direct = [
        max(
            [mine[people[i]].strength for i in members if mine[people[i]].circle in RELATIONSHIP_CIRCLES]
            + [0.0]
        )
        for members in groups
    ]
    ways: dict[int, list[tuple[float, int, int, float]]] = defaultdict(list)
    for i, p in enumerate(people):
        tie = mine[p]
        if tie.circle not in RELATIONSHIP_CIRCLES:
            continue
        for j, data in g.adj[i].items():
            group = group_of[j]
            if group < 0 or group == group_of[i]:
                continue
            value = tie.strength * data["weight"]
            gain = value - direct[group]
            if gain > 0:
                ways[int(group)].append((gain, i, j, value))
    for found in ways.values():
        found.sort(key=lambda way: (-way[0], way[1], way[2]))
    # the ways in, best first across the groups; only the ties looked at are read in words
    queue = [(-found[0][0], group, 0) for group, found in ways.items()]
    heapq.heapify(queue)
    offered: dict[int, dict] = {}
    weak: dict[int, dict] = {}
    while queue and len(offered) < BRIDGES:
        _, group, k = heapq.heappop(queue)
        gain, i, j, value = ways[group][k]
        known = graph.evidence(session, people[i], people[j])
        record = _bridge(people, mine, names, groups, labels, group, i, j, value, gain, known)
        if known is None or not known.weak:
            offered[group] = record
            continue
        weak.setdefault(group, record)
        if k + 1 < min(len(ways[group]), MAX_TRIED):
            heapq.heappush(queue, (-ways[group][k + 1][0], group, k + 1))
    return list(offered.values()), [b for group, b in weak.items() if group not in offered][:BRIDGES]


def _bridge(people, mine, names, groups, labels, group, i, j, value, gain, known) -> dict:
    bridge, via = people[i], people[j]
    closest = max(groups[group], key=lambda m: mine[people[m]].strength)
    you = mine[people[closest]]
    yours = (
        f"your closest there is {names[people[closest]]} ({you.circle})"
        if you.circle in RELATIONSHIP_CIRCLES
        else "you know nobody there well"
    )
    return {
        "index": i,
        "via_index": j,
        "person": {"id": bridge, "name": names[bridge], "circle": mine[bridge].circle},
        "via": {"id": via, "name": names[via]},
        "group": labels[group],
        "value": round(value, 4),
        "adds": round(gain, 4),
        "weak": bool(known is not None and known.weak),
        "evidence": known.reason if known else "a tie",
        #: how well the user reaches that group alone
        "yours": yours,
        "reason": f"{names[bridge]} knows {names[via]} ({known.reason if known else 'a tie'}) in "
        f"{labels[group]}; {yours}",
    }
