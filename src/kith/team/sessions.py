"""Browser logins: checking a password, bounding failed attempts, and server-side sessions.

A login that succeeds starts a session: a random id (``secrets.token_urlsafe(32)``) that the browser keeps
in a cookie, of which the team's tables keep only the SHA-256. A session lasts ``SESSION_DAYS`` from the
last time it was used (sliding), and ends at logout (its row is deleted), when an admin resets the
member's password, or when the member is removed.

Failed logins are recorded per email (whatever the case, existing account or not): after
``MAX_FAILURES`` within ``FAILURE_WINDOW`` further attempts for that email are refused without looking at
the password (``TooManyAttempts``, with the seconds until the oldest failure leaves the window), so a
password cannot be guessed faster than that. An unknown email costs the same Argon2 work as a known one.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select

from kith.errors import KithError
from kith.settings import Settings
from kith.store.compiled import select_rows
from kith.team.accounts import (
    Member,
    email_key,
    find,
    hash_password,
    member_by_id,
    member_of,
    needs_rehash,
    password_matches,
    set_password_hash,
)
from kith.team.store import account, login_failure, team_statements, team_transaction, web_session

SESSION_DAYS = 14
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
#: a session's last use is written at most this often (not on every request)
TOUCH_EVERY = timedelta(minutes=5)

_dummy_hash: str | None = None


class WrongLogin(KithError):
    """The email and password do not match an account."""


class TooManyAttempts(KithError):
    """Too many failed logins for this email lately; ``retry_after_s``: when to try again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


def digest(secret: str) -> str:
    """What the team's tables keep of a session id or token: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def log_in(settings: Settings, email: str, password: str, at: datetime) -> tuple[Member, str]:
    """Check ``email`` and ``password``; the member and a new session id (to give the browser once).
    WrongLogin when they do not match, TooManyAttempts while the email's failures are at the bound."""
    global _dummy_hash
    key = email_key(email)
    with team_transaction(settings) as conn:
        since = at - FAILURE_WINDOW
        # what no longer counts goes as it is passed: failures out of the window, expired sessions
        conn.execute(login_failure.delete().where(login_failure.c.at <= since))
        conn.execute(web_session.delete().where(web_session.c.expires_at <= at))
        failures = conn.execute(
            select(func.count(), func.min(login_failure.c.at)).where(
                login_failure.c.email_key == key, login_failure.c.at > since
            )
        ).one()
        if failures[0] >= MAX_FAILURES:
            wait = math.ceil((failures[1] + FAILURE_WINDOW - at).total_seconds())
            raise TooManyAttempts(
                f"too many failed logins for this email; try again in {max(1, math.ceil(wait / 60))} min",
                max(1, wait),
            )
        row = find(conn, key)
        if row is None:
            _dummy_hash = _dummy_hash or hash_password("not anyone's password")
            password_matches(_dummy_hash, password[:1024])  # the same work as for a real account
            ok = False
        else:
            ok = len(password) <= 1024 and password_matches(row.password_hash, password)
        if not ok:
            conn.execute(login_failure.insert().values(email_key=key, at=at))
    if not ok:
        raise WrongLogin("the email or the password is wrong")
    session_id = secrets.token_urlsafe(32)
    with team_transaction(settings) as conn:
        if needs_rehash(row.password_hash):
            set_password_hash(conn, row.id, hash_password(password))
        conn.execute(login_failure.delete().where(login_failure.c.email_key == key))
        conn.execute(
            web_session.insert().values(
                id_hash=digest(session_id),
                account_id=row.id,
                created_at=at,
                expires_at=at + timedelta(days=SESSION_DAYS),
                last_seen_at=at,
            )
        )
        member = member_by_id(conn, row.id)
    assert member is not None
    return member, session_id


#: a session and its member in one look: every page a browser asks needs it (built once, run compiled:
#: ``kith.store.compiled``)
SESSION_MEMBER = (
    select(web_session.c.id_hash, web_session.c.expires_at, web_session.c.last_seen_at, *account.c)
    .join(account, account.c.id == web_session.c.account_id)
    .where(web_session.c.id_hash == bindparam("id_hash"))
)


def session_member(settings: Settings, session_id: str, at: datetime) -> Member | None:
    """The member logged in with ``session_id``, or None (unknown, ended or expired). Using a session
    moves its expiry on."""
    with team_statements(settings) as conn:
        found = select_rows(conn, SESSION_MEMBER, {"id_hash": digest(session_id)}).first()
        if found is None:
            return None
        if found.expires_at <= at:
            conn.execute(web_session.delete().where(web_session.c.id_hash == found.id_hash))
            return None
        if at - found.last_seen_at >= TOUCH_EVERY:
            conn.execute(
                web_session.update()
                .where(web_session.c.id_hash == found.id_hash)
                .values(last_seen_at=at, expires_at=at + timedelta(days=SESSION_DAYS))
            )
        return member_of(found)


def log_out(settings: Settings, session_id: str) -> None:
    """End the session ``session_id`` (nothing when it has already ended)."""
    with team_transaction(settings) as conn:
        conn.execute(web_session.delete().where(web_session.c.id_hash == digest(session_id)))
