"""``kith team ...``: accounts, passwords and API tokens on the team's PostgreSQL database."""

from __future__ import annotations

import json
import stat

from conftest import TEAM_ADMIN as ADMIN
from conftest import TEAM_PASSWORD as PASSWORD
from conftest import assert_user_error, run_cli
from sqlalchemy import create_engine, text

from kith.settings import get_settings
from kith.store.db import dispose_engines


def add(kith, email, role="member", password=PASSWORD):
    return kith("team", "add-user", email, "--role", role, "--password-stdin", input=password + "\n")


def users(kith) -> list[dict]:
    return kith("team", "users", "--json").json()


def schemas(url) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {
            r[0] for r in conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kith%'"))
        }
    engine.dispose()
    return found


def test_init_makes_the_first_admin_and_refuses_a_second_time(team_database, kith):
    result = kith("team", "init", "--email", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    assert ADMIN in result.stdout
    [admin] = users(kith)
    assert (admin["email"], admin["role"], admin["schema"]) == (ADMIN, "admin", "kith_member_1")
    assert schemas(team_database) == {"kith_team", "kith_member_1"}
    again = run_cli("team", "init", "--email", "bob@firm.example", "--password-stdin", input=PASSWORD + "\n")
    assert_user_error(again, "already set up")
    assert len(users(kith)) == 1


def test_init_needs_postgresql(kith):
    result = run_cli("team", "init", "--email", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    assert_user_error(result, "needs PostgreSQL", "KITH_DATABASE_URL")


def test_commands_before_init_say_to_run_it(team_database):
    assert_user_error(run_cli("team", "users"), "kith team init")
    result = run_cli("team", "add-user", "bob@firm.example", "--password-stdin", input=PASSWORD + "\n")
    assert_user_error(result, "kith team init")


def test_password_rules_are_clear_and_nothing_is_half_made(team_database, kith):
    result = run_cli("team", "init", "--email", ADMIN, "--password-stdin", input="short\n")
    assert_user_error(result, "too short", "at least 12")
    assert_user_error(run_cli("team", "init", "--email", ADMIN, "--password-stdin", input=""), "empty")
    result = run_cli("team", "init", "--email", "not-an-email", "--password-stdin", input=PASSWORD + "\n")
    assert_user_error(result, "not an email address")
    assert_user_error(run_cli("team", "users"), "kith team init")  # nothing was set up


def test_add_user_gives_each_member_a_private_kith(team, kith):
    add(kith, "bob@firm.example")
    add(kith, "Carol@Firm.example", role="admin")
    listed = users(kith)
    assert [(u["email"], u["role"]) for u in listed] == [
        (ADMIN, "admin"),
        ("bob@firm.example", "member"),
        ("Carol@Firm.example", "admin"),
    ]
    assert schemas(team) == {"kith_team", *(u["schema"] for u in listed)}
    assert_user_error(
        run_cli("team", "add-user", "carol@firm.EXAMPLE", "--password-stdin", input=PASSWORD + "\n"),
        "already has an account",
    )
    assert_user_error(
        run_cli(
            "team",
            "add-user",
            "dan@firm.example",
            "--role",
            "boss",
            "--password-stdin",
            input=PASSWORD + "\n",
        ),
        "admin or member",
    )
    assert len(users(kith)) == 3
    text_listing = kith("team", "users").stdout
    assert "bob@firm.example  member" in text_listing


def test_add_user_asks_for_the_password_twice_without_it_on_the_command_line(team, kith):
    kith("team", "add-user", "bob@firm.example", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "bob@firm.example" in {u["email"] for u in users(kith)}


def test_remove_user_asks_exports_and_drops_their_kith(team, kith, tmp_path, monkeypatch):
    add(kith, "bob@firm.example")
    bob = next(u for u in users(kith) if u["email"] == "bob@firm.example")
    # Bob's private kith holds a person (written as the web would, in his schema)
    from kith.clock import now
    from kith.people.core import PersonFields, add_person
    from kith.store.db import transaction
    from kith.team.workspace import member_settings

    with transaction(member_settings(get_settings(), bob["schema"])) as session:
        add_person(session, PersonFields(name="Jane Doe"), now=now())
    assert_user_error(run_cli("team", "remove-user", "bob@firm.example"), "--yes")
    assert bob["schema"] in schemas(team)
    saved = tmp_path / "bob.json"
    result = kith("team", "remove-user", "bob@firm.example", "--export", str(saved), "--yes")
    assert "Removed bob@firm.example" in result.stdout
    assert bob["schema"] not in schemas(team)
    assert [u["email"] for u in users(kith)] == [ADMIN]
    assert "Jane Doe" in json.dumps(json.loads(saved.read_text())["tables"]["person"])
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    # the backup restores into a kith of one's own
    monkeypatch.delenv("KITH_DATABASE_URL")
    monkeypatch.setenv("KITH_HOME", str(tmp_path / "restored"))
    dispose_engines()
    kith("restore", str(saved))
    assert [p["name"] for p in kith("people", "--json").json()] == ["Jane Doe"]


def test_the_last_admin_cannot_be_removed(team, kith):
    assert_user_error(run_cli("team", "remove-user", ADMIN, "--yes"), "last admin")
    add(kith, "carol@firm.example", role="admin")
    kith("team", "remove-user", ADMIN, "--yes")
    assert [u["email"] for u in users(kith)] == ["carol@firm.example"]
    assert_user_error(run_cli("team", "remove-user", "nobody@firm.example", "--yes"), "no team member")


def test_set_role_keeps_an_admin(team, kith):
    add(kith, "carol@firm.example")
    assert kith("team", "set-role", "carol@firm.example", "admin").stdout.strip() == (
        "carol@firm.example is now an admin."
    )
    assert kith("team", "set-role", "carol@firm.example", "admin").stdout.strip() == (
        "carol@firm.example is an admin already."
    )
    kith("team", "set-role", ADMIN, "member")
    roles = {u["email"]: u["role"] for u in users(kith)}
    assert roles == {ADMIN: "member", "carol@firm.example": "admin"}
    assert_user_error(run_cli("team", "set-role", "carol@firm.example", "member"), "last admin")
    assert_user_error(run_cli("team", "remove-user", "carol@firm.example", "--yes"), "kith team set-role")
    assert_user_error(run_cli("team", "set-role", "carol@firm.example", "owner"), "admin or member")
    assert_user_error(run_cli("team", "set-role", "x@firm.example", "admin"), "no team member")


def test_reset_password(team, kith):
    from kith.clock import now
    from kith.team.sessions import WrongLogin, log_in

    new = "a much better password"
    kith("team", "reset-password", ADMIN, "--password-stdin", input=new + "\n")
    settings = get_settings()
    member, _ = log_in(settings, ADMIN, new, now())
    assert member.email == ADMIN
    try:
        log_in(settings, ADMIN, PASSWORD, now())
    except WrongLogin:
        pass
    else:
        raise AssertionError("the old password still logs in")
    assert_user_error(
        run_cli("team", "reset-password", ADMIN, "--password-stdin", input="short\n"), "too short"
    )
    assert_user_error(
        run_cli("team", "reset-password", "x@firm.example", "--password-stdin", input=new + "\n"),
        "no team member",
    )


def test_tokens_are_printed_once_listed_without_secrets_and_revocable(team, kith):
    from kith.clock import now
    from kith.team.tokens import token_member

    result = kith("team", "token", ADMIN, "--name", "nightly import")
    secret = result.stdout.strip()
    assert len(secret) >= 40 and "not shown again" in result.stderr
    settings = get_settings()
    assert token_member(settings, secret, now()).email == ADMIN
    [listed] = kith("team", "tokens", ADMIN, "--json").json()
    assert listed["name"] == "nightly import" and not listed["revoked"]
    assert listed["last_used_at"] is not None
    assert secret not in json.dumps(listed)
    said = kith("team", "revoke-token", str(listed["id"])).stdout.strip()
    assert said == f"Revoked token #{listed['id']} (nightly import) of {ADMIN}."
    assert token_member(settings, secret, now()) is None
    again = kith("team", "revoke-token", str(listed["id"])).stdout.strip()
    assert again == f"Token #{listed['id']} (nightly import) of {ADMIN} was revoked already."
    assert kith("team", "tokens", ADMIN, "--json").json()[0]["revoked"]
    assert "revoked" in kith("team", "tokens", ADMIN).stdout
    assert_user_error(run_cli("team", "revoke-token", "99"), "no API token #99")
    assert_user_error(run_cli("team", "token", "x@firm.example"), "no team member")
    # the table keeps no secret
    engine = create_engine(team)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM kith_team.api_token")).scalar()
    engine.dispose()
    assert stored != secret and secret not in stored
