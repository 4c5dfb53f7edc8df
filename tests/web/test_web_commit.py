"""A write is committed before its response leaves the server, so the page a redirect leads to shows it."""

from __future__ import annotations

from conftest import kith_database
from fastapi.testclient import TestClient
from web_client import BASE_URL, jane  # noqa: F401  (fixture)

from kith.web.app import create_app


def _interactions_seen_by_another_connection() -> int:
    with kith_database() as other:
        return other.exec_driver_sql("select count(*) from interaction").scalar_one()


def test_a_logged_interaction_is_committed_before_the_response_starts(jane):  # noqa: F811
    app = create_app()
    seen: list[int] = []

    async def spying_app(scope, receive, send):
        async def spy(message):
            if message["type"] == "http.response.start" and scope.get("method") == "POST":
                seen.append(_interactions_seen_by_another_connection())
            await send(message)

        await app(scope, receive, spy)

    web = TestClient(spying_app, base_url=BASE_URL)
    web.headers["X-CSRF-Token"] = web.get("/api/csrf").json()["token"]
    before = _interactions_seen_by_another_connection()
    response = web.post(
        "/api/interactions", json={"kind": "call", "names": ["Jane Doe"], "when": "2026-06-10"}
    )
    assert response.status_code == 201
    # at the moment the response began, a second connection already saw the new row
    assert seen == [before + 1]


def test_every_route_takes_its_transaction_with_the_function_scope():
    """The race above comes back if a route takes ``Depends(db)`` with FastAPI's default scope."""
    from pathlib import Path

    import kith.web

    routes = Path(kith.web.__file__).parent / "routes"
    offenders = [p.name for p in routes.glob("*.py") if "Depends(db)" in p.read_text(encoding="utf-8")]
    assert offenders == []
