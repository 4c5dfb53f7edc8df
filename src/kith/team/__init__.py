"""Team mode: one kith server on PostgreSQL for a firm, each member with a private kith of their own.

A team's database holds one schema per member (``kith_member_<id>``: exactly the tables of a single
user's kith, migrated by the same migrations, see ``kith.store.db``) and the team's own schema
``kith_team`` (``kith.team.store``): the accounts, their sessions, their API tokens and the failed
logins. A member's request only ever opens their own schema (``kith.team.workspace``), so their notes,
interactions and ledger stay theirs: the other members and the admins cannot read them through kith.

- ``accounts``: the first admin, adding and removing members, passwords (Argon2).
- ``sessions``: browser logins, server-side, and the bound on failed attempts.
- ``tokens``: API tokens for scripts, stored hashed, revocable.
- ``workspace``: the settings of a member's private kith.
"""
