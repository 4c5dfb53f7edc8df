"""Duplicate proposals: two people who might be the same, kept for the user to decide.

Imports propose a pair (``DuplicateProposal``) when a new person has the same normalised name as someone
at the same company, or one of the two has no known company; kith never merges them by itself.
``kith merge KEEP OTHER`` folds one into the other (and drops the proposal); dismissing a proposal says
they are different people, and it is not shown again.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kith.errors import NotFound
from kith.people.lookup import describe
from kith.store.schema import DuplicateProposal, Person, Role
from kith.store.undo import undoable


def proposals(session: Session, *, include_dismissed: bool = False) -> list[DuplicateProposal]:
    """Open duplicate proposals (and dismissed ones when asked), oldest first."""
    stmt = (
        select(DuplicateProposal)
        .options(
            *(
                selectinload(side).selectinload(Person.roles).selectinload(Role.organisation)
                for side in (DuplicateProposal.person_a, DuplicateProposal.person_b)
            ),
            *(
                selectinload(side).selectinload(Person.identities)
                for side in (DuplicateProposal.person_a, DuplicateProposal.person_b)
            ),
        )
        .order_by(DuplicateProposal.id)
    )
    if not include_dismissed:
        stmt = stmt.where(DuplicateProposal.dismissed.is_(False))
    return list(session.scalars(stmt))


@undoable("dismiss duplicate proposal #{proposal_id}")
def dismiss(session: Session, proposal_id: int) -> DuplicateProposal:
    """Mark a proposal as "not the same person"."""
    proposal = session.get(DuplicateProposal, proposal_id)
    if proposal is None:
        raise NotFound(f"no duplicate proposal #{proposal_id}; see: kith duplicates")
    proposal.dismissed = True
    session.flush()
    return proposal


def proposal_record(proposal: DuplicateProposal) -> dict:
    """The JSON shape of a proposal."""

    def side(person: Person) -> dict:
        role = person.current_role()
        return {
            "id": person.id,
            "name": person.name,
            "label": describe(person),
            "company": role.organisation.name if role and role.organisation else None,
            "emails": person.emails(),
            "linkedin": person.identity("linkedin"),
        }

    return {
        "id": proposal.id,
        "a": side(proposal.person_a),
        "b": side(proposal.person_b),
        "reason": proposal.reason,
        "dismissed": proposal.dismissed,
        "created_at": proposal.created_at.isoformat() if proposal.created_at else None,
    }


def open_count(session: Session) -> int:
    """How many proposals wait for a decision."""
    return (
        session.scalar(
            select(func.count()).select_from(DuplicateProposal).where(DuplicateProposal.dismissed.is_(False))
        )
        or 0
    )
