"""kith import linkedin with the user's Education.csv: the user's schools with their degrees and years,
a row without a school skipped and said, and a re-import that adds nothing twice."""

from __future__ import annotations

from linkedin_export import education_csv, export_files, write_folder, write_zip
from sqlalchemy import func, select

from kith.importers.linkedin_education import year_of
from kith.store.db import transaction
from kith.store.schema import Education


def test_the_users_schools_come_from_education_csv(kith, tmp_path):
    files = export_files(extra={"Education.csv": education_csv()})
    summary = kith("import", "linkedin", str(write_zip(tmp_path / "export.zip", files)), "--json").json()
    assert summary["by_kind"]["schools"] == {"added": 2, "updated": 0, "unchanged": 0, "merged": 0}
    skipped = {s["reason"]: s for s in summary["skipped"]}
    assert skipped["a school row without a school name"]["count"] == 1
    assert skipped["a school row without a school name"]["first"].endswith("Education.csv:4")
    me = kith("show", "me", "--json").json()["person"]
    assert me["name"] == "Ada Example"
    assert me["education"] == [
        {
            "school": "Lycée Henri-IV",
            "degree": None,
            "from": 2004,
            "to": 2007,
            "years": "2004–2007",
            "source": "linkedin",
        },
        {
            "school": "Massachusetts Institute of Technology",
            "degree": "BSc, Physics",
            "from": 2008,
            "to": 2012,
            "years": "2008–2012",
            "source": "linkedin",
        },
    ]
    again = kith("import", "linkedin", str(write_folder(tmp_path / "unzipped", files)), "--json").json()
    assert again["by_kind"]["schools"] == {"added": 0, "updated": 0, "unchanged": 2, "merged": 0}
    with transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Education)) == 2


def test_an_export_without_schools_lists_none(kith, tmp_path):
    summary = kith(
        "import", "linkedin", str(write_zip(tmp_path / "export.zip", export_files())), "--json"
    ).json()
    assert "schools" not in summary["by_kind"]
    assert kith("show", "me", "--json").json()["person"]["education"] == []


def test_the_year_of_a_linkedin_date():
    assert [year_of(t) for t in ("Sep 2008", "2008", "2008-09-01", "", "soon")] == [
        2008,
        2008,
        2008,
        None,
        None,
    ]
