"""Which pages the web shows: a page appears only when the core module behind it is there and works.

kith grows feature by feature; the navigation lists a page only when its module imports and offers the
functions the page calls, so the UI never links to something that is not built.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

log = logging.getLogger("kith.web")


@dataclass(frozen=True)
class Feature:
    name: str
    #: (module, attributes the web uses) pairs that must all be importable
    needs: tuple[tuple[str, tuple[str, ...]], ...]


FEATURES = (
    Feature("strength", (("kith.strength.service", ("ties", "tie", "CIRCLES")),)),
    Feature(
        "agenda", (("kith.agenda", ("agenda_ics", "build_agenda", "mark_item", "get_rules", "set_size")),)
    ),
    Feature("ledger", (("kith.ledger", ("balances", "balance", "relationship", "record_favour", "STYLES")),)),
    Feature(
        "policy",
        (
            (
                "kith.policy",
                ("get_policy", "set_policy", "invitation_advice", "add_invitation", "decide_invitation"),
            ),
        ),
    ),
    Feature("peec", (("kith.peec", ("create_statement", "list_statements", "statement_record", "PARTS")),)),
    Feature("brief", (("kith.brief", ()),)),
    Feature(
        "report",
        (
            ("kith.reports", ("network_report", "circles_by_person")),
            ("kith.charts", ("circles_svg", "channels_svg", "trend_svg")),
        ),
    ),
    Feature(
        "import", (("kith.importers.store", ("run_import",)), ("kith.importers.registry", ("REGISTRY",)))
    ),
)


def _works(module: str, attrs: tuple[str, ...]) -> bool:
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return False
    except Exception as exc:  # a module half-way through being written must not take the web down
        log.warning(
            "kith.web: %s does not import (%s: %s); its page is hidden", module, type(exc).__name__, exc
        )
        return False
    return all(hasattr(loaded, attr) for attr in attrs)


def detect() -> frozenset[str]:
    """The names of the features whose modules are present and usable now."""
    return frozenset(f.name for f in FEATURES if all(_works(m, a) for m, a in f.needs))


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    feature: str | None = None


NAV = (
    NavItem("/", "Dashboard"),
    NavItem("/agenda", "Agenda", "agenda"),
    NavItem("/people", "People"),
    NavItem("/log", "Log"),
    NavItem("/import", "Import", "import"),
    NavItem("/ledger", "Ledger", "ledger"),
    NavItem("/invitations", "Invitations", "policy"),
    NavItem("/peec", "PEEC", "peec"),
    NavItem("/report", "Report", "report"),
    NavItem("/settings", "Settings"),
)


def navigation(features: frozenset[str]) -> list[NavItem]:
    return [item for item in NAV if item.feature is None or item.feature in features]
