"""Who can introduce you: kith knows (who knows whom, in your words) and kith reach (warm paths)."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("knows")(knows)
    app.command("reach")(reach)


def knows(
    first: str = typer.Argument(..., help="One person (name, email or #id)."),
    second: str = typer.Argument(..., help="The other person."),
    how: str | None = typer.Option(None, "--how", help='How they know each other ("college friends").'),
    not_: bool = typer.Option(
        False, "--not", help="They do not know each other: a tie kith inferred is never proposed again."
    ),
    closeness: float | None = typer.Option(
        None, "--closeness", help="How close they are, from 0 to 1 (the tie's weight; 0.9 when not said)."
    ),
) -> None:
    """Say that two of your people know each other (or, with --not, that they do not).

    Saying so also confirms a tie kith inferred from weak evidence (being copied on the same emails).

    Example: kith knows "Jane Doe" "Tom Lee" --how "worked together at Acme" --closeness 0.7
    """
    from kith.clock import now
    from kith.people.core import resolve
    from kith.reach.graph import state_tie
    from kith.store.db import transaction

    with transaction() as session:
        a, b = resolve(session, first), resolve(session, second)
        state_tie(session, a, b, not not_, how, now(), closeness)
        names = (a.name, b.name)
    said = "do not know" if not_ else "know"
    console().print(f"Noted: {names[0]} and {names[1]} {said} each other", markup=False)


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
    from kith.people.core import resolve
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
            out.print(f"  {colleague['ask']}", markup=False)
