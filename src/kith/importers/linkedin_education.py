"""The schools in a LinkedIn export: ``Education.csv``, the export owner's own (School Name, Start
Date, End Date, Notes, Degree Name, Activities). Each row becomes an ``EducationRecord`` of the user:
the school, the degree, and the years (LinkedIn writes "2008", "Sep 2008" or a full date: the year is
what is kept). A row without a school is skipped, said with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kith.importers.records import EducationRecord, Record, Skipped
from kith.importers.tabular import Table, cell

EDUCATION = "education.csv"
#: the columns a table must have to be read as the schools
COLUMNS = ("School Name",)

_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def year_of(text: str) -> int | None:
    """The year a LinkedIn date holds ("Sep 2008", "2008", "2008-09-01"), None when there is none."""
    found = _YEAR.search(text or "")
    return int(found.group(1)) if found else None


def education_records(table: Table) -> Iterator[Record]:
    """The user's schools, one record a row."""
    school = table.column("School Name")
    start, end = table.column("Start Date"), table.column("End Date")
    degree = table.column("Degree Name", "Degree")
    for line, row in table.rows:
        where = f"{table.label}:{line}"
        name = cell(row, school)
        if not name:
            yield Skipped("a school row without a school name", where)
            continue
        yield EducationRecord(
            school=name,
            degree=cell(row, degree) or None,
            started=year_of(cell(row, start)),
            ended=year_of(cell(row, end)),
            where=where,
        )
