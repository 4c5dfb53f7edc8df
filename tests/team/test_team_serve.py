"""``kith serve --team``: only on a team's PostgreSQL database, on any interface, and a real server that
answers nothing without a member's credentials."""

from __future__ import annotations

import httpx
import pytest
from conftest import TEAM_ADMIN, assert_user_error, run_cli
from live_server import free_port, kith_serve


@pytest.fixture
def served(monkeypatch):
    """Replace the server loop with a recorder of what ``kith serve`` asked for."""
    import kith.web.server

    calls = []
    monkeypatch.setattr(kith.web.server, "serve", lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def test_serve_team_needs_a_team_on_postgresql(served):
    assert_user_error(run_cli("serve", "--team"), "needs PostgreSQL")
    assert not served


def test_serve_team_needs_the_team_set_up(team_database, served):
    assert_user_error(run_cli("serve", "--team"), "kith team init")
    assert not served


def test_serve_team_may_listen_on_any_interface_and_needs_no_token_file(team, kith, served, tmp_path):
    port = str(free_port())
    result = kith("serve", "--team", "--host", "0.0.0.0", "--port", port, "--allow-host", "kith.firm.example")
    ((_args, options),) = served
    assert options["team"] is True and options["host"] == "0.0.0.0"
    assert "warning" in result.stdout and "member's login" in result.stdout
    token = tmp_path / "token"
    token.write_text("x" * 40)
    token.chmod(0o600)
    refused = run_cli("serve", "--team", "--port", port, "--token-file", str(token))
    assert_user_error(refused, "do not go together")


def test_a_team_server_answers_members_only(team, kith, kith_home):
    secret = kith("team", "token", TEAM_ADMIN).stdout.strip()
    with kith_serve(kith_home, "--team", "--workers", "2", probe="/api/people") as (base, response):
        assert response.status_code == 401
        assert httpx.get(base + "/people", headers={"Accept": "text/html"}).status_code == 303
        bearer = {"Authorization": f"Bearer {secret}"}
        added = httpx.post(base + "/api/people", json={"name": "Quentin Marsh"}, headers=bearer)
        assert added.status_code == 201
        assert httpx.get(base + "/api/people", headers=bearer).json()["total"] == 1
