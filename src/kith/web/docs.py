"""The API's interactive docs (``/api/docs``): Swagger UI served from files installed with kith.

FastAPI's default page loads Swagger UI from a CDN and its icon from another site: blank under kith's
Content-Security-Policy, and against "nothing leaves your machine". Here the page is FastAPI's own
(``get_swagger_ui_html``), pointed at the copy of Swagger UI that the ``fastapi-offline`` package ships,
served under ``/static/docs/``, with kith's own icon. The page's one inline script (Swagger UI's set-up)
is allowed by its hash in this page's policy, so ``script-src 'self'`` holds for every other page, and
Swagger UI's online validator (which would send the API's address to another site) is turned off.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from kith.web.security import SECURITY_HEADERS

DOCS_URL = "/api/docs"
#: where Swagger UI's script and style sheet are served from (mounted before ``/static``)
ASSETS_URL = "/static/docs"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def add_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI's files and the docs page of ``app``'s OpenAPI schema."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )
        html = bytes(page.body).decode()
        hashes = " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in _INLINE_SCRIPT.findall(html)
        )
        policy = SECURITY_HEADERS["content-security-policy"].replace(
            "script-src 'self'", f"script-src 'self' {hashes}"
        )
        return HTMLResponse(html, headers={"content-security-policy": policy})


#: what every error of the API looks like (``kith.web.app.error_response``)
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in one line."},
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "suggestions": {
            "type": "array",
            "description": "What may have been meant instead (a name matching nobody or several people, "
            "an ambiguous company, a tag or company close to one kith knows): the value to send in place "
            "of what was sent, its label, and in `also` any other field that choice sets "
            '(a target company as typed: `{"new": "true"}`).',
            "items": {
                "type": "object",
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "also": {"type": "object", "additionalProperties": {"type": "string"}},
                },
                "required": ["value", "label"],
            },
        },
    },
    "required": ["detail", "status"],
}


def describe_errors(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document say what its errors are.

    FastAPI documents a 422 with its own validation-error shape (a list of problems), which kith never
    sends: every error, a bad value as much as a missing person, a refused write or a busy database, is
    ``{"detail": "...", "status": N}`` (JSON under ``/api/``; a page elsewhere). So each operation gets
    one ``default`` response of that shape in place of the 422, which covers every error status.
    """
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = generate()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            schemas["Error"] = ERROR_SCHEMA
            for path, operations in document.get("paths", {}).items():
                content = (
                    {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                    if path.startswith("/api/")
                    else {"text/html": {"schema": {"type": "string"}}}
                )
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    responses.pop("422", None)
                    responses["default"] = {
                        "description": "An error, with what went wrong",
                        "content": content,
                    }
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
