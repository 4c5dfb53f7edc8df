"""The ``kith report`` command: connections against relationships, with charts on request."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    png: Path = typer.Option(
        None,
        "--png",
        help="Also draw the charts (and the network picture, network.png) as PNG files in this folder.",
    ),
) -> None:
    """Report on your network: connections vs relationships, circles, channels, reciprocity, trend, liking.

    A relationship is someone in your intimate, close, friends or meaningful circle; see the README.

    Example: kith report --png charts/
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.reports import network_report, report_lines
    from kith.store.db import transaction

    if png is not None and png.exists() and not png.is_dir():
        raise BadInput(f"--png needs a folder; {png} is a file")
    with transaction(write=False) as session:
        data = network_report(session, now())
        if png is not None:
            from kith.reach.picture import picture_of

            picture = picture_of(session, now())
    paths = []
    if png is not None:
        from kith.charts import write_network_png, write_pngs

        try:
            paths = [*write_pngs(data, png), write_network_png(picture, png)]
        except OSError as exc:
            raise BadInput(f"cannot write charts to {png}: {exc.strerror}") from exc
    if json_out:
        if png is not None:
            data = {**data, "charts": [str(p) for p in paths]}
        print_json(data)
        return
    out = console()
    for line in report_lines(data):
        out.print(line, markup=False)
    for path in paths:
        out.print(f"chart: {path}", markup=False)
