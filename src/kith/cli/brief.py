"""The ``kith brief`` command: one page on a person before a meeting."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json
from kith.wording import ago


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)


def brief(
    name: str = typer.Argument(..., help="Who you are meeting: a name, email, LinkedIn URL or #id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print a one-page brief on a person before you meet them.

    How you met, their birthday and anniversary, your latest notes, roles and job changes, last
    interactions, promises both ways, the give/get balance, shared context, mutual contacts, and what to
    ask or offer (a birthday in the next two weeks among them).

    Example: kith brief "Jane Doe"
    """
    from kith.brief import meeting_brief
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    current = now()
    with transaction(write=False) as session:
        person = resolve(session, name)
        data = meeting_brief(session, person, current)
    if json_out:
        print_json(data)
        return
    for line in brief_lines(data, current):
        console().print(line, markup=False)


def _first_line(text: str, width: int = 100) -> str:
    """A note on one line of the brief: its first line, cut with an ellipsis when longer."""
    first = text.splitlines()[0] if text else ""
    more = first != text.strip() or len(first) > width
    return first[:width] + ("…" if more else "")


def brief_lines(d: dict, current) -> list[str]:
    from datetime import datetime

    from kith.ledger import describe_balance, owed

    role = " at ".join(x for x in (d["title"], d["company"]) if x)
    lines = [f"Brief: {d['name']}" + (f", {role}" if role else "")]
    met = [
        x for x in (d["how_met"], f"introduced by {d['introduced_by']}" if d["introduced_by"] else None) if x
    ]
    for c in d["connections"]:
        met.append(f"connected on {c['platform']}" + (f" {c['connected_on']}" if c["connected_on"] else ""))
    if d["first_interaction"]:
        met.append(f"first contact {d['first_interaction'][:10]}")
    lines.append("How you met: " + ("; ".join(met) if met else "not recorded"))
    for kind in ("birthday", "anniversary"):
        if d[kind]:
            lines.append(f"{kind.capitalize()}: {d[kind]['text']}")
    if d["tie"]:
        lines.append(f"Tie: {d['tie']['circle']} ({d['tie']['strength']:.2f}): {d['tie']['explanation']}")
    past = [r for r in d["roles"] if not r["current"]]
    if past:
        lines.append(
            "Before: "
            + "; ".join(
                " at ".join(x for x in (r["title"], r["company"]) if x)
                + (f" (to {r['ended_on']})" if r["ended_on"] else "")
                for r in past
            )
        )
    for change in d["job_changes"][:3]:
        lines.append(f"Job change {change['when'][:10]}: {change['summary']}")
    if d["notes"]:
        lines.append("Latest notes:")
        for n in d["notes"]:
            lines.append(f"  {n['when'][:10]}  {_first_line(n['text'])}")
    lines.append("Last interactions:" if d["last_interactions"] else "Last interactions: none logged")
    for i in d["last_interactions"]:
        when = datetime.fromisoformat(i["when"])
        text = i["summary"] or i["notes"] or ""
        lines.append(f"  {i['when'][:10]} ({ago(when, current)})  {i['kind']}  {text}".rstrip())
    for label, items in (("You promised", d["you_owe"]), ("They promised", d["they_owe"])):
        for c in items:
            due = f" (due {c['due_at'][:10]}{', overdue' if c['overdue'] else ''})" if c["due_at"] else ""
            lines.append(f"{label}: {c['text']}{due}")
    if not d["you_owe"] and not d["they_owe"]:
        lines.append("Promises: none open either way")
    if d["ledger"]:
        led = d["ledger"]
        said = describe_balance(led["given"], led["received"], led["style"], led["why"])
        lines.append("Give/get: " + owed(led["given"], led["received"], said))
    lines.append(f"Common ground: {d['common_line']}")
    mutual = "; ".join(f"{m['name']} ({m['why']})" for m in d["mutual"])
    lines.append("Mutual contacts: " + (mutual or "none found"))
    if d["ask_or_offer"]:  # no heading over nothing
        lines.append("Ask or offer:")
        for s in d["ask_or_offer"]:
            lines.append(f"  {s['kind']}: {s['text']}")
    return lines
