"""``kith team ...``: set up a team server's accounts on PostgreSQL (``KITH_DATABASE_URL``).

Each command reads its password from standard input with ``--password-stdin`` (one line, for scripts) or
asks for it twice without echoing it; a password never appears on the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kith.cli.output import confirm, console, print_json

team_app = typer.Typer(
    no_args_is_help=True,
    help="Manage a team server's accounts on PostgreSQL: members, passwords and API tokens.",
)

PASSWORD_STDIN_HELP = "Read the password from standard input (one line) instead of asking for it."


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")


def _settings():
    from kith.settings import get_settings
    from kith.team.store import require_postgresql

    settings = get_settings()
    require_postgresql(settings)
    return settings


def _password(from_stdin: bool) -> str:
    """The password: one line of standard input, or typed twice at a hidden prompt."""
    from kith.errors import BadInput
    from kith.team.accounts import check_password

    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise BadInput("--password-stdin: standard input is empty; send the password as one line")
        return check_password(line.rstrip("\r\n"))
    return check_password(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@team_app.command("init")
def init(
    email: str = typer.Option(..., "--email", help="The first admin's email (their login)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
) -> None:
    """Set up team mode in the PostgreSQL database with its first admin.

    Example: printf '%s\\n' "$ADMIN_PASSWORD" | kith team init --email ada@firm.example --password-stdin
    """
    from kith.team.accounts import check_email, init_team, refuse_if_set_up

    settings = _settings()
    check_email(email)
    refuse_if_set_up(settings)
    member = init_team(settings, email, _password(password_stdin))
    console().print(f"Team set up; {member.email} is its admin.", markup=False)


@team_app.command("add-user")
def add_user(
    email: str = typer.Argument(..., help="The new member's email (their login)."),
    role: str = typer.Option("member", "--role", help="admin (manages the accounts) or member."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
) -> None:
    """Add a member to the team, with a private kith of their own.

    Example: printf '%s\\n' "$PASSWORD" | kith team add-user bob@firm.example --role member --password-stdin
    """
    from kith.team.accounts import add_member, check_email, check_role
    from kith.team.store import require_team

    settings = _settings()
    check_email(email)
    check_role(role)
    require_team(settings)  # before asking for a password
    member = add_member(settings, email, _password(password_stdin), role)
    console().print(f"Added {member.email} ({member.role}).", markup=False)


@team_app.command("users")
def users(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the team's accounts.

    Example: kith team users --json
    """
    from kith.team.accounts import list_members

    members = list_members(_settings())
    if as_json:
        print_json([m.as_json() for m in members])
        return
    out = console()
    for m in members:
        out.print(f"{m.email}  {m.role}  added {m.created_at:%Y-%m-%d}", markup=False)


@team_app.command("remove-user")
def remove_user(
    email: str = typer.Argument(..., help="The member to remove."),
    export: Path | None = typer.Option(
        None, "--export", help="First write their data to this file as a JSON backup (kith restore reads it)."
    ),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Remove a member and delete their private kith (export it first with --export).

    Example: kith team remove-user bob@firm.example --export bob-kith.json
    """
    import os

    from kith.exporters import write_text
    from kith.team.accounts import get_member, remove_member, what_removal_deletes
    from kith.team.workspace import export_backup

    settings = _settings()
    member = get_member(settings, email)
    kept = f"; their backup goes to {export}" if export is not None else " (keep it with --export FILE)"
    confirm(
        f"Remove {member.email} and delete everything of theirs: {what_removal_deletes(settings, member)}{kept}?",
        refusal=f"removing {member.email} deletes their private kith for good; add --yes to confirm",
        yes=yes,
    )
    if export is not None:
        write_text(export_backup(settings, member.schema), export)
        if export.is_file():
            os.chmod(export, 0o600)  # their private notes: readable by whoever exported them only
    remove_member(settings, email)
    saved = f"; their data is in {export}" if export is not None else ""
    console().print(f"Removed {member.email}{saved}.", markup=False)


@team_app.command("set-role")
def set_role(
    email: str = typer.Argument(..., help="The member whose role to set."),
    role: str = typer.Argument(..., help="admin (manages the accounts) or member."),
) -> None:
    """Make a member an admin, or an admin a member (a team keeps at least one admin).

    Example: kith team set-role carol@firm.example admin
    """
    from kith.team.accounts import set_role as set_

    member, changed = set_(_settings(), email, role)
    said = (
        f"{member.email} is now {an(member.role)}."
        if changed
        else f"{member.email} is {an(member.role)} already."
    )
    console().print(said, markup=False)


def an(role: str) -> str:
    return f"an {role}" if role == "admin" else f"a {role}"


@team_app.command("reset-password")
def reset_password(
    email: str = typer.Argument(..., help="The member whose password to set."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
) -> None:
    """Set a member's password: their browser sessions end (API tokens stay), and a lockout after too many
    failed logins is lifted.

    Example: printf '%s\\n' "$NEW_PASSWORD" | kith team reset-password bob@firm.example --password-stdin
    """
    from kith.team.accounts import get_member
    from kith.team.accounts import reset_password as reset

    settings = _settings()
    get_member(settings, email)
    member = reset(settings, email, _password(password_stdin))
    console().print(
        f"New password set for {member.email}: their browser sessions ended (API tokens stay), and any"
        " lockout after failed logins is lifted.",
        markup=False,
    )


@team_app.command("token")
def token(
    email: str = typer.Argument(..., help="The member the token acts as."),
    name: str = typer.Option("api", "--name", help="What the token is for, e.g. 'nightly import'."),
) -> None:
    """Make an API token for a member and print it once (send it as Authorization: Bearer TOKEN).

    Example: kith team token bob@firm.example --name 'nightly import'
    """
    from kith.clock import now
    from kith.team.tokens import issue_token

    record, secret = issue_token(_settings(), email, name, now())
    typer.echo(secret)
    typer.echo(f"token #{record.id} for {record.email}; it is not shown again", err=True)


@team_app.command("tokens")
def tokens(
    email: str = typer.Argument(..., help="The member whose tokens to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List a member's API tokens (never their secrets).

    Example: kith team tokens bob@firm.example --json
    """
    from kith.team.tokens import list_tokens

    found = list_tokens(_settings(), email)
    if as_json:
        print_json([t.as_json() for t in found])
        return
    out = console()
    for t in found:
        used = f"last used {t.last_used_at:%Y-%m-%d}" if t.last_used_at else "never used"
        state = "revoked" if t.revoked else used
        out.print(f"#{t.id}  {t.name}  made {t.created_at:%Y-%m-%d}  {state}", markup=False)


@team_app.command("revoke-token")
def revoke_token(token_id: int = typer.Argument(..., metavar="ID", help="The token's number.")) -> None:
    """Revoke an API token: it answers nothing from now on.

    Example: kith team revoke-token 3
    """
    from kith.team.tokens import revoke_token as revoke

    record, was_live = revoke(_settings(), token_id)
    if was_live:
        console().print(f"Revoked token #{record.id} ({record.name}) of {record.email}.", markup=False)
    else:
        console().print(
            f"Token #{record.id} ({record.name}) of {record.email} was revoked already.", markup=False
        )


@team_app.command("ask")
def ask(
    colleague: str = typer.Argument(..., metavar="EMAIL", help="The colleague who knows them."),
    person: str = typer.Argument(
        ...,
        metavar="PERSON",
        help="Whom: the number kith reach --company shows (kith team ask EMAIL 12), or their name.",
    ),
    note: str | None = typer.Option(None, "--note", help="What you would like to talk to them about."),
) -> None:
    """Ask a colleague to introduce you to someone they know (as KITH_MEMBER); it lands on their agenda.

    Example: KITH_MEMBER=ada@firm.example kith team ask bob@firm.example "Tom Lee" --note "their data platform"
    """
    from kith.clock import now
    from kith.team.requests import ask as ask_colleague

    request = ask_colleague(_settings(), colleague, person, note, now())
    console().print(
        f"Asked {request['to']} to introduce you to {request['person']} (request {request['id']})",
        markup=False,
    )


@team_app.command("asks")
def asks(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the introductions colleagues asked of you, and those you asked of them (as KITH_MEMBER).

    Example: KITH_MEMBER=bob@firm.example kith team asks
    """
    from kith.team.requests import requests

    found = requests(_settings())
    if as_json:
        print_json(found)
        return
    out = console()
    for heading, key, other in (("Asked of you", "to_me", "from"), ("Asked by you", "from_me", "to")):
        out.print(f"{heading}:", markup=False)
        for r in found[key]:
            said = f" ({r['note']})" if r["note"] else ""
            answer = f": {r['answer']}" if r["answer"] else ""
            out.print(f"  {r['id']}. {r[other]}, {r['person']}{said}: {r['state']}{answer}", markup=False)
        if not found[key]:
            out.print("  none", markup=False)


def _answer(request_id: int, accept: bool, note: str | None) -> None:
    from kith.clock import now
    from kith.team.requests import answer

    request = answer(_settings(), request_id, accept, note, now())
    out = console()
    out.print(f"Request {request['id']} from {request['from']}: {request['state']}", markup=False)
    if request["promise"] is not None:
        promise = request["promise"]
        out.print(
            f"Promise #{promise['id']} noted: {promise['text']} (due {promise['due_at'][:10]};"
            " kith commitments lists it)",
            markup=False,
        )


@team_app.command("accept")
def accept(
    request_id: int = typer.Argument(..., metavar="ID", help="The request's number (kith team asks)."),
    note: str | None = typer.Option(None, "--note", help="A word for your colleague."),
) -> None:
    """Accept a colleague's request for an introduction (as KITH_MEMBER): your promise to the person to make
    it is noted, due in a week (kith commitments lists it; the agenda shows it until you keep it).

    Example: KITH_MEMBER=bob@firm.example kith team accept 3 --note "writing to Tom today"
    """
    _answer(request_id, True, note)


@team_app.command("decline")
def decline(
    request_id: int = typer.Argument(..., metavar="ID", help="The request's number (kith team asks)."),
    note: str | None = typer.Option(None, "--note", help="A word for your colleague."),
) -> None:
    """Decline a colleague's request for an introduction (as KITH_MEMBER).

    Example: KITH_MEMBER=bob@firm.example kith team decline 3 --note "we have not spoken in years"
    """
    _answer(request_id, False, note)


@team_app.command("withdraw")
def withdraw(
    request_id: int = typer.Argument(..., metavar="ID", help="The request's number (kith team asks)."),
) -> None:
    """Withdraw a request for an introduction you made (as KITH_MEMBER).

    Example: KITH_MEMBER=ada@firm.example kith team withdraw 3
    """
    from kith.clock import now
    from kith.team.requests import withdraw as withdraw_request

    request = withdraw_request(_settings(), request_id, now())
    console().print(f"Request {request['id']} to {request['to']}: {request['state']}", markup=False)


@team_app.command("share")
def share(
    kind: str = typer.Argument(..., metavar="KIND", help="note or interaction."),
    item_id: int = typer.Argument(..., metavar="ID", help="Its number (kith show NAME --json, kith notes)."),
) -> None:
    """Share one of your notes or interactions with the team (as KITH_MEMBER); the rest stays yours.

    Example: KITH_MEMBER=bob@firm.example kith team share interaction 42
    """
    from kith.clock import now
    from kith.team.sharing import share as share_item

    item = share_item(_settings(), kind, item_id, now())
    console().print(f"Shared with the team: {item['kind']} {item['local_id']} ({item['text']})", markup=False)


@team_app.command("unshare")
def unshare(
    kind: str = typer.Argument(..., metavar="KIND", help="note or interaction."),
    item_id: int = typer.Argument(..., metavar="ID", help="Its number."),
) -> None:
    """Stop sharing a note or an interaction with the team (as KITH_MEMBER).

    Example: KITH_MEMBER=bob@firm.example kith team unshare interaction 42
    """
    from kith.team.sharing import unshare as unshare_item

    unshare_item(_settings(), kind, item_id)
    console().print(f"No longer shared: {kind} {item_id}", markup=False)


@team_app.command("shared")
def shared(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List what the team's members have shared with the team, newest first (as KITH_MEMBER).

    Example: KITH_MEMBER=ada@firm.example kith team shared
    """
    from kith.team.sharing import shared as shared_items

    items = shared_items(_settings())
    if as_json:
        print_json(items)
        return
    out = console()
    if not items:
        out.print("Nothing is shared with the team yet (kith team share note|interaction ID).", markup=False)
    for item in items:
        who = "you" if item["yours"] else item["from"]
        about = ", ".join(p["name"] for p in item["people"])
        out.print(f"- {item['when'][:10]} {who}, about {about}: {item['text']}", markup=False)
