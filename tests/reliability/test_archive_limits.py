"""What a zip may expand to is capped before it is read: a zip bomb is one error line, never memory."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import assert_user_error
from web_client import api_client

from kith.importers import archive

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in files.items():
            out.writestr(name, data)
    return buffer.getvalue()


def connections(n: int, start: int = 0) -> bytes:
    rows = "".join(
        f"P{i},Person,https://www.linkedin.com/in/p-{i:06d},,Company {i % 97},Engineer,1 Jan 2020\n"
        for i in range(start, start + n)
    )
    return (HEADER + rows).encode()


def test_a_member_that_expands_hundreds_of_times_is_a_bomb(kith, tmp_path):
    bomb = HEADER.encode() + b"Jane,Doe,,,Acme,CTO,1 Jan 2020\n" * 200_000  # 6 MB of one row, 1000:1
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"Connections.csv": bomb}))
    assert path.stat().st_size < 100_000
    result = kith("import", "linkedin", str(path), expect=2)
    assert_user_error(result, "export.zip:Connections.csv", "expands", "zip bomb")
    assert kith("people", "--json").json() == []


def test_an_export_over_the_total_limit_is_refused(kith, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_EXPANDED", 1 << 20)
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"Connections.csv": connections(16_000)}))
    assert_user_error(kith("import", "linkedin", str(path), expect=2), "export.zip", "expands to", "MB")
    assert kith("people", "--json").json() == []


def test_members_kith_does_not_read_do_not_count(kith, tmp_path):
    """A photo or a video in the export compresses as it will: only the CSV files kith reads are capped."""
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"Connections.csv": connections(3), "Rich_Media/blank.bin": b"\0" * (4 << 20)}))
    kith("import", "linkedin", str(path))
    assert len(kith("people", "--json").json()) == 3


def test_an_archive_listing_too_many_files_is_refused_before_its_directory_is_read(
    kith, tmp_path, monkeypatch
):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 50)
    files = {f"junk/{i}.txt": b"" for i in range(60)} | {"Connections.csv": connections(3)}
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(files))
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: opened.append(self))
    assert_user_error(kith("import", "linkedin", str(path), expect=2), "export.zip", "61 files")
    assert not opened


def test_an_ordinary_export_is_well_inside_the_limits(tmp_path):
    data = zipped({"Connections.csv": connections(20_000)})
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as opened:
        (info,) = opened.infolist()
        ratio = info.file_size / info.compress_size
    assert ratio < archive.MAX_RATIO / 5  # real CSV text compresses about 5:1; this generated one more
    assert archive.expanded_size(path) == info.file_size


@pytest.mark.parametrize("fmt", ["linkedin", "auto"])
def test_a_bomb_uploaded_to_the_web_is_one_error(kith, fmt):
    kith("me", "--name", "Ada Lovelace")
    api = api_client()
    bomb = zipped({"Connections.csv": HEADER.encode() + b"Jane,Doe,,,Acme,CTO,1 Jan 2020\n" * 200_000})
    response = api.post(
        "/api/import", files={"file": ("export.zip", bomb, "application/zip")}, data={"format": fmt}
    )
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert detail.startswith("export.zip") and "zip bomb" in detail and "\n" not in detail
    assert api.get("/api/people").json()["total"] == 0


def test_a_calendar_too_large_to_read_whole_is_refused_before_reading(kith, tmp_path, monkeypatch):
    from kith.importers import calendar

    monkeypatch.setattr(calendar, "MAX_CALENDAR_BYTES", 1 << 20)
    path = tmp_path / "calendar.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-PAD:1\r\n" * 200_000 + b"END:VCALENDAR\r\n")  # 1.8 MB
    assert_user_error(
        kith("import", "calendar", str(path), "--me", "ada@example.com", expect=2),
        "calendar.ics",
        "up to 1 MB",
    )


@pytest.mark.parametrize(
    "how, fragment",
    [("method", "compressed in a way kith cannot read"), ("encrypted", "encrypted")],
)
def test_a_member_kith_cannot_unpack_is_one_error(kith, tmp_path, how, fragment):
    """Found by the hostile-file fuzzing: a flipped byte in a member's compression method was an internal error."""
    data = bytearray(zipped({"Connections.csv": connections(3)}))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    if how == "method":  # compression method 99 (AES), which zipfile does not implement
        for header, at in ((local, 8), (central, 10)):
            data[header + at : header + at + 2] = (99).to_bytes(2, "little")
    else:  # the "encrypted" flag
        for header, at in ((local, 6), (central, 8)):
            data[header + at] |= 1
    path = tmp_path / "export.zip"
    path.write_bytes(bytes(data))
    assert_user_error(kith("import", "linkedin", str(path), expect=2), "export.zip:Connections.csv", fragment)
