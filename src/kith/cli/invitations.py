"""Invitation commands: invitations (list with advice, add, edit, delete, accept, decline) and policy."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json

invitations_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
)
#: what an accepted invitation leads to (the agenda's follow-up)
FOLLOW_UP_HINT = "next: write to them within a couple of days (kith agenda lists it)"
_PLATFORM = typer.Option(None, "--platform", help="Which one, when they have several pending.")


def register(app: typer.Typer) -> None:
    app.add_typer(invitations_app, name="invitations")
    app.command("policy")(policy)


@invitations_app.callback()
def invitations(
    ctx: typer.Context,
    json_out: bool = typer.Option(
        False, "--json", help="Print JSON: your policy and the invitations, as GET /api/invitations gives it."
    ),
) -> None:
    """List pending invitations with advice under your policy (accept, or not yet) and the reason.

    "Not yet" means: meet them or talk first. When a message says you met ("we met at the meetup"),
    kith offers to log that meeting and accept in one step (accept --log-meeting).
    Subcommands record invitations and your decisions; kith policy sets the rule.

    Example: kith invitations --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from kith.clock import now
    from kith.policy import invitations_view
    from kith.store.db import transaction
    from kith.wording import count

    with transaction(write=False) as session:
        view = invitations_view(session, now())
    if json_out:
        print_json(view)
        return
    advice, rule = view["invitations"], view["policy"]["describe"]
    out = console()
    if not advice:
        out.print("No pending invitations.", markup=False)
        return
    for item in advice:
        sent = f", sent {item['sent_at'][:10]}" if item["sent_at"] else ""
        out.print(
            f"{item['advice'].upper():<8}{item['person']} ({item['platform']}{sent}): {item['reason']}",
            markup=False,
        )
        if item["message"]:
            out.print(f"        message: {item['message']}", markup=False)
        if item["offer_log_meeting"]:
            out.print(
                f"        the message says you met: kith invitations accept {_quote(item['person'])} "
                "--log-meeting",
                markup=False,
            )
    out.print(f"{count(len(advice), 'invitation')} pending; your policy: {rule}", markup=False)


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name


@invitations_app.command("add")
def add(
    name: str = typer.Argument(..., help="Who invited you (a NAME in kith, or a new person's full name)."),
    message: str = typer.Option(None, "--message", help="The note that came with the invitation."),
    when: str = typer.Option(None, "--when", help="When it was sent (default: now)."),
    platform: str = typer.Option("linkedin", "--platform", help="Where the invitation came from."),
) -> None:
    """Record an incoming invitation by hand (a new name adds the person).

    Example: kith invitations add "Sam Lee" --message "We met at PyCon" --when yesterday
    """
    from kith.clock import now
    from kith.people.core import find_or_add
    from kith.policy import add_invitation
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    sent = parse_when(when, current, past_only=True) if when is not None else current
    with transaction() as session:
        person, added = find_or_add(session, name, now=current)
        add_invitation(session, person, when=sent, message=message, platform=platform)
        label = f"{person.name} (#{person.id}{', added as a new person' if added else ''})"
    console().print(f"Recorded an invitation from {label}", markup=False)


@invitations_app.command("edit")
def edit(
    name: str = typer.Argument(..., help="Whose pending invitation."),
    message: str = typer.Option(None, "--message", help="The note that came with it ('' clears it)."),
    when: str = typer.Option(None, "--when", help="When it was sent."),
    platform: str = _PLATFORM,
) -> None:
    """Correct someone's pending invitation: its message or when it was sent.

    Example: kith invitations edit "Sam Lee" --message "We met at PyCon 2026" --when "last tuesday"
    """
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.policy import edit_invitation, pending_invitation
    from kith.store.db import transaction
    from kith.when import parse_when

    sent = parse_when(when, now(), past_only=True) if when is not None else None
    with transaction() as session:
        person = resolve(session, name)
        invitation = pending_invitation(session, person, platform)
        edit_invitation(session, invitation, message=message, when=sent)
        label, on = person.name, invitation.platform
    console().print(f"Updated the invitation from {label} ({on})", markup=False)


@invitations_app.command("delete")
def delete(
    name: str = typer.Argument(..., help="Whose pending invitation."),
    platform: str = _PLATFORM,
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete someone's pending invitation, as if it never came (they stay in kith).

    Example: kith invitations delete "Sam Lee" --yes
    """
    from kith.cli.output import confirm
    from kith.people.lookup import resolve
    from kith.policy import delete_invitation, pending_invitation
    from kith.store.db import transaction

    with transaction() as session:
        person = resolve(session, name)
        invitation = pending_invitation(session, person, platform)
        label = f"the invitation from {person.name} ({invitation.platform})"
        confirm(
            f"Delete {label}?", refusal=f"deleting {label} cannot be undone; add --yes to confirm", yes=yes
        )
        delete_invitation(session, invitation)
    console().print(f"Deleted {label}", markup=False)


def _decide(name: str, decision: str, platform: str | None) -> None:
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.policy import decide_invitation
    from kith.store.db import transaction

    with transaction() as session:
        person = resolve(session, name)
        invitation = decide_invitation(session, person, decision, now=now(), platform=platform)
        label, platform = person.name, invitation.platform
    if decision == "accepted":
        console().print(f"Accepted: {label} is now a connection on {platform}", markup=False)
        console().print(f"  {FOLLOW_UP_HINT}", markup=False)
    else:
        console().print(f"Declined the invitation from {label}", markup=False)


@invitations_app.command("accept")
def accept(
    name: str = typer.Argument(..., help="Whose invitation."),
    platform: str = _PLATFORM,
    log_meeting: bool = typer.Option(
        False,
        "--log-meeting",
        help="Also log the meeting the message mentions (one step: kith undo takes back both).",
    ),
    when: str = typer.Option(
        None, "--when", help="With --log-meeting: when you met (default: when the invitation was sent)."
    ),
    kind: str = typer.Option(
        None, "--kind", help="With --log-meeting: what it was (default: meeting; coffee, event, lunch...)."
    ),
) -> None:
    """Accept someone's pending invitation (records the connection; the agenda then says to follow up).

    With --log-meeting, first log the meeting their message mentions ("we met at the meetup").

    Example: kith invitations accept "Sam Lee" --log-meeting --when "last thursday"
    """
    if not log_meeting:
        if when is not None or kind is not None:
            from kith.errors import BadInput

            raise BadInput("--when and --kind go with --log-meeting")
        _decide(name, "accepted", platform)
        return
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.policy import MEETING_KIND, accept_after_meeting
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    met = parse_when(when, current, past_only=True) if when is not None else None
    with transaction() as session:
        person = resolve(session, name)
        done = accept_after_meeting(
            session, person, now=current, when=met, kind=kind or MEETING_KIND, platform=platform
        )
        label, on = person.name, done.invitation.platform
        meeting = f"{done.meeting.kind} on {done.meeting.occurred_at:%Y-%m-%d}"
    out = console()
    out.print(f"Logged the {meeting} with {label} and accepted: now a connection on {on}", markup=False)
    out.print(f"  {FOLLOW_UP_HINT}; kith undo takes back both", markup=False)


@invitations_app.command("decline")
def decline(name: str = typer.Argument(..., help="Whose invitation."), platform: str = _PLATFORM) -> None:
    """Decline someone's pending invitation.

    Example: kith invitations decline "Sam Lee"
    """
    _decide(name, "declined", platform)


def policy(
    met_in_person: bool = typer.Option(
        None,
        "--met-in-person/--any",
        help="--met-in-person: having met in person is enough to accept; "
        "--any: meeting in person counts as one conversation like any other.",
    ),
    conversations: int = typer.Option(
        None, "--conversations", help="Two-way conversations that are enough to accept (default 2)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show or set your policy for accepting invitations.

    A two-way conversation is a meeting, video or phone call, or a written message answered by the other
    side within 14 days; likes and comments never count.

    Example: kith policy --met-in-person --conversations 3
    """
    from dataclasses import asdict

    from kith.policy import get_policy, set_policy
    from kith.store.db import transaction

    with transaction(write=met_in_person is not None or conversations is not None) as session:
        if met_in_person is None and conversations is None:
            current = get_policy(session)
        else:
            current = set_policy(session, met_in_person=met_in_person, conversations=conversations)
    if json_out:
        print_json(asdict(current))
        return
    console().print(f"Your policy: {current.describe()}.", markup=False)
