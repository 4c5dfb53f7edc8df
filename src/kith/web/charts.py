"""Small server-side charts for the pages (matplotlib, SVG), cached by their data.

The same figures render the same SVG, so a chart is drawn once per distinct input, not per request.
"""

from __future__ import annotations

import io
from functools import lru_cache


@lru_cache(maxsize=64)
def circles_svg(counts: tuple[tuple[str, int], ...]) -> str:
    """A horizontal bar chart of how many people are in each circle, innermost first."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    labels = [name for name, _ in counts]
    values = [n for _, n in counts]
    fig = Figure(figsize=(6.0, 0.42 * len(labels) + 0.6))
    ax = fig.add_subplot()
    bars = ax.barh(range(len(labels)), values, color="#3f6e8c")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel("people")
    ax.margins(x=0.12)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    # drop the XML prologue so the SVG can be placed inline in a page
    return svg[svg.find("<svg") :]
