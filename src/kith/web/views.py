"""Page data that more than one page needs: a person's read model with their strength, the agenda shared
between requests, the person page, the agenda's settings, the report's charts, the page that asks before a deletion, and
reading names and dates from forms. Routes import from here, never from each other."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith import agenda
from kith.people.profile import person_detail
from kith.web.forms import FormError, refused
from kith.web.pages import FIGURES, as_of, compile_templates, page, shared, ties, who_knows_whom
from kith.web.snapshot import Snapshot
from kith.web.workspace import MEMBER, workspace


def person_view(
    request: Request, session: Session, person_id: int, timeline_page: int = 1, all_mutual: bool = False
) -> dict:
    """A person's read model (``kith.people.profile.person_detail``) with their tie from the shared
    strength figures: the person page and ``GET /api/people/{id}``, and what a change to them returns.
    ``all_mutual``: everyone who knows them (``?all=1``), not only the first ten."""
    now = as_of()
    everyone = ties(request, session, now)
    return person_detail(
        session,
        person_id,
        now,
        everyone.get(person_id),
        page=timeline_page,
        stats=contact_stats_of(request, session),
        known=who_knows_whom(request, session, now),
        mine=everyone,
        all_mutual=all_mutual,
    )


#: what the person page says after a change (``?saved=``)
NOTICES = {
    "1": "Saved.",
    "logged": "Logged: it is on the timeline below.",
    "added": "Added.",
    "merged": "Merged: everything about the other person is here now.",
    "archived": "Archived: hidden from your lists, the agenda and the counts; nothing is deleted.",
    "unarchived": "Unarchived: back in your lists, the agenda and the counts.",
    "deleted": "Deleted.",
    "cancelled": "Promise cancelled.",
    "tie": "Saved: who knows whom.",
    "restored": "Restored: the tie is again what the evidence says.",
    # sharing a note or an interaction with the team from the person page (``routes.team``)
    "shared": "Shared with the team: your colleagues read it under Shared with the team until you unshare it.",
    "unshared": "Unshared: your colleagues no longer see it.",
}


def person_page(
    request: Request,
    session: Session,
    person_id: int,
    timeline_page: int = 1,
    form_error: FormError | None = None,
) -> HTMLResponse:
    """The person page; with ``form_error``, one of its forms refused, said beside it (422)."""
    from kith.store.schema import FAVOUR_KINDS

    every = request.query_params.get("all") in ("1", "true")
    data = person_view(request, session, person_id, timeline_page, all_mutual=every)
    data["saved"] = None if form_error else NOTICES.get(request.query_params.get("saved", ""))
    data["favour_kinds"] = FAVOUR_KINDS
    data["form_error"] = form_error
    data["shared"] = shared_items(request, session)
    return refused(page(request, "person.html", data), form_error)


#: what a deletion's confirmation adds for an item the member shared with the team
SHARED_GOES = "Your colleagues read it now (it is shared with the team); deleted, it is shared no more."


def shared_items(request: Request, session: Session) -> frozenset[tuple[str, int]]:
    """Which of the member's notes and interactions they shared with the team, as (kind, id): marked on
    their pages, each with Unshare. None outside team mode."""
    member = request.scope.get("state", {}).get(MEMBER)
    if member is None:
        return frozenset()
    from kith.team.sharing import shared_by

    return shared_by(session, member.id)


def is_shared(request: Request, session: Session, kind: str, item_id: int) -> bool:
    """Whether the member shared their ``kind`` (note or interaction) ``item_id`` with the team."""
    return (kind, item_id) in shared_items(request, session)


def contact_stats_of(request: Request, session: Session) -> dict[int, tuple[int, datetime | None]]:
    """Everyone's interaction count and last contact (``listing.contact_stats``), shared between requests
    until the data changes."""
    return shared(request, session, "contact_stats", as_of())


def _agenda_at(now: datetime) -> Callable[[Session], agenda.Agenda]:
    return lambda session: agenda.build_agenda(session, now)


def agenda_of(request: Request, session: Session, now: datetime) -> agenda.Agenda:
    """The agenda, shared between requests until the data changes (marks included)."""
    return workspace(request).snapshot.get(session, "agenda", _agenda_at(now))


def agenda_items(request: Request, session: Session, now: datetime) -> list[dict] | None:
    """This week's items as records for the dashboard: the last computed agenda at once, even if the
    data changed since (it is rebuilt in the background); None while the first is being built."""
    snapshot = workspace(request).snapshot
    built = snapshot.get_or_refresh(session, "agenda", _agenda_at(now))
    return None if built is None else [item.record() for item in built.week]


def prepare(snapshot: Snapshot) -> None:
    """Compute the figures most pages share (``pages.FIGURES``), then the agenda (seconds on a large
    network), in this thread, matplotlib imported and the pages' templates compiled first: what a
    server does for a kith before its pages ask, so that no page waits for them (``kith serve``: as it
    starts; a team's: for each member, ``kith.web.workspace``)."""
    from kith import charts

    charts.load()  # the dashboard's chart: matplotlib's import, once per process
    compile_templates()  # compiled by the first call of a process; later calls find them cached
    at = as_of()
    snapshot.prepare([*((name, how(at)) for name, how in FIGURES.items()), ("agenda", _agenda_at(at))])
    # the figures live until the data changes: the garbage collector's full passes leave them out from
    # now on (with ten members' figures held, one pass took a quarter of a second, and every request
    # of the process waited for it); a figure replaced later is freed as usual, by its reference count
    gc.freeze()


def settings_record(session: Session) -> dict:
    rules = agenda.get_rules(session)
    return {"size": rules.size, "follow_up_days": rules.follow_up_days, "cadences": rules.cadences}


#: matplotlib's pyplot is not thread-safe; the server answers requests on several threads
_draw_lock = threading.Lock()


@lru_cache(maxsize=16)
def _charts(report_json: str) -> dict[str, str]:
    from kith import charts

    report = json.loads(report_json)
    with _draw_lock:
        drawn = {
            "circles": charts.circles_svg(report),
            "channels": charts.channels_svg(report),
            "trend": charts.trend_svg(report),
        }
    return {name: inline_svg(svg) for name, svg in drawn.items()}


def inline_svg(svg: str) -> str:
    """An SVG document as an element to place in a page (no XML prologue or doctype)."""
    return svg[svg.find("<svg") :]


def report_charts(report: dict) -> dict[str, str]:
    return _charts(json.dumps(report, sort_keys=True, default=str))


def network_chart(picture: dict) -> dict[str, str]:
    """The network picture as two inline SVGs, for a wide screen and for a phone, drawn once per picture
    (the picture is shared per data version, so its drawings are kept beside it)."""
    from kith import charts

    drawn = picture.get("_svg")
    if drawn is None:
        with _draw_lock:
            drawn = picture["_svg"] = {
                "wide": inline_svg(charts.network_svg(picture)),
                "narrow": inline_svg(charts.network_svg(picture, narrow=True)),
            }
    return drawn


def network_legend(record: dict) -> dict:
    """What the page's text says beside the picture that the record does not: the named groups' colours
    (as drawn) and the smaller groups in words."""
    from kith import charts
    from kith.reach.picture import LISTED_GROUPS, smaller_groups_words

    return {
        "colours": [charts.group_colour(n, LISTED_GROUPS) for n in range(len(record["groups"]))],
        "smaller": smaller_groups_words(record["smaller_groups"])
        if record["smaller_groups"]["groups"]
        else "",
        "grey": charts.SMALLER_GROUP_COLOUR,
        "light": charts.NO_GROUP_COLOUR,
        "bridge": charts.BRIDGE_COLOUR,
    }


def circles_chart(circles: dict[str, int], headline: str) -> str:
    """The circles bar chart alone (the dashboard's)."""
    return _circle_chart(json.dumps({"circles": circles, "headline": headline}))


@lru_cache(maxsize=64)
def _circle_chart(report_json: str) -> str:
    from kith import charts

    with _draw_lock:
        return inline_svg(charts.circles_svg(json.loads(report_json)))


def job_funnel_chart(report: dict) -> str:
    """The job search's funnel chart (``kith.job.charts``) as an element to place in the ``/job`` page."""
    return _job_funnel(json.dumps(report["funnel"]))


@lru_cache(maxsize=16)
def _job_funnel(funnel_json: str) -> str:
    from kith.job import charts

    with _draw_lock:
        return inline_svg(charts.funnel_svg({"funnel": json.loads(funnel_json)}))


def split_names(text: str) -> list[str]:
    """Names typed in one box, separated by commas, semicolons or new lines."""
    return [n.strip() for n in text.replace(";", ",").replace("\n", ",").split(",") if n.strip()]


def typed_time(text: str | None, now: datetime, *, shown: str = "") -> datetime | None:
    """The time a form's date field says (past only), or None when it is blank or still shows ``shown``
    (the stored date as the form showed it: unchanged, so the stored time of day is kept)."""
    from kith.when import parse_when

    if not text or not text.strip() or text.strip() == shown:
        return None
    return parse_when(text, now, past_only=True)


def confirmation(
    request: Request,
    *,
    title: str,
    question: str,
    action: str,
    button: str,
    back: str,
    consequences: list[str] | tuple[str, ...] = (),
    fields: dict[str, str] | None = None,
    instead: tuple[str, str] | None = None,
    keep: str = "Cancel",
) -> HTMLResponse:
    """The page that asks before a deletion or a merge: ``question``, what will happen, and one form
    posting ``fields`` to ``action`` (nothing is changed until it is sent; ``back`` cancels, and
    ``instead``, a link and its words, offers the other way round; ``keep`` is what the ``back`` link
    says, when "Cancel" would read as the action itself)."""
    return page(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": list(consequences),
            "action": action,
            "button": button,
            "back": back,
            "fields": fields or {},
            "instead": instead,
            "keep": keep,
        },
    )
