"""The workspace a request works in: the settings of the kith it reads and writes, and that kith's
shared figures (``kith.web.snapshot``).

For one user (``kith serve``) it is the app's own. On a team's server (``kith serve --team``) it is the
logged-in member's private kith (``kith.team.workspace``), with figures of its own: nothing computed
from one member's data is ever handed to another. Every route reaches the database and the figures
through ``workspace(request)``, never through the app's state directly.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from kith.settings import Settings
from kith.web.snapshot import Snapshot

#: where the team's middleware puts the member a request comes from (``kith.web.team_access``)
MEMBER = "member"
log = logging.getLogger("kith.web")


@dataclass(frozen=True)
class Workspace:
    settings: Settings
    snapshot: Snapshot


class Workspaces:
    """The members' workspaces of one team server process, made when a member first asks.

    With ``prepare`` (a server's background work), a new workspace's shared figures are computed in the
    background (``kith.web.views.prepare``) as soon as it is made, one member after another in one
    thread: a member's first page may wait for the figure it needs, the next ones need not.
    ``prepare_members`` makes the workspaces of those named at once (a server's start)."""

    def __init__(
        self, settings: Settings, *, background: bool, prepare: Callable[[Snapshot], None] | None = None
    ) -> None:
        self.settings = settings
        self.background = background
        self._made: dict[str, Workspace] = {}
        self._lock = threading.Lock()
        self._prepare = prepare if background else None
        self._waiting: queue.SimpleQueue[Snapshot] = queue.SimpleQueue()
        self._preparer: threading.Thread | None = None

    def of(self, schema: str) -> Workspace:
        from kith.team.workspace import member_settings

        with self._lock:
            found = self._made.get(schema)
            if found is None:
                settings = member_settings(self.settings, schema)
                found = self._made[schema] = Workspace(
                    settings, Snapshot(settings, background=self.background)
                )
                if self._prepare is not None:
                    self._waiting.put(found.snapshot)
                    if self._preparer is None:
                        self._preparer = threading.Thread(
                            target=self._prepare_waiting, name="kith-prepare", daemon=True
                        )
                        self._preparer.start()
            return found

    def prepare_members(self, schemas: list[str]) -> None:
        """Make the workspaces of ``schemas`` (members' kiths), in that order: their figures are prepared
        in the background."""
        for schema in schemas:
            self.of(schema)

    def _prepare_waiting(self) -> None:
        assert self._prepare is not None
        while True:
            snapshot = self._waiting.get()
            try:
                self._prepare(snapshot)
            except Exception:  # a member removed meanwhile, the database gone: their pages will say
                log.exception("kith.web: preparing a member's figures failed")


def workspace(request: Request) -> Workspace:
    """The workspace of ``request``: its member's on a team server, else the app's own."""
    member = request.scope.get("state", {}).get(MEMBER)
    state = request.app.state
    if member is None:
        if getattr(state, "workspaces", None) is not None:
            # a team server never answers outside a member's workspace (its middleware saw to that)
            raise RuntimeError("a team server's request reached a route without a member")
        return Workspace(state.settings, state.snapshot)
    return state.workspaces.of(member.schema)
