"""Storage: the schema (``schema``), opening the database with its migrations (``db``)."""
