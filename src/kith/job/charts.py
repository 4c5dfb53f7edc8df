"""Charts of the job search's report (``kith.job.report.job_report``), drawn like the network report's
(``kith.charts``: matplotlib, Agg, the same palette): the funnel from targets to offers, and the weekly
balance of conversations against applications. ``write_pngs`` saves them (``kith job report --png``);
``funnel_svg`` is the ``/job`` page's."""

from __future__ import annotations

from pathlib import Path

from kith import charts
from kith.charts import COLOURS, _count_axis, _pyplot, _svg


def funnel_figure(report: dict):
    """Horizontal bars, widest first: the targets that got at least as far as each stage."""
    plt = _pyplot()
    stages = [s["stage"] for s in report["funnel"]][::-1]
    counts = [s["count"] for s in report["funnel"]][::-1]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bars = ax.barh(stages, counts, color=COLOURS[: len(stages)][::-1])
    ax.bar_label(bars, labels=[str(n) for n in counts], padding=3)
    ax.set_xlim(0, max([*counts, 1]) * 1.15)
    ax.set_xlabel("target companies")
    _count_axis(ax.xaxis)
    ax.set_title("From target to offer")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def balance_figure(report: dict):
    """Paired bars per week: conversations (the network) beside applications sent online."""
    plt = _pyplot()
    weeks = report["weeks"]
    xs = range(len(weeks))
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(
        [x - 0.2 for x in xs],
        [w["conversations"] for w in weeks],
        width=0.4,
        color=COLOURS[0],
        label="conversations",
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [w["applications"] for w in weeks],
        width=0.4,
        color=COLOURS[5],
        label="applications",
    )
    ax.set_xticks(list(xs), [w["week"][5:] for w in weeks])
    ax.set_xlabel("week starting")
    _count_axis(ax.yaxis)
    ax.legend(frameon=False)
    ax.set_title("Conversations against applications, by week")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


CHARTS = {"job-funnel": funnel_figure, "job-balance": balance_figure}


def write_pngs(report: dict, folder: Path) -> list[Path]:
    """Save both charts as FOLDER/job-funnel.png and FOLDER/job-balance.png; return the paths."""
    return charts.write_pngs(report, folder, CHARTS)


def funnel_svg(report: dict) -> str:
    return _svg(funnel_figure(report))


def balance_svg(report: dict) -> str:
    return _svg(balance_figure(report))
