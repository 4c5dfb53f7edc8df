"""Who can introduce you: kith knows (who knows whom, in your words) and kith reach (warm paths)."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("knows")(knows)
    app.command("reach")(reach)


def knows(
    first: str | None = typer.Argument(None, help="One person (name, email or #id)."),
    second: str | None = typer.Argument(None, help="The other person."),
    how: str | None = typer.Option(None, "--how", help='How they know each other ("college friends").'),
    not_: bool = typer.Option(
        False, "--not", help="They do not know each other: a tie kith inferred is never proposed again."
    ),
    restore: bool = typer.Option(
        False, "--restore", help="Take back an earlier --not: the tie is again what the evidence says."
    ),
    rejected: bool = typer.Option(
        False, "--rejected", help="List the ties you said are not true (with a NAME: theirs only)."
    ),
    closeness: float | None = typer.Option(
        None, "--closeness", help="How close they are, from 0 to 1 (the tie's weight; 0.9 when not said)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (with --rejected)."),
) -> None:
    """Say that two of your people know each other (or, with --not, that they do not).

    Saying so also confirms a tie kith inferred from weak evidence (being copied on the same emails).
    A tie said not true is never proposed again until you take it back with --restore; --rejected
    lists them.

    Example: kith knows "Jane Doe" "Tom Lee" --how "worked together at Acme" --closeness 0.7

    Example: kith knows "Jane Doe" "Tom Lee" --restore   (after --not; kith knows --rejected lists them)
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.people.lookup import resolve
    from kith.reach.stated import state_tie
    from kith.store.db import transaction

    if rejected:
        if second is not None or not_ or restore or how is not None or closeness is not None:
            raise BadInput("--rejected lists the ties you said are not true; it takes at most one NAME")
        _print_rejected(first, json_out)
        return
    if json_out:
        raise BadInput("--json goes with --rejected")
    if first is None or second is None:
        raise BadInput(
            'say two people, e.g. kith knows "Jane Doe" "Tom Lee" (or list: kith knows --rejected)'
        )
    if restore:
        from kith.reach.stated import restore_tie

        if not_ or how is not None or closeness is not None:
            raise BadInput("--restore takes back a --not; it goes with nothing else")
        with transaction() as session:
            a, b = resolve(session, first), resolve(session, second)
            restore_tie(session, a, b)
            names = (a.name, b.name)
        console().print(
            f"Taken back: {names[0]} and {names[1]} may know each other again, as the evidence says",
            markup=False,
        )
        return
    if how is not None and not_:
        raise BadInput("--how says how they know each other; it cannot go with --not")
    if closeness is not None and not_:
        raise BadInput("--closeness says how close they are; it cannot go with --not")
    with transaction() as session:
        a, b = resolve(session, first), resolve(session, second)
        state_tie(session, a, b, not not_, how, now(), closeness)
        names = (a.name, b.name)
    said = "do not know" if not_ else "know"
    console().print(f"Noted: {names[0]} and {names[1]} {said} each other", markup=False)


def _print_rejected(name: str | None, json_out: bool) -> None:
    from kith.people.lookup import resolve
    from kith.reach.stated import rejected_ties
    from kith.store.db import transaction

    with transaction(write=False) as session:
        person_id = resolve(session, name).id if name is not None else None
        listed = rejected_ties(session, person_id)
    if json_out:
        print_json(listed)
        return
    out = console()
    if not listed:
        out.print("No ties said not true.", markup=False)
        return
    for r in listed:
        out.print(
            f"{r['first']['name']} and {r['second']['name']} do not know each other "
            f"(said {r['stated_at'][:10]})",
            markup=False,
        )
    out.print("Take one back: kith knows NAME NAME --restore", markup=False)


def reach(
    name: str | None = typer.Argument(None, help="The person you want to meet (name, email or #id)."),
    company: str | None = typer.Option(None, "--company", help="Someone at this company now."),
    school: str | None = typer.Option(None, "--school", help="Someone who went to this school."),
    title: str | None = typer.Option(
        None, "--title", help='Someone whose current title holds all these words, whole ("vp sales").'
    ),
    tag: str | None = typer.Option(None, "--tag", help="Someone with this tag."),
    limit: int = typer.Option(5, "--limit", help="How many paths at most (one per first person)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show who can introduce you to a person, or to someone by company, school, title or tag, and how.

    Paths of up to three hops (you, a friend, perhaps their friend, the person), each with its reason;
    ranked by your tie with the first person, the ties after it, how recent your contact is and your
    give/get balance with them. With no path, the nearest people instead (for a company: people who
    used to work there, who can introduce you to them, and people you know at organisations where two
    or more of its people have also worked).

    On a team's database (KITH_MEMBER=EMAIL), a company also gets the colleagues who know someone
    there, strongest tie first (only names, titles and each tie's strength are shared).

    Example: kith reach --company Acme   (or --school "Ecole Polytechnique", or --title "vp sales")
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.people.lookup import resolve
    from kith.reach.paths import reach as warm_paths
    from kith.settings import get_settings
    from kith.store.db import transaction

    if sum(x is not None for x in (name, company, school, title, tag)) != 1:
        raise BadInput("say whom to reach: a NAME, --company, --school, --title or --tag (one of them)")
    if limit < 1:
        raise BadInput("--limit must be at least 1")
    settings = get_settings()
    with transaction(settings, write=False) as session:
        person_id = resolve(session, name).id if name is not None else None
        answer = warm_paths(
            session,
            now(),
            person_id=person_id,
            company=company,
            school=school,
            title=title,
            tag=tag,
            limit=limit,
        )
    if settings.schema is not None:  # a member of a team: the colleagues who know someone there too
        from kith.team.reach import with_team

        answer = with_team(settings, answer, now())
    if json_out:
        print_json(answer)
        return
    if answer["candidates"]:  # an ambiguous company or school, said as an ambiguous NAME is
        raise BadInput(answer["message"])
    out = console()
    out.print(answer["message"], markup=False)
    if answer["suggestions"]:
        meant = ", ".join(s["label"] for s in answer["suggestions"])
        out.print(f"Did you mean {meant}?", markup=False)
    unknown = {t["id"] for t in answer["targets"]} - {k["id"] for k in answer["known"]}
    if not answer["paths"] and unknown:
        out.print("If someone knows them, say so with: kith knows NAME NAME", markup=False)
    if answer["known"] and answer["paths"]:
        known = ", ".join(f"{k['name']} ({k['circle']})" for k in answer["known"])
        out.print(f"You know {known} yourself.", markup=False)
    for number, path in enumerate(answer["paths"], 1):
        chain = " → ".join(["you"] + [p["name"] for p in path["people"]])
        out.print(f"\n{number}. {chain}", markup=False)
        out.print(f"   Why: {path['reason']}", markup=False)
        if path.get("matched"):
            out.print(f"   {path['people'][-1]['name']}: {path['matched']}", markup=False)
        if path["first"].get("give_get"):
            out.print(
                f"   Give/get with {path['first']['name']}: {path['first']['give_get']['label']}",
                markup=False,
            )
        out.print(f"   {path['ask']}", markup=False)
        if path.get("intro"):
            out.print(f"   Introduction: {path['intro']['words']}", markup=False)
    if answer["paths"]:
        out.print(f"\nRanked: {answer['rule']}.", markup=False)
    for near in answer["nearest"]:
        out.print(f"\n- {near['reason']}", markup=False)
        out.print(f"  {near['ask']}", markup=False)
    if "team" in answer:
        out.print(f"\nThrough your team: {answer['team']['message']}", markup=False)
        for colleague in answer["team"]["colleagues"]:
            out.print(f"- {colleague['reason']}", markup=False)
            asked = colleague["asked"]
            if asked:
                out.print(f"  You asked on {asked['asked_at'][:10]}: {asked['state']}", markup=False)
            if not asked or asked["state"] == "declined":
                person = colleague["knows"][0]
                out.print(
                    f"  {colleague['ask']} (kith team ask {colleague['email']} {person['id']})", markup=False
                )
