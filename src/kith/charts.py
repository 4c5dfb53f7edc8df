"""Charts of the network report, drawn with matplotlib (Agg backend, imported only when a chart is drawn).

Each chart function takes the dict from ``kith.reports.network_report`` and returns a matplotlib Figure;
``write_pngs`` saves them as PNG files and ``*_svg`` return them as SVG text for the web pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from kith.channels import CHANNEL_LABELS, CHANNELS
from kith.reports import CIRCLES
from kith.wording import count, number

#: kith's palette: richer contact in darker tones
COLOURS = ("#1b4965", "#3a7ca5", "#62b6cb", "#9fd3c7", "#cae9ff", "#bdbdbd", "#e0e0e0")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def load() -> None:
    """Import matplotlib now (a second or more, once per process): a server does it before a page asks
    for its first chart (``kith.web.views.prepare``)."""
    _pyplot()


def _count_axis(axis) -> None:
    """Whole numbers on a count axis, with thousands separated as on the cards ("1,546")."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value)))


def circles_figure(report: dict):
    """Bar chart: people per circle, innermost first (in that order and its colours, however the report's
    circles were ordered on their way here)."""
    plt = _pyplot()
    names = list(CIRCLES)
    counts = [report["circles"].get(c, 0) for c in names]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    bars = ax.bar(names, counts, color=COLOURS[: len(names)])
    ax.bar_label(bars, labels=[number(n) for n in counts])
    ax.set_ylim(0, max([*counts, 1]) * 1.15)  # never an axis around zero for an empty network
    ax.set_ylabel("people")
    _count_axis(ax.yaxis)
    ax.tick_params(axis="x", labelrotation=20)
    ax.set_title(report["headline"])
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def channels_figure(report: dict):
    """Horizontal bars: share of the last 12 months' interactions per channel, richest on top."""
    plt = _pyplot()
    mix = report["channel_mix"]
    labels = [CHANNEL_LABELS[c] for c in CHANNELS][::-1]
    shares = [100 * (mix["shares"][c] or 0) for c in CHANNELS][::-1]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    bars = ax.barh(labels, shares, color=COLOURS[:6][::-1])
    ax.bar_label(bars, labels=[f"{s:.0f}%" for s in shares], padding=3)
    ax.set_xlabel("share of interactions, last 12 months (%)")
    ax.set_xlim(0, max(shares + [10]) * 1.15)
    ax.set_title(f"Channel mix: {100 * (mix['in_person_share'] or 0):.0f}% in person")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def trend_figure(report: dict):
    """Line chart: interactions per month (all channels, and in person) over the last 12 months."""
    plt = _pyplot()
    # the current month is counted only up to today; say so, so its low count is not read as a drop
    months = [m["month"] + (" (so far)" if m.get("partial") else "") for m in report["monthly"]]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(months, [m["interactions"] for m in report["monthly"]], marker="o", color=COLOURS[1], label="all")
    ax.plot(
        months, [m["in_person"] for m in report["monthly"]], marker="o", color=COLOURS[0], label="in person"
    )
    ax.set_ylabel("interactions")
    _count_axis(ax.yaxis)
    peak = max([m["interactions"] for m in report["monthly"]] + [1])
    ax.set_ylim(0, peak * 1.15)
    ax.set_title("Interactions per month")
    ax.legend(frameon=False)
    ax.tick_params(axis="x", labelrotation=45)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


CHARTS = {"circles": circles_figure, "channels": channels_figure, "trend": trend_figure}


def write_pngs(report: dict, folder: Path, charts: dict | None = None) -> list[Path]:
    """Save every chart (of ``charts``, name -> drawing function; default: the report's) as
    FOLDER/NAME.png and return the paths."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, draw in (CHARTS if charts is None else charts).items():
        fig = draw(report)
        path = folder / f"{name}.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        paths.append(path)
    return paths


#: the named groups of the network picture, largest first (Paul Tol's "muted" colours: told apart with
#: the common colour blindnesses, and none of them the bridges' orange or the small groups' grey)
GROUP_COLOURS = ("#332288", "#ddcc77", "#44aa99", "#cc6677", "#117733", "#88ccee", "#882255", "#999933")
SMALLER_GROUP_COLOUR = "#8c8c8c"
NO_GROUP_COLOUR = "#d4d4d4"
BRIDGE_COLOUR = "#e4572e"


@dataclass(frozen=True)
class _Layout:
    """One drawing of the network picture: its size (inches), dot sizes per circle, text size, the faint
    ties drawn at most and the user's dot."""

    size: tuple[float, float]
    dots: tuple[float, ...]
    font: float
    ties: int
    you: float


#: the two drawings of the picture: for a wide screen (and the PNG), names beside the rings and a legend;
#: for a phone, smaller, the bridges numbered as on the page's list, everything else in the page's text
_LAYOUTS = {
    "wide": _Layout(size=(9, 7.6), dots=(40, 26, 16, 10, 5, 4, 3), font=7.5, ties=4000, you=90),
    "narrow": _Layout(size=(4.4, 4.4), dots=(14, 9, 6, 4, 2, 1.5, 1), font=12, ties=1500, you=40),
}


def group_colour(group: int, listed: int) -> str:
    """A person's colour by their group (-1: none): the named groups each their own, the rest grey."""
    if group < 0:
        return NO_GROUP_COLOUR
    return GROUP_COLOURS[group] if group < min(listed, len(GROUP_COLOURS)) else SMALLER_GROUP_COLOUR


def network_figure(picture: dict, narrow: bool = False):
    """The user's network (``kith.reach.picture``): the circles as rings around the user, people coloured
    by group, the who-knows-whom ties faint, the bridges to other groups highlighted. Names (wide) or the
    bridges' numbers (narrow) stand in columns beside the rings, each joined to its dot by a thin line, so
    that no two overlap however crowded the inner rings are."""
    import networkx as nx

    from kith.reach.picture import LISTED_GROUPS, picture_record

    plt = _pyplot()
    layout = _LAYOUTS["narrow" if narrow else "wide"]
    people = picture["people"]
    record = picture_record(picture)
    graph = nx.Graph()
    graph.add_nodes_from(["you", *range(len(people))])
    shells = [["you"]] + [ring["people"] for ring in picture["rings"]]
    pos = nx.shell_layout(graph, nlist=shells, rotate=0)
    fig, ax = plt.subplots(figsize=layout.size)
    step = 1.0 / len(shells)  # networkx's shell layout: the user at 0, then a ring every step
    outer = step * (len(shells) - 1)
    for radius, ring in enumerate(picture["rings"], 1):
        ax.add_patch(plt.Circle((0, 0), radius * step, fill=False, color="#d0d0d0", lw=0.6, zorder=0))
        if not narrow:
            ax.text(
                0,
                radius * step + 0.006,
                ring["circle"],
                ha="center",
                va="bottom",
                fontsize=6.5,
                color="#707070",
                bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.4},
                zorder=3,
            )
    faint = nx.draw_networkx_edges(
        graph,
        pos,
        edgelist=[tuple(e) for e in picture["ties"]["drawn"][: layout.ties]],
        ax=ax,
        width=0.3,
        alpha=0.12,
        edge_color="#7a7a7a",
    )
    if faint is not None and not isinstance(faint, list):
        faint.set_rasterized(True)  # thousands of faint lines as one image inside the SVG
    sizes = dict(zip(CIRCLES, layout.dots, strict=True))
    dots = nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=list(range(len(people))),
        node_color=[group_colour(p["group"], LISTED_GROUPS) for p in people],
        node_size=[sizes[p["circle"]] for p in people],
        linewidths=0,
        ax=ax,
    )
    dots.set_rasterized(True)  # 1,500 dots as one image: the page stays light; names stay text
    nx.draw_networkx_nodes(graph, pos, nodelist=["you"], node_color=COLOURS[0], node_size=layout.you, ax=ax)
    bridges = picture["bridges"]
    bridge_edges = [("you", b["index"]) for b in bridges] + [(b["index"], b["via_index"]) for b in bridges]
    nx.draw_networkx_edges(graph, pos, edgelist=bridge_edges, width=1.8, edge_color=BRIDGE_COLOUR, ax=ax)
    if narrow:
        numbered = {b["index"]: str(n) for n, b in enumerate(bridges, 1)}
        _side_labels(ax, pos, numbered, set(numbered), outer, layout.font, boxed=True)
        reach = outer + 0.2
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-outer - 0.06, outer + 0.06)
    else:
        names = {i: people[i]["name"] for i in picture["labelled"]}
        _side_labels(ax, pos, names, {b["index"] for b in bridges}, outer, layout.font, boxed=False)
        # on a white ground above the lines: a bridge drawn downwards would cross the word
        ax.text(
            0,
            -0.035,
            "you",
            ha="center",
            va="top",
            fontsize=6.5,
            color=COLOURS[0],
            bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 0.4},
            zorder=4,
        )
        _legend(ax, plt, record)
        ax.set_title(
            f"Your network: {count(len(people), 'person')}, {count(picture['ties']['count'], 'tie')} between "
            f"them, {count(len(bridges), 'bridge')}",
            fontsize=10,
        )
        ax.set_xlim(-outer - 0.62, outer + 0.62)
        ax.set_ylim(-outer - 0.05, outer + 0.08)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout(pad=0.3 if narrow else 1.08)
    return fig


def _side_labels(ax, pos, texts: dict, bridges: set, outer: float, font: float, boxed: bool) -> None:
    """Write each text in a column beside the rings, on its dot's side, as near its height as the others
    allow, with a thin line to the dot: however many dots crowd the centre, no two texts overlap."""
    gap = font * 0.0075
    for side in (1, -1):
        here = sorted((i for i in texts if (pos[i][0] >= 0) == (side > 0)), key=lambda i: -pos[i][1])
        heights = _spread([float(pos[i][1]) for i in here], gap, -outer, outer)
        for i, y in zip(here, heights, strict=True):
            bridge = i in bridges
            ax.annotate(
                texts[i],
                xy=tuple(pos[i]),
                xytext=(side * (outer + 0.08), y),
                ha="left" if side > 0 else "right",
                va="center",
                fontsize=font,
                fontweight="bold" if bridge else "normal",
                color="white" if boxed else ("#9c2f12" if bridge else "#222222"),
                bbox={"boxstyle": "circle,pad=0.25", "fc": BRIDGE_COLOUR, "ec": "none"} if boxed else None,
                arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#555555", "shrinkA": 0, "shrinkB": 1.5},
                zorder=4,
            )


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Heights as near ``wanted`` (descending) as can be with ``gap`` between neighbours, within
    [low, high] when they fit there."""
    heights = [min(high, w) for w in wanted]
    for k in range(1, len(heights)):
        heights[k] = min(heights[k], heights[k - 1] - gap)
    if heights and heights[-1] < low:
        heights[-1] = low
        for k in range(len(heights) - 2, -1, -1):
            heights[k] = max(heights[k], heights[k + 1] + gap)
    return heights


def _legend(ax, plt, record: dict) -> None:
    """The named groups with their colour, the smaller ones and the people in no group in grey, and the
    bridges: the same facts the page lists beside the picture."""
    from kith.reach.picture import smaller_groups_words

    def dot(colour: str, label: str):
        return plt.Line2D([], [], marker="o", ls="", color=colour, label=label)

    handles = [dot(GROUP_COLOURS[n], g["label"]) for n, g in enumerate(record["groups"])]
    if record["smaller_groups"]["groups"]:
        handles.append(dot(SMALLER_GROUP_COLOUR, smaller_groups_words(record["smaller_groups"])))
    if record["ungrouped"]:
        handles.append(dot(NO_GROUP_COLOUR, f"{count(record['ungrouped'], 'person')} in no group"))
    handles.append(plt.Line2D([], [], color=BRIDGE_COLOUR, lw=1.8, label="bridge to another group"))
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=7.5, frameon=False
    )


def write_network_png(picture: dict, folder: Path) -> Path:
    """Save the network picture as FOLDER/network.png."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    fig = network_figure(picture)
    path = folder / "network.png"
    fig.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(fig)
    return path


def network_svg(picture: dict, narrow: bool = False) -> str:
    # cut to what is drawn: the round picture leaves margins that a phone's width cannot spare
    return _svg(network_figure(picture, narrow), bbox_inches="tight", pad_inches=0.05)


def _svg(fig, **saving) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    # real <text> elements rather than glyph outlines: smaller, searchable and read by screen readers
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", **saving)
    plt.close(fig)
    return buffer.getvalue()


def circles_svg(report: dict) -> str:
    return _svg(circles_figure(report))


def channels_svg(report: dict) -> str:
    return _svg(channels_figure(report))


def trend_svg(report: dict) -> str:
    return _svg(trend_figure(report))
