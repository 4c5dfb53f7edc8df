"""kith's command line: thin commands that parse input, call one core function and format its result.

Every command lives in a module of this package that exposes ``register(app)``; ``COMMAND_MODULES``
lists them in the order ``kith --help`` shows them. Core errors (``kith.errors``) become one line on
stderr starting ``error:`` with exit status 2, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
from typer.core import TyperGroup

COMMAND_MODULES = (
    "people",
    "show",
    "notes",
    "prune",
    "log",
    "interactions",
    "demo",
    "invitations",
    "friends",
    "serve",
    "peec",
    "imports",
    "ledger",
    "likes",
    "report",
    "export",
    "brief",
    "reach",
    "intros",
    "job",
    "agenda",
    "promises",
    "score",
    "undo",
    "team",
)


class KithGroup(TyperGroup):
    """Runs a command and turns every failure into one ``error:`` line (status 2 for user mistakes)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from kith.errors import KithError

        try:
            with _member(args):
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except KithError as exc:
            _fail(exc.on_command_line(), 2)
        except typer.Abort:
            _fail("aborted", 1)
        except BrokenPipeError:
            sys.exit(1)
        except Exception as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.ctx.get_help())
                sys.exit(0)
            if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
                # a usage error found while parsing the command line (Typer's Click exceptions)
                _fail(exc.format_message(), 2)
            if os.environ.get("KITH_DEBUG"):
                raise
            _fail(f"internal error ({exc.__class__.__name__}: {exc}); run with KITH_DEBUG=1 for details", 1)
        sys.exit(rv if isinstance(rv, int) else 0)


#: the commands that work on a team's database as a whole, not in a member's kith
TEAM_WIDE = ("team", "serve")


def _member(args):
    """The kith the command works in: a team member's, when ``KITH_MEMBER`` names one. On a team's
    database a command about someone's kith needs it: without it, it would work in a kith of nobody's."""
    from kith.settings import MEMBER_ENV, get_settings, working_in

    member = os.environ.get(MEMBER_ENV, "").strip()
    if not member:
        given = list(sys.argv[1:] if args is None else args)
        words = [a for a in given if not a.startswith("-")]
        asks = words and words[0] not in TEAM_WIDE and "--help" not in given
        settings = get_settings() if asks else None
        if settings is not None and settings.database_url.startswith("postgresql"):
            from kith.team.store import holds_team

            if holds_team(settings):
                from kith.errors import BadInput

                raise BadInput(
                    f"this database holds a team's kiths: say whose with {MEMBER_ENV}=EMAIL "
                    "(kith team users lists the members)"
                )
        return working_in(None)
    from kith.team.accounts import schema_of_member

    return working_in(schema_of_member(get_settings(), member))


def _fail(message: str, status: int) -> None:
    from kith.text import one_line

    first = one_line(str(message)) or "failed"
    typer.echo(f"error: {first}", err=True)
    sys.exit(status)


def _version(value: bool) -> None:
    if value:
        from kith import __version__

        typer.echo(f"kith {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=KithGroup,
    name="kith",
    help="kith keeps your connections and your real relationships apart, and helps you tend the second.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show kith's version and exit."
    ),
) -> None:
    """kith: connections are not relationships. Log what you really do together and keep in touch."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"kith.cli.{_name}").register(app)


def main() -> None:
    """The ``kith`` console script."""
    app()
