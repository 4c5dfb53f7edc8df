"""The job search's report: the weekly balance of conversations against online applications, and the
funnel from targets to offers (``kith job report``, ``GET /api/job/report``, the ``/job`` page).

The writing's advice: the network is a job seeker's advantage, job boards help employers more. So each
week (Monday to Sunday, by the clock's week) counts the conversations had with people at the target
companies (``kith.job.board``: calls or deeper) against the applications sent, and when applications
outnumber conversations the advice says so: "3 applications, 0 conversations this week: call someone at
a target company".

The balance counts only what happened: an interview booked ahead is no conversation yet, and an
application is never dated ahead.

The funnel counts the targets that got at least as far as each stage (``board.STAGES``): targets, warm
paths, conversations, referrals (asked or received), interviews (held or booked: the company asked to
meet), offers; so each stage holds no more than the one before. A target that skipped a stage (an interview from an online application, with no
referral recorded) counts in it all the same: the funnel says how far each target got, not which steps
were recorded on the way.

``job_facts`` is what the agenda reads (``kith.agenda.reach``): each active target's next step and this
week's balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.job.board import STAGES, job_board
from kith.store.schema import JobTarget
from kith.wording import count

#: the weeks ``kith job report`` shows (the chart's), the current one last
WEEKS = 8
FUNNEL_RULE = (
    "each stage counts the target companies that got at least that far; a referral asked or received "
    "counts, an interview booked counts as the interview stage, and a stage skipped on the way counts "
    "as passed"
)


def week_start(as_of: datetime) -> datetime:
    """The Monday (midnight, UTC) that begins ``as_of``'s week."""
    day = as_of.astimezone(UTC).date()
    return datetime.combine(day - timedelta(days=day.weekday()), time(0), tzinfo=UTC)


def advice(applications: int, conversations: int) -> str | None:
    """What to do when online applications outnumber conversations; None when they do not."""
    if applications <= conversations:
        return None
    return (
        f"{count(applications, 'application')}, {count(conversations, 'conversation')} this week: "
        "call someone at a target company"
    )


def weekly_balance(
    session: Session, as_of: datetime, *, board: dict | None = None, weeks: int = WEEKS
) -> list[dict]:
    """Conversations and applications in each of the last ``weeks`` weeks, oldest first, each with its
    advice (None when the balance is right)."""
    board = board if board is not None else job_board(session, as_of)
    # what happened only: the board's conversations and applications are up to ``as_of``
    talks = {c["id"]: datetime.fromisoformat(c["at"]) for t in board["targets"] for c in t["conversations"]}
    sent = [datetime.fromisoformat(a["occurred_at"]) for t in board["targets"] for a in t["applications"]]
    current = week_start(as_of)
    answer = []
    for back in range(weeks - 1, -1, -1):
        start = current - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        conversations = sum(start <= at < end for at in talks.values())
        applications = sum(start <= at < end for at in sent)
        answer.append(
            {
                "week": start.date().isoformat(),
                "conversations": conversations,
                "applications": applications,
                "advice": advice(applications, conversations),
            }
        )
    return answer


def funnel(board: dict) -> list[dict]:
    """How many targets got at least as far as each stage."""
    reached = [STAGES.index(t["stage"]) for t in board["targets"]]
    return [{"stage": stage, "count": sum(r >= i for r in reached)} for i, stage in enumerate(STAGES)]


def job_report(
    session: Session, as_of: datetime, *, mine: dict | None = None, board: dict | None = None
) -> dict:
    """The read model of ``kith job report --json``: this week's balance, the last weeks and the funnel
    (``board``: the job board at ``as_of`` when the caller has it already)."""
    board = job_board(session, as_of, mine=mine) if board is None else board
    weeks = weekly_balance(session, as_of, board=board)
    return {
        "week": weeks[-1],
        "weeks": weeks,
        "funnel": funnel(board),
        "funnel_rule": FUNNEL_RULE,
    }


@dataclass(frozen=True)
class NextStep:
    """An active target's next step, for the agenda."""

    target_id: int
    company: str
    text: str
    why: str
    person_id: int | None
    person: str | None
    #: when the target's current state began: its latest step, conversation or introduction
    since: datetime
    #: the user's promise that is this same step (following up an introduction asked), if any
    promise_id: int | None = None
    #: the upcoming interview to prepare for (its step number and time), when that is the step
    interview_id: int | None = None
    interview_at: datetime | None = None
    #: ``text`` without the person's name, for where the name is shown beside it
    beside_name: str = ""


@dataclass(frozen=True)
class JobFacts:
    """What the agenda reads of the job search: each active target's next step and the week's balance."""

    steps: list[NextStep]
    week: dict


def job_facts(session: Session, as_of: datetime, *, mine: dict | None = None) -> JobFacts | None:
    """The job search's agenda facts; None when no company is targeted."""
    if session.scalar(select(JobTarget.id).where(JobTarget.state == "active").limit(1)) is None:
        return None
    board = job_board(session, as_of, mine=mine)
    steps = []
    for t in board["targets"]:
        if t["state"] != "active":
            continue
        times = [t["added_at"]] + [c["at"] for c in t["conversations"]]
        times += [
            e["occurred_at"]
            for kind in ("applications", "referrals_asked", "referrals", "interviews", "offers")
            for e in t[kind]
        ]
        times += [i["made_at"] or i["asked_at"] for i in t["intros"] if i["made_at"] or i["asked_at"]]
        person = t["next_person"]
        interview = t["next_interview"]
        steps.append(
            NextStep(
                t["id"],
                t["company"],
                t["next_step"],
                t["next_step_why"],
                person["id"] if person else None,
                person["name"] if person else None,
                max(datetime.fromisoformat(x) for x in times),
                t["next_promise"],
                interview["id"] if interview else None,
                datetime.fromisoformat(interview["occurred_at"]) if interview else None,
                t["next_step_beside_name"],
            )
        )
    return JobFacts(steps, weekly_balance(session, as_of, board=board, weeks=1)[-1])
