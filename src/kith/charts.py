"""Charts of the network report, drawn with matplotlib (Agg backend, imported only when a chart is drawn).

Each chart function takes the dict from ``kith.reports.network_report`` and returns a matplotlib Figure;
``write_pngs`` saves them as PNG files and ``*_svg`` return them as SVG text for the web pages.
"""

from __future__ import annotations

import io
from pathlib import Path

from kith.channels import CHANNEL_LABELS, CHANNELS
from kith.reports import CIRCLES
from kith.wording import number

#: kith's palette: richer contact in darker tones
COLOURS = ("#1b4965", "#3a7ca5", "#62b6cb", "#9fd3c7", "#cae9ff", "#bdbdbd", "#e0e0e0")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


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


def network_figure(picture: dict):
    """The user's network (``kith.reach.picture``): the circles as rings around the user, people coloured
    by group, the who-knows-whom ties faint, the bridges to other groups highlighted and named."""
    import networkx as nx

    plt = _pyplot()
    people = picture["people"]
    graph = nx.Graph()
    graph.add_nodes_from(["you", *range(len(people))])
    shells = [["you"]] + [ring["people"] for ring in picture["rings"]]
    pos = nx.shell_layout(graph, nlist=shells, rotate=0)
    fig, ax = plt.subplots(figsize=(8, 8.6))
    step = 1.0 / len(shells)  # networkx's shell layout: the user at 0, then a ring every step
    for radius, ring in enumerate(picture["rings"], 1):
        ax.add_patch(plt.Circle((0, 0), radius * step, fill=False, color="#d0d0d0", lw=0.6, zorder=0))
        ax.text(
            0, radius * step + 0.01, ring["circle"], ha="center", va="bottom", fontsize=7, color="#888888"
        )
    faint = nx.draw_networkx_edges(
        graph,
        pos,
        edgelist=[tuple(e) for e in picture["ties"]["drawn"]],
        ax=ax,
        width=0.3,
        alpha=0.12,
        edge_color="#7a7a7a",
    )
    if faint is not None and not isinstance(faint, list):
        faint.set_rasterized(True)  # thousands of faint lines as one image inside the SVG
    palette = plt.get_cmap("tab10")
    colours = [palette(p["group"] % 10) if p["group"] >= 0 else "#bdbdbd" for p in people]
    sizes = {c: s for c, s in zip(CIRCLES, (40, 26, 16, 10, 5, 4, 3), strict=True)}
    dots = nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=list(range(len(people))),
        node_color=colours,
        node_size=[sizes[p["circle"]] for p in people],
        linewidths=0,
        ax=ax,
    )
    dots.set_rasterized(True)  # 1,500 dots as one image: the page stays light; names stay text
    nx.draw_networkx_nodes(graph, pos, nodelist=["you"], node_color=COLOURS[0], node_size=90, ax=ax)
    bridge_edges = [("you", b["index"]) for b in picture["bridges"]] + [
        (b["index"], b["via_index"]) for b in picture["bridges"]
    ]
    nx.draw_networkx_edges(graph, pos, edgelist=bridge_edges, width=1.8, edge_color="#e4572e", ax=ax)
    labels = {i: people[i]["name"] for i in picture["labelled"]}
    above = {i: (pos[i][0], pos[i][1] + 0.012) for i in labels}
    nx.draw_networkx_labels(graph, above, labels=labels, font_size=7, ax=ax, verticalalignment="bottom")
    groups = picture["groups"][:10]
    handles = [
        plt.Line2D([], [], marker="o", ls="", color=palette(n % 10), label=g["label"])
        for n, g in enumerate(groups)
    ] + [plt.Line2D([], [], color="#e4572e", lw=1.8, label="bridge to another group")]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=2, fontsize=7, frameon=False
    )
    ax.set_title(
        f"Your network: {number(len(people))} people, {number(picture['ties']['count'])} ties between them, "
        f"{number(len(picture['bridges']))} bridges",
        fontsize=10,
    )
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.08)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def write_network_png(picture: dict, folder: Path) -> Path:
    """Save the network picture as FOLDER/network.png."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    fig = network_figure(picture)
    path = folder / "network.png"
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


def network_svg(picture: dict) -> str:
    return _svg(network_figure(picture))


def _svg(fig) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    # real <text> elements rather than glyph outlines: smaller, searchable and read by screen readers
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def circles_svg(report: dict) -> str:
    return _svg(circles_figure(report))


def channels_svg(report: dict) -> str:
    return _svg(channels_figure(report))


def trend_svg(report: dict) -> str:
    return _svg(trend_figure(report))
