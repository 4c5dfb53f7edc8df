"""Whom you like spending time with: like, unlike."""

from __future__ import annotations

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("like")(like)
    app.command("unlike")(unlike)


def like(name: str = typer.Argument(..., help="The person (name, email or #id).")) -> None:
    """Mark someone as a person you like spending time with; they rank higher in the agenda.

    Example: kith like "Jane Doe"
    """
    _set(name, True)


def unlike(
    name: str = typer.Argument(..., help="The person (name, email or #id)."),
    clear: bool = typer.Option(False, "--clear", help="Forget whether you like them (neither like nor not)."),
) -> None:
    """Mark someone as a person you do not enjoy spending time with (or, with --clear, unsay it).

    Example: kith unlike "Sam Lee" --clear
    """
    _set(name, None if clear else False)


def _set(name: str, liked: bool | None) -> None:
    from kith.people.core import set_liked
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction() as session:
        person = resolve(session, name)
        set_liked(session, person, liked)
        label = person.name
    said = {True: "you like", False: "you do not enjoy time with", None: "no like or dislike for"}[liked]
    console().print(f"Noted: {said} {label}", markup=False)
