"""Importers: pure functions from a file to records (``kith.importers.records``), no database access.

Each format is one module exposing a parser ``parse(path, options) -> Iterator[Record]``; one storing
function writes whatever any parser yields, inside one transaction, with identity resolution and
de-duplication. A new format is one new module plus one line in the registry.
"""
