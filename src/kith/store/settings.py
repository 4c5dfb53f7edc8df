"""The user's stored settings: one table of every setting kith keeps, with its default and what it means.

Each setting is a row of the ``setting`` table holding a JSON value. Every key kith reads or writes is
declared in ``SETTINGS``; reading or writing an undeclared key is a programming error, so a setting
cannot be invented in one module and forgotten in another. The web's settings page, the backup and the
documentation list them from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kith.store.schema import Setting as SettingRow


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("agenda.size", 7, "How many items the week's agenda shows (kith agenda --set-size)."),
    Setting(
        "agenda.follow_up_days",
        7,
        "Days after connecting before a new connection not yet followed up becomes an agenda item.",
    ),
    Setting("agenda.cadences", {}, "Keep-in-touch days per circle, where they differ from kith's defaults."),
    Setting(
        "invitation_policy",
        {},
        "When to accept an invitation: met in person, or after N two-way conversations (kith policy).",
    ),
    Setting(
        "strength.params",
        None,
        "Decay and channel weights fitted to your history (kith calibrate); none: kith's defaults.",
    ),
    Setting(
        "me.phone_region",
        None,
        "Where your phone numbers without a country code are from (kith me --region).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _declared(name: str) -> Setting:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"{name!r} is not a kith setting; declare it in kith.store.settings.SETTINGS"
        ) from None


def default(name: str) -> Any:
    """The value setting ``name`` has when the user has not set it."""
    return _declared(name).default


def read(session: Session, name: str) -> Any:
    """The stored value of setting ``name``, or its default when it is not set."""
    setting = _declared(name)
    row = session.get(SettingRow, name)
    return setting.default if row is None else json.loads(row.value)


def is_set(session: Session, name: str) -> bool:
    """Whether the user has set ``name`` (rather than leaving the default)."""
    _declared(name)
    return session.get(SettingRow, name) is not None


def write(session: Session, name: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) as setting ``name``."""
    _declared(name)
    text = json.dumps(value)
    row = session.get(SettingRow, name)
    if row is None:
        session.add(SettingRow(key=name, value=text))
    else:
        row.value = text


def clear(session: Session, name: str) -> None:
    """Forget setting ``name``: its default applies again."""
    _declared(name)
    row = session.get(SettingRow, name)
    if row is not None:
        session.delete(row)
