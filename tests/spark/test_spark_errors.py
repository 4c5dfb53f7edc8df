"""Bad input stops a Spark run as it stops the local engine: the row's file and line and one line of
error; a machine without Java or PySpark is told how to install them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import assert_user_error, run_cli
from spark_logs import local_spark

from kith.errors import BadInput
from kith.spark import job
from kith.strength.logfile import score_log

GOOD = [
    "2026-01-01T09:00:00Z,ann,bob,in_person,3600,true",
    "2026-01-02 10:00:00,bob,ann,email,,false",
    "1767348000,ann,cy,call,600,",
]
HEADER = "time,source,target,channel,duration_s,directed"


@pytest.fixture(scope="module")
def spark():
    return local_spark()


def log_with(tmp_path: Path, bad: str, at: int = 2, name: str = "log.csv") -> Path:
    rows = [*GOOD[:at], bad, *GOOD[at:]]
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


@pytest.mark.parametrize(
    "bad",
    [
        "teatime,ann,bob,in_person,,",  # not a time
        ",ann,bob,in_person,,",  # no time
        "2026-01-03,ann,,email,,",  # no target
        "2026-01-03,  ,bob,email,,",  # a source of blanks
        "2026-01-03,ann,bob,pigeon,,",  # unknown channel
        "2026-01-03,ann,bob,call,an hour,",  # not a duration
        "2026-01-03,ann,bob,call,60,maybe",  # neither true nor false
    ],
)
def test_a_malformed_row_stops_the_run_with_the_local_engines_error(spark, tmp_path, bad):
    path = log_with(tmp_path, bad)
    with pytest.raises(BadInput) as local:
        score_log(path)
    with pytest.raises(BadInput) as on_spark:
        job.events(spark, str(path))
    assert str(on_spark.value) == str(local.value)
    assert f"{path}:4:" in str(on_spark.value)


def test_the_first_failing_check_is_reported_as_the_local_engine_reports_it(spark, tmp_path):
    """Two bad rows: the local reader checks the times first, so the later bad time is the one named."""
    path = tmp_path / "two.csv"
    path.write_text(
        "\n".join([HEADER, GOOD[0], "2026-01-03,ann,bob,pigeon,,", GOOD[1], "soon,ann,bob,,,"]) + "\n"
    )
    with pytest.raises(BadInput) as local:
        score_log(path)
    with pytest.raises(BadInput) as on_spark:
        job.events(spark, str(path))
    assert str(on_spark.value) == str(local.value)
    assert ":5: not a time" in str(on_spark.value)


def test_a_bad_row_in_a_folder_of_parts_names_its_file_and_line(spark, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "part-1.csv").write_text("\n".join([HEADER, *GOOD]) + "\n")
    log_with(folder, "2026-01-03,ann,bob,telegram,,", at=1, name="part-2.csv")
    with pytest.raises(BadInput, match=r"part-2\.csv:3: unknown channel .* 'telegram'"):
        job.events(spark, str(folder))


def test_the_command_line_says_it_in_one_line(spark, tmp_path):
    path = log_with(tmp_path, "2026-01-03,ann,bob,pigeon,,")
    result = run_cli("score", str(path), "--engine", "spark", "--out", str(tmp_path / "out"))
    assert_user_error(result, f"{path}:4:", "unknown channel", "pigeon")
    assert not (tmp_path / "out").exists()
    missing = run_cli("score", str(tmp_path / "nope.csv"), "--engine", "spark", "--out", str(tmp_path / "o"))
    assert_user_error(missing, "nope.csv", "no such file")
    assert_user_error(run_cli("score", str(path), "--engine", "spark"), "--out")
    assert_user_error(run_cli("score", str(path), "--master", "local[2]"), "--engine spark")
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER + "\n")
    assert_user_error(
        run_cli("score", str(empty), "--engine", "spark", "--out", str(tmp_path / "e")), "no interactions"
    )


def without(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python whose JAVA_HOME and PATH lead to no Java at all."""
    empty = tmp_path / "no-java"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "nowhere"), "PATH": str(empty)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)


def test_no_java_is_a_one_line_error_that_says_how_to_install_it(tmp_path):
    path = log_with(tmp_path, GOOD[0])
    code = f"import sys; sys.argv = ['kith', 'score', {str(path)!r}, '--engine', 'spark', '--out', 'x']; import kith.__main__"
    done = without(tmp_path, code)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --engine spark needs Java"), done.stderr
    assert "apt-get install openjdk-17-jre-headless" in lines[0] and "JAVA_HOME" in lines[0]
    # the check itself, with Java found: no error
    from kith.spark.session import find_java

    assert Path(find_java()).name == "java"


def test_no_pyspark_is_a_one_line_error_that_says_how_to_install_it(tmp_path):
    path = log_with(tmp_path, GOOD[0])
    code = (
        "import sys; sys.modules['pyspark'] = None; "
        f"sys.argv = ['kith', 'score', {str(path)!r}, '--engine', 'spark', '--out', 'x']; import kith.__main__"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs PySpark" in lines[0] and 'pip install "kith[spark]"' in lines[0], (
        done.stderr
    )


def test_a_context_or_pairs_row_without_a_person_names_its_line(spark, tmp_path):
    log = log_with(tmp_path, GOOD[0])
    context = tmp_path / "context.csv"
    context.write_text("person,context\nann,Acme\n,Acme\n")
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b\nann,bob\nann,\n")
    for option, path, column in (("context", context, "person"), ("pairs", pairs, "b")):
        with pytest.raises(BadInput) as local:
            score_log(log, **{option: path})
        with pytest.raises(BadInput) as on_spark:
            job.scores(spark, str(log), **{option: str(path)})
        assert str(on_spark.value) == str(local.value)
        assert f"{path}:3: missing person key in column '{column}'" in str(on_spark.value)


def _spark_side(text: str) -> Exception:
    """An exception as PySpark's gateway raises one (its module is py4j's), with Java's text."""
    failure = type("Py4JJavaError", (Exception,), {"__module__": "py4j.protocol"})
    return failure(text)


def test_a_spark_job_that_fails_says_why_in_one_line_and_how_to_give_it_memory():
    java = (
        "An error occurred while calling o812.count.\n"
        ": org.apache.spark.SparkException: Job aborted due to stage failure: Task 3 in stage 7.0 failed 1 times,"
        " most recent failure: Lost task 3.0 in stage 7.0: java.lang.OutOfMemoryError: Java heap space\n"
        "\tat java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)\n"
    )
    said = str(job._job_failed(_spark_side(java)))
    assert said.startswith("the Spark job ran out of memory") and "--conf spark.driver.memory=8g" in said
    other = str(
        job._job_failed(_spark_side(java.replace("java.lang.OutOfMemoryError: Java heap space", "boom")))
    )
    assert other.startswith("the Spark job failed: org.apache.spark.SparkException: Job aborted")
    assert "\n" not in other and len(other) <= 230
    plain = ValueError("not Spark's")
    assert job._job_failed(plain) is plain  # kith's own failures pass as they are
