"""What every route shares: the per-request database session, the clock, and rendering a view's data
as an HTML page (Jinja2, autoescaped) or as JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, pass_context
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.templating import Jinja2Templates

from kith.clock import now
from kith.store.db import transaction
from kith.web.forms import typed
from kith.web.security import SAFE_METHODS, form_token
from kith.web.workspace import MEMBER, workspace
from kith.wording import ago, count, number, plural

TEMPLATES_DIR = Path(__file__).parent / "templates"


class NavItem(NamedTuple):
    path: str
    label: str


#: the navigation, in the order the pages are shown
NAV = (
    NavItem("/", "Dashboard"),
    NavItem("/agenda", "Agenda"),
    NavItem("/people", "People"),
    NavItem("/log", "Log"),
    NavItem("/import", "Import"),
    NavItem("/ledger", "Ledger"),
    NavItem("/invitations", "Invitations"),
    NavItem("/friends", "Friends"),
    NavItem("/reach", "Reach"),
    NavItem("/intros", "Intros"),
    NavItem("/job", "Job"),
    NavItem("/network", "Network"),
    NavItem("/peec", "PEEC"),
    NavItem("/report", "Report"),
    NavItem("/settings", "Settings"),
)
STATIC_DIR = Path(__file__).parent / "static"


def _when(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime(fmt)


@pass_context
def _ago(context, value: datetime | str | None) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return ago(value, context.get("now") or now())  # a page's rows share the time it was rendered


#: what ``getattr`` finds on a plain dict (its methods): every other name is one of its keys
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja2's environment, with ``a.b`` on a plain dict (what every view returns) looked up as the key
    first. Jinja tries the attribute first and reads the key after the ``AttributeError``; the result is
    the same (a dict's attributes are its methods, still found first), but raising that error for every
    field shown was a tenth of a page's cost."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _strength_bar(value: float | None) -> Markup:
    """A strength (0 to 1) as a meter and its percentage; nothing for None. A filter rather than a
    macro: the people list shows one per row, and a macro call costs many times this."""
    if value is None:
        return Markup("")
    number = float(value)  # a number, so nothing in it needs escaping
    pct = round(number * 100)
    return Markup(
        f'<meter min="0" max="1" value="{number}" title="{pct}%">{pct}%</meter> <span class="num">{pct}</span>'
    )


def _environment() -> Environment:
    env = _Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, auto_reload=False)
    env.filters["when"] = _when
    env.filters["ago"] = _ago
    env.filters["strength_bar"] = _strength_bar
    env.filters["number"] = number
    env.filters["count"] = count
    env.filters["plural"] = lambda n, noun: plural(noun, n)
    env.filters["pct"] = lambda v: "" if v is None else f"{round(float(v) * 100)}"
    env.globals["typed"] = typed
    return env


templates = Jinja2Templates(env=_environment())


def compile_templates() -> None:
    """Compile every page's template now (each is compiled once per process, when first shown: a
    quarter of a second for the person page's on a slow machine), so that no first visit waits for it."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)


def db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on any error.

    Routes take it as ``Depends(db, scope="function")`` so that the commit happens before the response
    is sent: with FastAPI's default scope it ran after, and the page a POST redirects to could be read
    before the write it shows was committed. A GET or HEAD only reads, so it never waits for a writer (the
    shared figures it may refresh write only when nobody else is writing, see ``kith.strength.cache``);
    any other method writes, and waits its turn."""
    with transaction(workspace(request).settings, write=request.method not in SAFE_METHODS) as session:
        request.state.session = session  # for ``page``: the change a page may offer to undo
        yield session
    if request.method not in SAFE_METHODS:
        workspace(request).snapshot.clear()


def _ties_at(now: datetime) -> Callable[[Session], Any]:
    from kith.strength.service import ties

    return lambda session: ties(session, now)


def _who_knows_whom_at(now: datetime) -> Callable[[Session], Any]:
    from kith.reach.load import load_graph

    return lambda session: load_graph(session, now)


def _contacts_at(now: datetime) -> Callable[[Session], Any]:
    from kith.reach.contact import contacts

    return contacts


def _contact_stats_at(now: datetime) -> Callable[[Session], Any]:
    from kith.people.listing import contact_stats

    return contact_stats


#: the figures of the whole network that most pages share (``kith.web.snapshot``), by name: how each is
#: computed at a time. Pages ask for them by name; a server computes them before anyone asks
#: (``kith.web.views.prepare``).
FIGURES: dict[str, Callable[[datetime], Callable[[Session], Any]]] = {
    "ties": _ties_at,
    "contact_stats": _contact_stats_at,
    "who-knows-whom": _who_knows_whom_at,
    "contacts": _contacts_at,
}


def shared(request: Request, session: Session, name: str, now: datetime) -> Any:
    """The shared figure ``name`` (one of ``FIGURES``) for the data as it is now."""
    return workspace(request).snapshot.get(session, name, FIGURES[name](now))


def ties(request: Request, session: Session, now: datetime) -> dict[int, Any]:
    """Every tie from the strength service (shared between requests)."""
    return shared(request, session, "ties", now)


def who_knows_whom(request: Request, session: Session, now: datetime) -> Any:
    """The who-knows-whom graph (``kith.reach.load.Graph``), loaded once per data version and shared."""
    return shared(request, session, "who-knows-whom", now)


def contacts(request: Request, session: Session) -> Any:
    """Everyone's name and who the user has had two-way contact with (``kith.reach.contact.Contacts``),
    read once per data version and shared: what every reach question reads of them."""
    return shared(request, session, "contacts", now())


def as_of() -> datetime:
    """The time a request is answered at (``KITH_NOW`` honoured, like the CLI)."""
    return now()


def page(request: Request, template: str, data: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render ``data`` (a view's result) with ``template`` inside the common layout."""
    context = {
        **data,
        "nav": NAV,
        "csrf_token": form_token(request),
        "path": request.url.path,
        "now": now(),
        "undo_offer": undo_offer(request),
        "member": request.scope.get("state", {}).get(MEMBER),
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code)


#: query parameters of the page a form redirects to after a change (``?saved=1``, ``?logged=ID``...)
CHANGED = ("saved", "logged", "marked")


#: ``?saved=`` after a change to the team's records, not to the member's kith (sharing an item): the
#: member's undo journal does not hold it, so no Undo is offered after it (it would undo something else)
TEAM_CHANGES = frozenset({"shared", "unshared"})


def undo_offer(request: Request) -> dict | None:
    """The change a page shown right after one offers to undo (the base template's Undo button)."""
    session = getattr(request.state, "session", None)
    if session is None or not any(request.query_params.get(name) for name in CHANGED):
        return None
    if request.query_params.get("saved") in TEAM_CHANGES:
        return None
    from kith.store.undo import last_change

    step = last_change(session)
    return step.record() if step is not None else None


def wants_json(request: Request) -> bool:
    """API paths answer in JSON; so does a request that asks only for JSON."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def person_page_path(back: str) -> str | None:
    """``back`` when it is a person's page (``/people/ID``), else None: the only place a form's ``back``
    field may send the browser."""
    if back.startswith("/people/") and back[len("/people/") :].isdigit():
        return back
    return None


def person_path(back: str, person_id: int | None) -> str:
    """Where a form goes back to: ``back`` when it is a person's page (nothing else is followed), else
    the page of ``person_id``, else the dashboard."""
    return person_page_path(back) or (f"/people/{person_id}" if person_id is not None else "/")


def saved(back: str, person_id: int | None, notice: str = "1") -> RedirectResponse:
    """Back to a person's page after a form was saved, with its notice ("Saved.", or ``notice``: one of
    the person page's, such as "deleted")."""
    return RedirectResponse(f"{person_path(back, person_id)}?saved={notice}", status_code=303)


def form_time(value: str | None) -> str:
    """A record's time as an edit form shows it: to the minute, in UTC ("2026-06-01 12:00Z"), which
    ``kith.when`` reads back; "" for none."""
    return value[:16].replace("T", " ") + "Z" if value else ""
