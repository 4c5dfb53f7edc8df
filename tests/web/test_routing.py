# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Each page area's router looks first whether any of its routes could take a path
(``kith.web.routing.Router``): a request reaches its route without the app trying every route of the
areas included before it, and every route is still reached."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from web_client import client, jane  # noqa: F401

from kith.web.app import create_app


def concrete(path: str) -> str:
    """A path a route with ``path`` (``/api/people/{person_id}``) answers."""
    return re.sub(r"\{[^}]+\}", "1", path)


def area_routers():
    from fastapi.routing import _IncludedRouter

    app = create_app(team=True)
    return [route.original_router for route in app.router.routes if isinstance(route, _IncludedRouter)]


def test_every_area_router_takes_every_path_of_its_routes_and_no_other_area_s():
    routers = area_routers()
    assert len(routers) > 20
    for router in routers:
        pattern = router._joint_pattern()
        assert pattern is not None, router
        for route in router.routes:
            assert pattern.match(concrete(route.path)), route.path
    people = next(r for r in routers if any(route.path == "/people/{person_id}" for route in r.routes))
    assert not people._joint_pattern().match("/api/reach")
    assert not people._joint_pattern().match("/people/1/nothing-here")


@pytest.fixture
def route_checks(monkeypatch) -> list[str]:
    """The paths of the routes FastAPI asks whether they match a request."""
    asked: list[str] = []
    matches = APIRoute.matches

    def counted(self, scope):
        asked.append(self.path)
        return matches(self, scope)

    monkeypatch.setattr(APIRoute, "matches", counted)
    return asked


def test_a_request_asks_only_the_routes_of_its_own_area(jane, route_checks):
    from kith.web.routes import reach, undo

    web = client()
    assert web.get("/api/reach", params={"company": "Acme"}).status_code == 200
    assert route_checks and set(route_checks) <= {route.path for route in reach.router.routes}
    assert len(route_checks) <= 2 * len(reach.router.routes)  # before: 138, every area's before reach
    route_checks.clear()
    web.get("/api/undo")
    assert route_checks and set(route_checks) <= {route.path for route in undo.router.routes}
    route_checks.clear()
    missing = web.get("/api/no-such-thing")
    assert missing.status_code == 404
    areas = {route.path for router in area_routers() for route in router.routes}
    assert not areas & set(route_checks)  # only the app's own few (/api/csrf...) were asked


def test_a_wrong_method_still_gets_405_with_the_methods_allowed(jane):
    response = client().delete("/api/reach")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
