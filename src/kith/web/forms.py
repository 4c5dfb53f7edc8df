"""A form's refusal, shown where the form is: the page it was on again, the error beside that form, what
the user typed still in its fields, and a button per suggestion ("did you mean Jane Doe?") that sends the
same form again with it.

A form's POST route is decorated with ``refills(form, shown_on)``: its action runs in a savepoint, so a
refusal (a ``kith.errors.KithError``) leaves nothing written; ``shown_on(request, session, error)``
builds the page the form is on with ``form_error`` (a ``FormError``), answered 422. A route that succeeds
answers as before (a redirect to the page that shows the change: Post/Redirect/Get); the CSRF check runs
before the route, as for every form.

In a template, ``refusal(name)`` (``macros.html``) shows the error and its suggestions above the form
called ``name``, and ``typed(name, field, default)`` is what the user typed in that form's field when it
was refused, else ``default``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import pass_context
from sqlalchemy.orm import Session

from kith.errors import KithError

#: the status of a page shown again because its form was refused
REFUSED = 422
#: route parameters that are not the form's fields
_NOT_TYPED = ("request", "session")


@dataclass(frozen=True)
class FormError:
    """Why the form ``form`` was refused, what was typed in it, and what to send instead."""

    form: str
    message: str
    #: the form's fields as the user sent them
    values: dict[str, str]
    #: where the form posts (the suggestions' buttons post there too)
    action: str
    #: each suggestion: its label and the form's fields with the suggestion in place of what was typed
    retries: list[dict] = field(default_factory=list)
    #: how the form is sent: "post", or "get" (a search: its suggestions are links)
    method: str = "post"

    @classmethod
    def of(
        cls, form: str, exc: KithError, values: dict[str, str], action: str, method: str = "post"
    ) -> FormError:
        """The refusal ``exc`` of ``form``: its suggestions replace the field that held what it was about
        (the query of an unknown or ambiguous name or company)."""
        query = str(getattr(exc, "query", "") or "").strip()
        typed_in = next((k for k, v in values.items() if query and v.strip() == query), None)
        retries = [
            {"label": s["label"], "fields": {**values, typed_in: s["value"], **s.get("also", {})}}
            for s in exc.suggestions()
            if typed_in is not None
        ]
        return cls(form, exc.short() if retries else str(exc), values, action, retries, method)


def typed_values(kwargs: dict[str, Any]) -> dict[str, str]:
    """A route's form fields as the user sent them (its other parameters aside)."""
    shown = {True: "true", False: "false", None: ""}
    return {
        k: shown[v] if isinstance(v, bool) or v is None else str(v)
        for k, v in kwargs.items()
        if k not in _NOT_TYPED
    }


PageWithError = Callable[[Request, Session, FormError], HTMLResponse]


def refills(form: str, shown_on: PageWithError) -> Callable:
    """Decorate the POST route of the form ``form`` (a route taking ``request`` and ``session``): when
    its action refuses the input, nothing is written and ``shown_on`` shows the page again with the
    error beside the form and the fields as typed."""

    def decorate(route: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(route)
        def answered(*args: Any, **kwargs: Any) -> Any:
            request: Request = kwargs["request"]
            session: Session = kwargs["session"]
            try:
                with session.begin_nested():
                    return route(*args, **kwargs)
            except KithError as exc:
                session.expire_all()
                error = FormError.of(form, exc, typed_values(kwargs), request.url.path)
                return shown_on(request, session, error)

        return answered

    return decorate


def refused(response: HTMLResponse, error: FormError | None) -> HTMLResponse:
    """A page's response, with the status of a refused form when it shows one."""
    if error is not None:
        response.status_code = REFUSED
    return response


@pass_context
def typed(context: Any, form: str, name: str, default: Any = "") -> Any:
    """What the user typed in ``form``'s field ``name`` when the form was refused, else ``default``."""
    error = context.get("form_error")
    if isinstance(error, FormError) and error.form == form and name in error.values:
        return error.values[name]
    return default
