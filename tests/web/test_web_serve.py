"""`kith serve`: loopback by default, a warning elsewhere, and a real server answering over HTTP."""

from __future__ import annotations

import os
import socket

import httpx
import pytest
from conftest import assert_user_error
from live_server import kith_serve


@pytest.fixture
def served(monkeypatch):
    """Replace the server loop with a recorder of what `kith serve` asked for."""
    import kith.web.server

    calls = []
    monkeypatch.setattr(kith.web.server, "serve", lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def test_serve_binds_to_loopback_by_default(kith, served, monkeypatch):
    from kith.web import server

    # the default port is only named, never bound here: another server on this machine may hold it
    monkeypatch.setattr(server, "check_address", lambda host, port: None)
    result = kith("serve")
    ((_args, options),) = served
    assert (options["host"], options["port"], options["workers"]) == ("127.0.0.1", 8765, None)
    assert "http://127.0.0.1:8765/" in result.stdout and "warning" not in result.stdout
    kith("serve", "--workers", "3")
    assert served[-1][1]["workers"] == 3


def test_serve_runs_two_processes_where_there_are_two_cores(monkeypatch):
    from kith.web.server import default_workers

    for cores, workers in ((None, 1), (1, 1), (2, 2), (16, 2)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        assert default_workers() == workers


def token_file(folder, token: str = "t0k3n-" + "x" * 40, mode: int = 0o600):
    path = folder / "kith-token"
    path.write_text(token + "\n")
    path.chmod(mode)
    return path


def test_serve_warns_when_told_to_listen_elsewhere(kith, served, tmp_path):
    token = token_file(tmp_path)
    result = kith(
        "serve",
        "--host",
        "0.0.0.0",
        "--allow-host",
        "kith.lan",
        "--max-upload-mb",
        "5",
        "--token-file",
        str(token),
    )
    ((_args, options),) = served
    assert options["host"] == "0.0.0.0" and list(options["allowed_hosts"]) == ["kith.lan"]
    assert options["max_upload_bytes"] == 5 * 1024 * 1024 and options["token_file"] == token
    warning = next(line for line in result.stdout.splitlines() if line.startswith("warning:"))
    assert "listening on 0.0.0.0" in warning and "access token" in warning and "not encrypted" in warning
    assert "allow-host" not in warning  # the Host check is no protection against another machine


def test_serve_refuses_another_interface_without_an_access_token(kith, served, tmp_path):
    result = kith("serve", "--host", "0.0.0.0", expect=2)
    assert_user_error(result, "needs an access token", "--token-file")
    assert served == [] and "serving" not in result.stdout


@pytest.mark.parametrize(
    ("token", "mode", "fragment"),
    [
        ("t0k3n-" + "x" * 40, 0o644, "can be read by other users"),
        ("t0k3n-" + "x" * 40, 0o640, "chmod 600"),
        ("short", 0o600, "too short"),
        ("", 0o600, "too short"),
        ("two words " + "x" * 40, 0o600, "no spaces"),
    ],
)
def test_serve_refuses_a_token_file_open_to_others_or_a_weak_token(
    kith, served, tmp_path, token, mode, fragment
):
    path = token_file(tmp_path, token, mode)
    result = kith("serve", "--host", "0.0.0.0", "--token-file", str(path), expect=2)
    assert_user_error(result, fragment)
    assert served == []


def test_serve_refuses_a_missing_token_file_and_a_malformed_allowed_host(kith, served, tmp_path):
    missing = kith("serve", "--token-file", str(tmp_path / "nowhere"), expect=2)
    assert_user_error(missing, "does not exist")
    bad = kith("serve", "--allow-host", "localhost:80@evil.example", expect=2)
    assert_user_error(bad, "not a host name")
    assert served == []


def test_serve_on_loopback_can_require_the_token_too(kith, served, tmp_path):
    path = token_file(tmp_path)
    result = kith("serve", "--token-file", str(path))
    assert served[0][1]["token_file"] == path and "warning" not in result.stdout


def test_serve_refuses_a_port_in_use_or_an_address_not_of_this_machine(kith, served):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kith("serve", "--port", str(port), expect=2)
        assert_user_error(result, f"port {port} on 127.0.0.1 is already in use", "--port")
        assert "serving" not in result.stdout and served == []
        demo = kith("demo", "--port", str(port), expect=2)
        assert_user_error(demo, "already in use")
    assert_user_error(kith("serve", "--host", "no-such-host.invalid", expect=2), "cannot listen on")
    assert_user_error(kith("serve", "--host", "192.0.2.1", expect=2), "cannot listen on 192.0.2.1")
    assert served == []


def test_kith_serve_answers_on_loopback_only(kith_home):
    with kith_serve(kith_home) as (base, response):
        assert response.status_code == 200 and "Your network" in response.text
        assert httpx.get(base + "/", headers={"Host": "rebind.example"}).status_code == 400
        with httpx.Client(base_url=base) as api:  # keeps the session cookie the token is tied to
            token = api.get("/api/csrf").json()["token"]
            added = api.post("/api/people", json={"name": "Jane Doe"}, headers={"X-CSRF-Token": token})
        assert added.status_code == 201
        assert httpx.get(base + "/api/people").json()["total"] == 1
