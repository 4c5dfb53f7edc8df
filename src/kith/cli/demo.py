"""The ``kith demo`` command: a sample network in its own folder."""

from __future__ import annotations

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    rebuild: bool = typer.Option(False, "--rebuild", help="Build the sample again even if one exists."),
) -> None:
    """Build a sample network in its own folder (never your data) and summarise it.

    Example: kith demo
    """
    from kith.channels import CHANNEL_LABELS, CHANNELS
    from kith.demo import demo_home, ensure_demo, summary

    home = demo_home()
    out = console()
    with out.status("Building the sample network..."):
        settings, built = ensure_demo(home, rebuild=rebuild)
    figures = summary(settings)
    out.print(f"{'Built' if built else 'Reusing'} the sample network in {home}", markup=False)
    out.print(
        f"{figures['people']} people, {figures['connections']} connections, "
        f"{figures['in_touch']} you have actually been in touch with "
        f"({figures['interactions']} interactions)",
        markup=False,
    )
    for channel in CHANNELS:
        if figures["by_channel"].get(channel):
            out.print(f"  {CHANNEL_LABELS[channel]:<16}{figures['by_channel'][channel]}", markup=False)
    out.print("Most in touch:")
    for row in figures["most_in_touch"]:
        out.print(f"  {row['name']:<24}{row['interactions']} interactions", markup=False)
    out.print(f"Try it: KITH_HOME={home} kith people", markup=False)
