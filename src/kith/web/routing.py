"""The routers of kith's page areas (``kith.web.routes``): FastAPI's, with a quick look first."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

#: a route pattern's named group (``(?P<person_id>[^/]+)``): unnamed in the router's joint pattern
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


class Router(APIRouter):
    """FastAPI's router, which first looks whether any of its routes could take the path at all.

    The app asks each area's router in turn, and each router each of its routes, a few microseconds
    each: a request for an area included late (reach, intros, the team's pages) went through a hundred
    or more routes, twice, before its own (0.5 ms of CPU on a slow machine). One pattern joining every
    route's path answers "none of mine" in a single match."""

    _joint: tuple[int, re.Pattern[str] | None] | None = None

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            pattern = self._joint_pattern()
            if pattern is not None and pattern.match(get_route_path(scope)) is None:
                return Match.NONE, {}
        return super().matches(scope)

    def _joint_pattern(self) -> re.Pattern[str] | None:
        """One pattern matching every path one of the routes matches (None: a route that is not a
        plain path, which it cannot stand for); made again when routes were added."""
        joint = self._joint
        if joint is None or joint[0] != len(self.routes):
            routes: list[Any] = list(self.routes)
            pattern = None
            if all(isinstance(route, APIRoute) for route in routes):
                pattern = re.compile(
                    "|".join(f"(?:{_NAMED_GROUP.sub('(?:', route.path_regex.pattern)})" for route in routes)
                )
            joint = self._joint = (len(routes), pattern)
        return joint[1]
