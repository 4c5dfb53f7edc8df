"""Import: upload a LinkedIn export, vCard, calendar, CSV or mailbox; the summary is shown.

The upload is written to a temporary file (the request body is already capped by the upload limit) and
handed to ``kith.importing.run.run_import``, the same all-or-nothing import as ``kith import``. Errors
and the summary name the file as it was uploaded, never the server's temporary folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from kith.errors import BadInput, KithError
from kith.text import one_line
from kith.web.pages import as_of, page
from kith.web.routing import Router
from kith.web.workspace import workspace

router = Router()

#: what the form offers, and the format a file's extension suggests
FORMATS = {
    "linkedin": "LinkedIn data export (.zip or Connections.csv)",
    "vcard": "Contacts as vCard (.vcf)",
    "google": "Google Contacts (.csv)",
    "calendar": "Calendar (.ics)",
    "mbox": "Mailbox (.mbox), headers only",
    "interactions": "Interaction log (.csv, the kith score format)",
}
BY_SUFFIX = {".zip": "linkedin", ".vcf": "vcard", ".ics": "calendar", ".mbox": "mbox"}


def available_formats() -> dict[str, str]:
    from kith.importers.registry import REGISTRY

    return {name: label for name, label in FORMATS.items() if name in REGISTRY} | {
        name: name for name in REGISTRY if name not in FORMATS
    }


def import_upload(
    request: Request, fmt: str, upload: UploadFile, *, me: str = "", dry_run: bool = False
) -> dict:
    """Run the import of an uploaded file and return its summary."""
    from kith.importing.run import run_import

    fmt = (fmt or "").strip().lower()
    suffix = Path(upload.filename or "").suffix.lower()
    if fmt in ("", "auto"):
        fmt = BY_SUFFIX.get(suffix, "")
        if not fmt:
            raise BadInput(
                "choose the file's format (a .csv can be LinkedIn, Google Contacts or an interaction log)"
            )
    if not upload.filename:
        raise BadInput("choose a file to import")
    safe_suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    shown = one_line(Path(upload.filename).name)[:200] or "the upload"
    with tempfile.TemporaryDirectory(prefix="kith-upload-") as folder:
        # keep the uploaded name's stem where it is harmless: some parsers name the file in messages
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", Path(upload.filename).stem)[:80] or "upload"
        target = Path(folder) / f"{stem}{safe_suffix}"
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1024 * 1024)
        try:
            summary = run_import(
                fmt,
                target,
                settings=workspace(request).settings,
                me=[m.strip() for m in me.split(",") if m.strip()],
                dry_run=dry_run,
                now=as_of(),
                progress=False,
            )
        except KithError as exc:
            exc.message = _as_uploaded(exc.message, target, shown)
            exc.args = (exc.message,)
            raise
    result = summary.as_dict()
    result["path"] = upload.filename
    for skipped in result["skipped"]:
        if skipped["first"]:
            skipped["first"] = _as_uploaded(skipped["first"], target, shown)
    return result


def _as_uploaded(text: str, target: Path, shown: str) -> str:
    """``text`` naming the uploaded file as the user named it, not by the server's temporary copy."""
    for temporary in (str(target), str(target.parent), target.name):
        text = text.replace(temporary, shown)
    return text


@router.post("/api/import", tags=["import"], summary="Import an uploaded file (all or nothing)")
def api_import(
    request: Request,
    file: UploadFile = File(..., description="The file to import."),
    format: str = Form("auto", description="linkedin, vcard, google, calendar, mbox, interactions or auto."),
    me: str = Form("", description="Who you are in the file (emails or names, comma separated)."),
    dry_run: bool = Form(False),
) -> dict:
    return import_upload(request, format, file, me=me, dry_run=dry_run)


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request):
    return page(request, "import.html", {"formats": available_formats(), "summary": None})


@router.post("/import", response_class=HTMLResponse, include_in_schema=False)
def import_submit(
    request: Request,
    file: UploadFile = File(...),
    format: str = Form("auto"),
    me: str = Form(""),
    dry_run: str = Form(""),
):
    summary = import_upload(request, format, file, me=me, dry_run=dry_run == "on")
    return page(request, "import.html", {"formats": available_formats(), "summary": summary})
