"""One module per page area; each exposes ``router`` with its HTML pages and its ``/api/...`` twins."""
