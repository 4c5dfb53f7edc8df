"""The give/get balance as a reason to ask one friend before another (``kith.reach.paths.RULE``).

Someone the user has given to more than received from is a better person to ask for an introduction;
someone the user already owes is a worse one. The balance is read from the ledger (``kith.ledger``) and
becomes one factor per person: 1 + ``BALANCE_SWAY`` × (favours given − favours received) ÷ (all favours
between them + 1), so from 0.75 (the user owes them) to 1.25 (they owe the user), nearer 1 when few
favours went either way. A path's score is multiplied by its first person's factor.
"""

from __future__ import annotations

from kith.ledger import LedgerBalance, owed

#: how far the give/get balance moves a path's score either way
BALANCE_SWAY = 0.25


def balance_factors(found: list[LedgerBalance]) -> dict[int, float]:
    """Per person with favours either way (``found``: ``ledger.balances``), how the give/get balance
    sways a path through them: above 1 when the user gave more, below 1 when the user owes them."""
    return {
        b.person_id: 1.0 + BALANCE_SWAY * (b.given - b.received) / (b.given + b.received + 1) for b in found
    }


def with_balances(paths: list[dict], found: list[LedgerBalance]) -> None:
    """Say each path's give/get balance with its first person, as the ledger says it (``found``:
    ``ledger.balances``, read once for the factors and this), and "you owe them one" when they gave
    more."""
    by_person = {b.person_id: b for b in found}
    for path in paths:
        b = by_person.get(path["first"]["id"])
        path["first"]["give_get"] = (
            {"given": b.given, "received": b.received, "label": owed(b.given, b.received, b.label)}
            if b is not None
            else None
        )
