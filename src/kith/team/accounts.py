"""The team's accounts: the first admin, members added and removed, passwords set and checked.

A member is an email (unique whatever its case), a role (``admin``: may manage the accounts;
``member``) and a password, of which only an Argon2id hash is kept (argon2-cffi's ``PasswordHasher``,
its default, recommended parameters). Adding a member creates and migrates their private kith (a schema
of its own) before the account appears, so a member never logs in to a half-made kith; removing one drops
that schema with everything in it, in the same transaction as the account.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, func, select, text

from kith.clock import now
from kith.errors import BadInput, Conflict, NotFound
from kith.settings import Settings
from kith.store.db import forget_engine, open_engine
from kith.team.store import ROLES, account, migrate, team_transaction, version
from kith.team.workspace import member_settings, schema_for

MIN_PASSWORD_CHARS = 12
#: a longer password is refused: hashing megabytes would let anyone keep the server busy
MAX_PASSWORD_CHARS = 1024
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Member:
    """One account of the team."""

    id: int
    email: str
    role: str
    created_at: datetime
    schema: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def as_json(self) -> dict[str, Any]:
        record = asdict(self)
        record["created_at"] = self.created_at.isoformat()
        return record


def check_password(password: str) -> str:
    """``password`` when it is acceptable (12 to 1024 characters); BadInput saying why not."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise BadInput(
            f"the password is too short ({len(password)} characters): use at least {MIN_PASSWORD_CHARS}"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise BadInput(f"the password is too long: use at most {MAX_PASSWORD_CHARS} characters")
    if password != password.strip():
        raise BadInput("the password starts or ends with a space; leave the spaces out")
    return password


def check_email(email: str) -> str:
    """``email`` trimmed, when it looks like an email address; BadInput otherwise."""
    email = email.strip()
    if not _EMAIL.fullmatch(email) or len(email) > 320:
        raise BadInput(f"{email!r} is not an email address (e.g. ada@example.com)")
    return email


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadInput(f"the role must be admin or member, not {role!r}")
    return role


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored_hash`` was made from (Argon2 compares in constant time)."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether ``stored_hash`` was made with weaker parameters than this kith uses."""
    return _hasher.check_needs_rehash(stored_hash)


def member_of(row: Any) -> Member:
    """The member an account row (or a row holding its columns) is."""
    return Member(row.id, row.email, row.role, row.created_at, row.schema_name)


def email_key(email: str) -> str:
    """How failed logins are counted per email: trimmed, lower case, at most 320 characters."""
    return email.strip().lower()[:320]


def _keep_an_admin(conn: Connection, row: Any) -> None:
    """Conflict when ``row`` is the team's last admin: a team always keeps someone who can manage it."""
    if row.role != "admin":
        return
    admins = conn.execute(select(func.count()).where(account.c.role == "admin")).scalar() or 0
    if admins <= 1:
        raise Conflict(
            f"{row.email} is the team's last admin; make someone else admin first (kith team set-role EMAIL admin)"
        )


def find(conn: Connection, email: str) -> Any:
    """The account row of ``email`` (any case), or None."""
    return conn.execute(select(account).where(func.lower(account.c.email) == email.strip().lower())).first()


def get_member(settings: Settings, email: str) -> Member:
    """The member with ``email``; NotFound if there is none."""
    with team_transaction(settings) as conn:
        row = find(conn, email)
    if row is None:
        raise NotFound(f"no team member has the email {email.strip()!r}")
    return member_of(row)


def member_by_id(conn: Connection, account_id: int) -> Member | None:
    row = conn.execute(select(account).where(account.c.id == account_id)).first()
    return member_of(row) if row is not None else None


def refuse_if_set_up(settings: Settings) -> None:
    """Conflict when this database already holds a team with an account (``init`` runs once)."""
    from kith.team.store import is_initialised

    if is_initialised(settings):
        raise Conflict("this team is already set up; add people with kith team add-user")


def init_team(settings: Settings, email: str, password: str) -> Member:
    """Set up the team in this (PostgreSQL) database with its first admin; Conflict when it has one."""
    migrate(settings)
    return _create(settings, email, password, "admin", first=True)


def add_member(settings: Settings, email: str, password: str, role: str = "member") -> Member:
    """Add a member (or an admin) with a private kith of their own."""
    with team_transaction(settings) as conn:
        if version(conn) is None:
            raise BadInput("this database has no team yet: start one with kith team init")
    return _create(settings, email, password, check_role(role), first=False)


def _create(settings: Settings, email: str, password: str, role: str, *, first: bool) -> Member:
    email = check_email(email)
    password_hash = hash_password(password)
    with team_transaction(settings, lock=True) as conn:
        if first and conn.execute(select(func.count()).select_from(account)).scalar():
            raise Conflict("this team is already set up; add people with kith team add-user")
        if find(conn, email) is not None:
            raise Conflict(f"{email} already has an account")
        next_id = text("SELECT nextval(pg_get_serial_sequence('kith_team.account', 'id'))")
        account_id = int(conn.execute(next_id).scalar_one())
        schema = schema_for(account_id)
        try:
            open_engine(member_settings(settings, schema))  # the member's kith, created and migrated
            created = now()
            conn.execute(
                account.insert().values(
                    id=account_id,
                    email=email,
                    role=role,
                    password_hash=password_hash,
                    created_at=created,
                    schema_name=schema,
                )
            )
        except BaseException:
            _drop_schema(settings, schema)
            raise
    return Member(account_id, email, role, created, schema)


def _drop_schema(settings: Settings, schema: str) -> None:
    forget_engine(settings.database_url, schema)
    with team_transaction(settings) as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def list_members(settings: Settings) -> list[Member]:
    """Every account, in the order they were added."""
    with team_transaction(settings) as conn:
        if version(conn) is None:
            raise BadInput("this database has no team yet: start one with kith team init")
        return [member_of(r) for r in conn.execute(select(account).order_by(account.c.id))]


def schemas_by_last_use(settings: Settings, limit: int) -> list[str]:
    """The private kiths (schemas) of up to ``limit`` members, the most recently active first (their
    newest browser session or API token use), then the others in the order they were added. Empty when
    the database has no team."""
    from kith.team.store import api_token, web_session

    seen = (
        select(web_session.c.account_id, func.max(web_session.c.last_seen_at).label("at"))
        .group_by(web_session.c.account_id)
        .subquery()
    )
    used = (
        select(api_token.c.account_id, func.max(api_token.c.last_used_at).label("at"))
        .where(api_token.c.revoked.is_(False))
        .group_by(api_token.c.account_id)
        .subquery()
    )
    with team_transaction(settings) as conn:
        if version(conn) is None:
            return []
        return list(
            conn.scalars(
                select(account.c.schema_name)
                .join(seen, seen.c.account_id == account.c.id, isouter=True)
                .join(used, used.c.account_id == account.c.id, isouter=True)
                .order_by(func.greatest(seen.c.at, used.c.at).desc().nulls_last(), account.c.id)
                .limit(limit)
            )
        )


def remove_member(settings: Settings, email: str) -> Member:
    """Remove a member's account, sessions, tokens and private kith (their schema, dropped whole).
    Conflict for the last admin: a team always keeps someone who can manage it."""
    with team_transaction(settings, lock=True) as conn:
        row = find(conn, email)
        if row is None:
            raise NotFound(f"no team member has the email {email.strip()!r}")
        _keep_an_admin(conn, row)
        conn.execute(account.delete().where(account.c.id == row.id))
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{row.schema_name}" CASCADE'))
    forget_engine(settings.database_url, row.schema_name)
    return member_of(row)


def set_role(settings: Settings, email: str, role: str) -> tuple[Member, bool]:
    """Make a member an admin or a member; the member, and whether that changed anything. Conflict for the
    last admin made a member: a team always keeps someone who can manage it."""
    check_role(role)
    with team_transaction(settings, lock=True) as conn:
        row = find(conn, email)
        if row is None:
            raise NotFound(f"no team member has the email {email.strip()!r}")
        if row.role == role:
            return member_of(row), False
        _keep_an_admin(conn, row)
        conn.execute(account.update().where(account.c.id == row.id).values(role=role))
        changed = find(conn, email)
    return member_of(changed), True


def what_removal_deletes(settings: Settings, member: Member) -> str:
    """What removing ``member`` deletes, in words ("94 people, 3 interactions and 4 notes; 2 requests
    for introductions with colleagues; 1 shared item"): what ``kith team remove-user`` asks about."""
    from kith.store.db import transaction
    from kith.store.schema import Interaction, Note, Person
    from kith.team.store import colleague_ask, shared_item
    from kith.team.workspace import member_settings
    from kith.wording import count

    with transaction(member_settings(settings, member.schema), write=False) as session:
        own = [
            session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_not(True))) or 0,
            *(session.scalar(select(func.count()).select_from(t)) or 0 for t in (Interaction, Note)),
        ]
    with team_transaction(settings) as conn:
        asks = conn.scalar(
            select(func.count()).where(
                (colleague_ask.c.from_account == member.id) | (colleague_ask.c.to_account == member.id)
            )
        )
        shares = conn.scalar(select(func.count()).where(shared_item.c.account_id == member.id))
    said = [
        f"{count(own[0], 'person')}, {count(own[1], 'interaction')} and {count(own[2], 'note')} in their kith"
    ]
    if asks:
        said.append(f"{count(asks, 'request')} for introductions between them and colleagues")
    if shares:
        said.append(f"{count(shares, 'shared item')} the team reads")
    return "; ".join(said)


def reset_password(settings: Settings, email: str, password: str) -> Member:
    """Give a member a new password; their browser sessions end (their API tokens stay), and their
    failed logins are forgotten: a member locked out by them can log in with the new password at once."""
    from kith.team.store import login_failure, web_session

    password_hash = hash_password(password)
    with team_transaction(settings) as conn:
        row = find(conn, email)
        if row is None:
            raise NotFound(f"no team member has the email {email.strip()!r}")
        conn.execute(account.update().where(account.c.id == row.id).values(password_hash=password_hash))
        conn.execute(web_session.delete().where(web_session.c.account_id == row.id))
        conn.execute(login_failure.delete().where(login_failure.c.email_key == email_key(row.email)))
    return member_of(row)


def set_password_hash(conn: Connection, account_id: int, password_hash: str) -> None:
    conn.execute(account.update().where(account.c.id == account_id).values(password_hash=password_hash))


_schemas: dict[tuple[str, str], str] = {}


def schema_of_member(settings: Settings, email: str) -> str:
    """The schema of the member with ``email`` on the team's database of ``settings`` (remembered for the
    process: a member keeps their schema); BadInput when there is no team, NotFound when no such member."""
    key = (settings.database_url, email.strip().lower())
    schema = _schemas.get(key)
    if schema is None:
        from kith.team.store import require_team

        require_team(settings)
        schema = _schemas[key] = get_member(settings, email).schema
    return schema
