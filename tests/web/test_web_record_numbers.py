# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""A record number beyond what the database holds (PostgreSQL's ids are 32-bit) names no record: every
address with one answers 404, as for a number no record has, never a crash; a form or a body that gives
one is refused as bad input. On both databases (``pytest --database postgresql``)."""

from __future__ import annotations

import re

from web_client import api, csrf_from, jane, web  # noqa: F401

from kith.store import MAX_ROW_ID

BEYOND = str(MAX_ROW_ID + 1)


def every_route(routes) -> list:
    """The routes, those of included routers among them."""
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)
        found.extend(every_route(included.routes) if included is not None else [route])
    return found


def numbered_routes(app) -> list[tuple[str, str]]:
    """Every route with a record number in its address, as (method, path) with BEYOND put in."""
    found = []
    for route in every_route(app.routes):
        path = getattr(route, "path", "")
        if "{" not in path:
            continue
        filled = re.sub(r"\{(\w+_id)\}", BEYOND, path)
        filled = filled.replace("{action}", "accept").replace("{ending}", "declined")
        if "{" in filled:  # a placeholder that is no record number
            continue
        for method in sorted(getattr(route, "methods", ()) - {"HEAD"}):
            found.append((method, filled))
    return found


def test_a_number_beyond_the_database_s_ids_is_no_record_anywhere(api, jane):
    routes = numbered_routes(api.app)
    assert len(routes) > 50, routes
    for method, path in routes:
        answer = api.request(method, path, json={} if method != "GET" else None)
        assert answer.status_code == 404, (method, path, answer.status_code, answer.text[:200])
    # the largest number a record can have is looked up like any other
    assert api.get(f"/api/people/{MAX_ROW_ID}").status_code == 404
    assert api.get(f"/api/people/{jane}").status_code == 200


def test_a_form_or_body_naming_a_record_beyond_them_is_bad_input(api, web, jane):
    answer = api.post("/api/interactions", json={"kind": "coffee", "people": [f"#{BEYOND}"]})
    assert answer.status_code in (400, 404, 422), answer.text
    page = web.get("/log")
    answer = web.post(
        "/log", data={"csrf_token": csrf_from(page.text), "kind": "coffee", "people": f"#{BEYOND}"}
    )
    assert answer.status_code in (400, 404, 422), answer.text[:300]
