"""API tokens: bearer tokens for scripts (``Authorization: Bearer TOKEN``), one member's each.

A token is ``secrets.token_urlsafe(32)``, shown once when it is made; the team's tables keep its SHA-256,
a name (what it is for), when it was made and last used, and whether it was revoked. A revoked token
stays listed and answers nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from kith.errors import BadInput, NotFound
from kith.settings import Settings
from kith.store.compiled import select_rows
from kith.team.accounts import Member, get_member, member_by_id, member_of
from kith.team.sessions import digest
from kith.team.store import account, api_token, team_statements, team_transaction

#: a token's last use is written at most this often
TOUCH_EVERY_S = 60


@dataclass(frozen=True)
class Token:
    """One API token, without its secret."""

    id: int
    email: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked": self.revoked,
        }


def issue_token(settings: Settings, email: str, name: str, at: datetime) -> tuple[Token, str]:
    """A new token for the member with ``email``: its record and the secret (shown once, never stored)."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise BadInput("a token's name must be 1 to 200 characters, e.g. --name 'nightly import'")
    member = get_member(settings, email)
    secret = secrets.token_urlsafe(32)
    with team_transaction(settings) as conn:
        token_id = conn.execute(
            api_token.insert()
            .values(account_id=member.id, name=name, token_hash=digest(secret), created_at=at)
            .returning(api_token.c.id)
        ).scalar_one()
    return Token(token_id, member.email, name, at, None, False), secret


def list_tokens(settings: Settings, email: str) -> list[Token]:
    """The member's tokens, oldest first, revoked ones included."""
    member = get_member(settings, email)
    with team_transaction(settings) as conn:
        found = conn.execute(
            select(api_token).where(api_token.c.account_id == member.id).order_by(api_token.c.id)
        ).all()
    return [Token(r.id, member.email, r.name, r.created_at, r.last_used_at, r.revoked) for r in found]


def revoke_token(settings: Settings, token_id: int) -> tuple[Token, bool]:
    """Revoke token ``token_id``: from now on it answers nothing; the token, and whether it was live until
    now (False: revoked already). NotFound if there is no such token."""
    with team_transaction(settings) as conn:
        row = conn.execute(select(api_token).where(api_token.c.id == token_id)).first()
        if row is None:
            raise NotFound(f"there is no API token #{token_id} (kith team tokens EMAIL lists them)")
        conn.execute(api_token.update().where(api_token.c.id == token_id).values(revoked=True))
        member = member_by_id(conn, row.account_id)
    assert member is not None
    return Token(row.id, member.email, row.name, row.created_at, row.last_used_at, True), not row.revoked


#: a live token and its member in one look: every API request of a team's server asks it (built once,
#: run compiled: ``kith.store.compiled``)
TOKEN_MEMBER = (
    select(api_token.c.id.label("token_id"), api_token.c.last_used_at, *account.c)
    .join(account, account.c.id == api_token.c.account_id)
    .where(api_token.c.token_hash == bindparam("token_hash"), api_token.c.revoked.is_(False))
)


def token_member(settings: Settings, secret: str, at: datetime) -> Member | None:
    """The member whose live token ``secret`` is, or None (unknown or revoked)."""
    with team_statements(settings) as conn:
        row = select_rows(conn, TOKEN_MEMBER, {"token_hash": digest(secret)}).first()
        if row is None:
            return None
        if row.last_used_at is None or (at - row.last_used_at).total_seconds() >= TOUCH_EVERY_S:
            conn.execute(api_token.update().where(api_token.c.id == row.token_id).values(last_used_at=at))
        return member_of(row)
