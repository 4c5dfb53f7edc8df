"""Tie-strength commands: score a log file, explain a score, backtest it and calibrate it."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console, print_json
from kith.wording import count

SPARK_MISSING = (
    '--engine spark needs PySpark: pip install "kith[spark]" (or, in a checkout, uv sync --extra spark)'
)


#: the Spark options ``kith score`` and ``kith edges`` share
MASTER = typer.Option(
    None, "--master", help="With --engine spark: the Spark master (default local[*]: every core here)."
)
CONF = typer.Option(
    None,
    "--conf",
    help="With --engine spark: a Spark setting KEY=VALUE (repeatable), e.g. spark.driver.memory=8g.",
)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
    app.command("edges")(edges)
    app.command("explain")(explain)
    app.command("backtest")(backtest)
    app.command("calibrate")(calibrate)


def score(
    log: str = typer.Argument(
        ...,
        help="An interaction log: time,source,target[,channel,duration_s,directed]. CSV; with --engine spark "
        "also Parquet, a folder or a glob, on any file system Spark reads.",
    ),
    as_of: str = typer.Option(
        None, "--as-of", help="Score at this time (ISO 8601 or UNIX seconds; default: the log's last time)."
    ),
    context: str = typer.Option(
        None, "--context", help="A CSV of person,context rows (employer, class, department...)."
    ),
    out: str = typer.Option(
        None,
        "--out",
        help="Write the scores to this CSV (default: print them). With --engine spark: a folder of part "
        "files, CSV, or Parquet when it ends in .parquet.",
    ),
    pairs: str = typer.Option(
        None, "--pairs", help="A CSV of a,b pairs to score too, even if they never interacted (latent ties)."
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local: this machine (NumPy); spark: Apache Spark, for logs larger than memory "
        '(needs Java 17 and pip install "kith[spark]"), with the same results.',
    ),
    master: str = MASTER,
    conf: list[str] = CONF,
) -> None:
    """Score every pair in an interaction log file (no database needed).

    Writes one row per unordered pair with any interaction: a,b,strength, the components, then counts,
    each side's circle, likely_in_touch (how likely the two are to be in touch again soon, against
    their own rhythm) and usual_gap_days (that rhythm), strongest first.

    Example: kith score interactions.csv --context teams.csv --out scores.csv

    Organisation scale: kith score 'logs/*.parquet' --engine spark --out scores.parquet
    """
    from kith.errors import BadInput
    from kith.strength.logfile import parse_time

    if engine not in ("local", "spark"):
        raise BadInput(f"--engine: {engine!r} is not an engine (use local or spark)")
    when = parse_time(as_of) if as_of is not None else None
    if engine == "spark":
        _score_on_spark(log, out, when, context, pairs, master, conf)
        return
    if master is not None or conf:
        raise BadInput("--master and --conf are settings of --engine spark")
    from kith.strength.logfile import score_log, write_scores

    scores = score_log(
        Path(log),
        as_of=when,
        context=Path(context) if context is not None else None,
        pairs=Path(pairs) if pairs is not None else None,
    )
    if out is None:
        import sys

        write_scores(scores, sys.stdout)
        return
    try:
        write_scores(scores, out)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror}") from exc
    from datetime import UTC, datetime

    at = datetime.fromtimestamp(scores.as_of, UTC)
    console().print(
        f"Scored {count(len(scores.strength), 'pair')} among {count(len(scores.people), 'person')} "
        f"at {at:%Y-%m-%d %H:%M} UTC -> {out}",
        markup=False,
    )


def _score_on_spark(log, out, when, context, pairs, master, conf) -> None:
    from kith.errors import BadInput
    from kith.spark.session import parse_conf

    if out is None:
        raise BadInput("--engine spark writes a folder of scores: give it with --out")
    settings = parse_conf(conf)
    try:
        from kith.spark.job import run
    except ImportError:
        raise BadInput(SPARK_MISSING) from None
    done = run(log, out, as_of=when, context=context, pairs=pairs, master=master or "local[*]", conf=settings)
    console().print(done.summary(), markup=False)


def edges(
    log: str = typer.Argument(
        ...,
        help="An interaction log: time,source,target[,channel,...,interaction,thread]. CSV; with --engine "
        "spark also Parquet, a folder or a glob, on any file system Spark reads.",
    ),
    out: str = typer.Option(
        ...,
        "--out",
        help="Write the edge list here as Parquet: one file, or with --engine spark a folder of part files.",
    ),
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="Only the interactions up to this time (ISO 8601 or UNIX seconds; default: all).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local: this machine (Polars); spark: Apache Spark, for logs larger than memory "
        '(needs Java 17 and pip install "kith[spark]"), with the same edges.',
    ),
    master: str = MASTER,
    conf: list[str] = CONF,
) -> None:
    """Write who knows whom in an interaction log as a Parquet edge list (no database needed).

    Two people are tied by the interactions they took part in together: the rows of one optional
    `interaction` id are one meeting or message, each other row one on its own; meetings and calls weigh
    as calendar meetings, email and messages as threads (one optional `thread` id counts once), scaled
    by their size, as `kith reach` weighs them. One row per tie: person_a, person_b, weight, meetings,
    threads, weak (only threads), strongest first. A team server loads it with
    kith.reach.load.edge_graph.

    Example: kith edges interactions.csv --out edges.parquet

    Organisation scale: kith edges 'logs/*.parquet' --engine spark --out edges.parquet
    """
    from kith.errors import BadInput
    from kith.strength.logfile import parse_time

    if engine not in ("local", "spark"):
        raise BadInput(f"--engine: {engine!r} is not an engine (use local or spark)")
    when = parse_time(as_of) if as_of is not None else None
    if engine == "spark":
        from kith.spark.session import parse_conf

        settings = parse_conf(conf)
        try:
            from kith.spark.job import run_edges
        except ImportError:
            raise BadInput(SPARK_MISSING) from None
        done = run_edges(log, out, as_of=when, master=master or "local[*]", conf=settings)
    else:
        if master is not None or conf:
            raise BadInput("--master and --conf are settings of --engine spark")
        from kith.reach.logedges import EdgeList, read_log_edges, write_edges

        found = read_log_edges(Path(log), as_of=when)
        write_edges(found, out)
        done = EdgeList.of(found, out)
    console().print(done.summary(), markup=False)


def explain(
    name: str = typer.Argument(..., help="The person (a name, email or #id)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Explain your tie strength with a person: the components and a sentence.

    Example: kith explain "Jane Doe"
    """
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.store.db import transaction
    from kith.strength.service import tie

    with transaction(write=False) as session:
        person = resolve(session, name)
        found = tie(session, person.id, now())
        person_name = person.name
    record = found.record()
    if json_out:
        print_json({"name": person_name, **record})
        return
    out = console()
    out.print(f"{person_name}: strength {found.strength:.2f}, circle {found.circle}", markup=False)
    out.print(f"  {found.explanation}", markup=False)
    for component, value in found.components.items():
        bar = "#" * int(round(value * 20))
        out.print(f"  {component:<15} {value:5.2f} {bar}", markup=False)
    if found.usual_gap_days is not None:
        from kith.wording import span

        out.print(f"  {'rhythm':<15} usually in touch every {span(found.usual_gap_days)}", markup=False)


def backtest(
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="The past date to score at (default: the middle of your history, half your interactions before it).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check how well strength at a past date predicted who you were in touch with afterwards.

    Example: kith backtest --as-of 2025-01-01
    """
    from kith.clock import now
    from kith.store.db import transaction
    from kith.strength.backtest import run_backtest
    from kith.when import parse_when

    current = now()
    when = parse_when(as_of, current, past_only=True) if as_of is not None else None
    with transaction(write=False) as session:
        result = run_backtest(session, as_of=when, now=current)
    if json_out:
        print_json(result.record())
        return
    console().print(result.summary(), markup=False)


def calibrate(
    reset: bool = typer.Option(
        False, "--reset", help="Forget calibrated values and go back to the defaults."
    ),
    show: bool = typer.Option(False, "--show", help="Only show the values in use."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Fit the decay half-life and channel weights to your own history (reversible with --reset).

    Example: kith calibrate
    """
    from kith.clock import now
    from kith.store.db import transaction
    from kith.strength import calibrate as calibration

    with transaction(write=reset or not show) as session:
        if reset:
            result = calibration.reset(session)
        elif show:
            result = calibration.current(session)
        else:
            result = calibration.fit(session, now=now())
    if json_out:
        print_json(result.record())
        return
    console().print(result.summary(), markup=False)
