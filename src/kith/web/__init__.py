"""kith's local web UI and JSON API (FastAPI + Jinja2), served by ``kith serve``.

The web is an edge like the CLI: routes parse input, call one core function and render the result as
HTML or JSON from the same view function, so the UI and the API cannot drift. ``app.create_app`` builds
the application; ``server.serve`` runs it on loopback.
"""
