"""One module per page area; each exposes ``router`` (a ``kith.web.routing.Router``) with its HTML pages
and its ``/api/...`` twins."""
