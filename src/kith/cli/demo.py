"""The ``kith demo`` command: a realistic sample network in its own folder, served in the web UI."""

from __future__ import annotations

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to serve the web UI on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Only build the sample and summarise it."),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Build the sample again even if a fresh one exists."
    ),
) -> None:
    """Build a sample network in its own folder (never your data) and serve it in the web UI.

    The sample: about 1,500 LinkedIn connections imported from a generated LinkedIn export, a year of
    coffees, calls, emails and likes with a few of them, favours both ways, promises, pending
    invitations (some saying you met), this week's first meetings and an email waiting for an answer,
    a newer export with job changes, the schools you share with people you know, and friends who
    bridge to groups you don't reach. Its agenda is a focused week of 7 items: promises and replies due,
    a first meeting to follow up, coffees with friends who are due one. KITH_DEMO_HOME chooses its folder.

    Example: kith demo --no-serve
    """
    import os

    from kith.clock import now
    from kith.sample.demo import demo_home, ensure_demo, summary

    if not no_serve:
        from kith.web.server import check_address

        check_address("127.0.0.1", port)
    home = demo_home()
    out = console()
    when = now()
    with out.status("Building the sample network (a few seconds)..."):
        settings, built = ensure_demo(home, now=when, rebuild=rebuild)
    _print_summary(out, summary(settings, when), home, built)
    kith = _how_kith_was_run()
    if no_serve:
        out.print("Explore it in the terminal, or serve it in the web UI:", markup=False)
        out.print(f"  KITH_HOME={home} {kith} people", markup=False)
        out.print(f"  KITH_HOME={home} {kith} serve   (or simply: {kith} demo)", markup=False)
        return
    from kith.web.server import serve

    # everything this process does from now on reads and writes the sample, never the user's folder
    os.environ["KITH_HOME"] = str(home)
    os.environ.pop("KITH_DATABASE_URL", None)
    out.print(
        f"kith demo is serving at http://127.0.0.1:{port}/ : open it in your browser (Ctrl+C to stop)",
        markup=False,
    )
    out.print(f"To use the command line on the sample: KITH_HOME={home} {kith} people", markup=False)
    serve(settings, host="127.0.0.1", port=port)


def _how_kith_was_run() -> str:
    """``uv run kith`` when the user started kith through uv (as the README's quick start does), so the
    commands kith suggests can be pasted as they are; ``kith`` otherwise."""
    import os

    return "uv run kith" if os.environ.get("UV_RUN_RECURSION_DEPTH") else "kith"


def _print_summary(out, figures: dict, home, built: bool) -> None:
    from kith.channels import CHANNEL_LABELS, CHANNELS

    out.print(f"{'Built' if built else 'Reusing'} the sample network in {home}", markup=False)
    from kith.wording import count, number

    # the headline of the dashboard and of kith report
    out.print(
        f"{figures['headline']}; {number(figures['in_touch'])} you have actually been in touch with "
        f"({count(figures['interactions'], 'interaction')})",
        markup=False,
    )
    for channel in CHANNELS:
        if figures["by_channel"].get(channel):
            out.print(f"  {CHANNEL_LABELS[channel]:<16}{figures['by_channel'][channel]}", markup=False)
    if figures["circles"]:
        circles = ", ".join(f"{number(n)} {name}" for name, n in figures["circles"].items())
        out.print(f"Circles: {circles}", markup=False)
    out.print(
        f"Favours: {number(figures['favours_given'])} given, {number(figures['favours_received'])} received; "
        f"{count(figures['open_commitments'], 'open promise')}; "
        f"{count(figures['pending_invitations'], 'invitation')} waiting; "
        f"{count(figures['job_changes'], 'job change')} seen in the newer export",
        markup=False,
    )
    out.print("Most in touch:", markup=False)
    for row in figures["most_in_touch"]:
        out.print(f"  {row['name']:<24}{count(row['interactions'], 'interaction')}", markup=False)
    week = figures["this_week"]
    out.print(
        f"This week's agenda: {count(week['suggestions'], 'suggestion')}, {number(week['in_person_or_call'])} "
        "of them in person or by phone (kith agenda)",
        markup=False,
    )
