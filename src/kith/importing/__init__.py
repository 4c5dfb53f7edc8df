"""The import pipeline: what turns the records a parser (``kith.importers``) reads into rows.

- ``run``: ``run_import`` runs a parser and stores what it yields in one transaction (all or nothing,
  ``--dry-run``, progress); ``store_records`` for records from elsewhere (the demo).
- ``people_index``: who is who (the identity rules of docs/importing.md).
- ``writer``: what is new, changed or already stored; written in bulk by ``bulk``.
- ``summary``: what the import did, every row accounted for.
"""
