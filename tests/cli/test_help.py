"""--help is the reference: every command has a one-line help and an example."""

from __future__ import annotations

import typer

from kith.cli import app


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield path, command
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_and_an_example(kith):
    root = typer.main.get_command(app)
    missing = []
    for path, command in _commands(root):
        result = kith(*path, "--help")
        if not (command.help or "").strip():
            missing.append(f"{' '.join(path)}: no help text")
        elif not hasattr(command, "commands") and "Example:" not in result.stdout:
            missing.append(f"{' '.join(path)}: no 'Example:' in --help")
    assert not missing, "\n".join(missing)


def test_kith_without_arguments_shows_help(kith):
    out = kith().stdout
    assert "Usage: kith" in out and "log" in out


def test_version(kith):
    assert kith("--version").stdout.startswith("kith ")


def test_unknown_command_is_a_one_line_error(kith):
    from conftest import assert_user_error

    assert_user_error(kith("frobnicate", expect=2), "no such command")
