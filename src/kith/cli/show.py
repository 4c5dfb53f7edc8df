"""``kith show NAME``: a person with everything kith knows about them, their timeline first page."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json, quoted
from kith.wording import ago, count


def register(app: typer.Typer) -> None:
    app.command("show")(show)


def show(
    name: str = typer.Argument(..., help="Who: a name, email, LinkedIn URL or #id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(20, "--limit", min=0, help="Interactions to show on the timeline (0: all)."),
    all_mutual: bool = typer.Option(
        False, "--all", help="Everyone who knows them, not only the ten you are closest to."
    ),
) -> None:
    """Show a person with their timeline.

    Example: kith show "Jane Doe"
    """
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.people.profile import person_detail
    from kith.store.db import transaction

    current = now()
    with transaction(write=False) as session:
        person = resolve(session, name, include_me=True)
        tie = None if person.is_me else _ties_of(session, current, person.id).get(person.id)
        detail = person_detail(
            session,
            person.id,
            current,
            tie,
            limit=limit or _everything(session, person.id),
            all_mutual=all_mutual,
        )
    if json_out:
        print_json(detail)
        return
    _print_detail(detail, current, name)


def _ties_of(session, as_of, person_id: int):
    from kith.strength.service import ties

    return ties(session, as_of, person_ids=[person_id])


def _everything(session, person_id: int) -> int:
    from kith.people.listing import contact_stats

    return max(1, contact_stats(session, [person_id]).get(person_id, (0, None))[0])


def _print_detail(detail: dict, current, name: str) -> None:
    from datetime import datetime

    from kith.cli.notes import print_note
    from kith.ledger import owed

    out = console()
    d = detail["person"]
    role = " at ".join(x for x in (d["title"], d["company"]) if x)
    out.print(f"{d['name']} (#{d['id']})" + (f" - {role}" if role else ""), markup=False, style="bold")
    if d["archived_at"]:
        out.print(
            f"  archived on {d['archived_at'][:10]} (kith unarchive {quoted(name)} brings them back)",
            markup=False,
        )
    if d["circle"] is not None:
        out.print(
            f"  strength {round(d['strength'] * 100)} ({d['circle']}): {d['explanation']}", markup=False
        )
    for ident in d["identities"]:
        out.print(f"  {ident['kind']:<9}{ident['value']}", markup=False)
    if d["tags"]:
        out.print(f"  tags     {', '.join(d['tags'])}", markup=False)
    if d["met_via"] or d["how_met"]:
        introduced = f"introduced by {d['met_via']['name']}" if d["met_via"] else None
        out.print(f"  met      {', '.join(x for x in (d['how_met'], introduced) if x)}", markup=False)
    for c in d["connections"]:
        out.print(f"  connected on {c['platform']} {c['connected_on'] or ''}".rstrip(), markup=False)
    for school in d["education"]:
        words = ", ".join(x for x in (school["school"], school["degree"], school["years"]) if x)
        out.print(f"  school   {words}", markup=False)
    for kind in ("birthday", "anniversary"):
        if d[kind]:
            out.print(f"  {kind:<12}{d[kind]['text']}", markup=False)
    last = datetime.fromisoformat(d["last_interaction"]) if d["last_interaction"] else None
    out.print(f"  {count(d['interaction_count'], 'interaction')}, last {ago(last, current)}", markup=False)
    for e in detail["life_events"]:
        out.print(f"  {e['when'][:10]}  {e['kind'].replace('_', ' ')}: {e['summary']}", markup=False)
    for c in detail["commitments"]:
        if c["done_at"]:
            continue
        who = "you promised" if c["owed_by"] == "me" else "they promised"
        due = f" (due {c['due_at'][:10]})" if c["due_at"] else ""
        out.print(f"  {who}: {c['text']}{due}", markup=False)
    if detail["ledger"]:
        b = detail["ledger"]["balance"]
        if b["given"] or b["received"]:  # one phrase: the label says the style and the counts already
            out.print(f"  give/get: {owed(b['given'], b['received'], b['label'])}", markup=False)
    _print_common_ground(out, detail["common_ground"], quoted(name))
    if d["notes"]:
        out.print(f"Notes ({len(d['notes'])}, newest first):", style="bold")
        for n in d["notes"]:
            print_note(out, n)
    timeline = detail["timeline"]
    if timeline:
        out.print("Timeline:", style="bold")
        for i in timeline:
            direction = {"outbound": "you ->", "inbound": "-> you", "mutual": "together"}[i["direction"]]
            others = [p for p in i["people"] if p != d["name"]]
            withs = f" (with {', '.join(others)})" if others else ""
            text = i["summary"] or i["notes"] or ""
            out.print(
                f"  {i['when'][:16].replace('T', ' ')}  {i['kind']:<10}{direction:<9}{text}{withs}",
                markup=False,
            )
        total = detail["timeline_total"]
        if len(timeline) < total:
            out.print(
                f"  showing the latest {len(timeline)} of {count(total, 'interaction')}; "
                f"kith show {quoted(name)} --limit 0 shows them all",
                markup=False,
            )


def _print_common_ground(out, ground: dict | None, who: str) -> None:
    """What you share with them, and who else knows them with your own tie to each (``who``: the name
    as typed, for the command that lists them all)."""
    if ground is None:
        return
    if ground["employers"] or ground["schools"] or ground["tags"]:
        shared = [e["words"] for e in ground["employers"] + ground["schools"]]
        if ground["tags"]:
            shared.append(f"both tagged {', '.join(ground['tags'])}")
        out.print(f"  in common: {'; '.join(shared)}", markup=False)
    if ground["mutual"]:
        out.print("Who else knows them:", style="bold")
        for m in ground["mutual"]:
            yours = f" (yours: {m['circle']})" if m["circle"] else ""
            out.print(f"  {m['name']}{yours}: {m['evidence']}", markup=False)
        if ground.get("mutual_more"):
            out.print(
                f"  and {ground['mutual_more']:,} more (all of them: kith show {who} --all)", markup=False
            )
    if ground.get("not_true"):
        names = ", ".join(r["second"]["name"] for r in ground["not_true"])
        out.print(
            f"Ties you said are not true: {names} (take one back: kith knows NAME NAME --restore)",
            markup=False,
        )
