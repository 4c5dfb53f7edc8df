"""Starting Spark for a scoring run: Java and PySpark checked first, so a machine without them gets one
line that says how to install them rather than a Java gateway's stack trace.

Spark needs Java 17 or later (``JAVA_HOME``, else ``java`` on the PATH) and the PySpark package, which
kith installs only with its ``spark`` extra (``pip install "kith[spark]"``): a laptop user who never
scores at organisation scale does not download it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from kith.errors import BadInput

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MIN_JAVA = 17
INSTALL_JAVA = (
    "install Java 17 or later (Debian or Ubuntu: apt-get install openjdk-17-jre-headless; "
    "elsewhere a JDK from adoptium.net) or point JAVA_HOME at one"
)
#: settings every run gets unless ``--conf`` says otherwise: times read without a zone are UTC, as the
#: interaction log format says, and no progress bars over the command's own output
DEFAULT_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.showConsoleProgress": "false",
    "spark.ui.enabled": "false",
    # a persisted table's shuffles may be coalesced too (the scores are persisted between steps)
    "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true",
}


def local_defaults(master: str | None) -> dict[str, str]:
    """In local mode, a few shuffle partitions per core rather than Spark's 200 (each one a task: on two
    cores the 200 cost more than the work at a million rows)."""
    if not master or not master.startswith("local"):
        return {}
    found = re.match(r"local\[(\d+)", master)
    cores = int(found.group(1)) if found else (os.cpu_count() or 2)
    return {"spark.sql.shuffle.partitions": str(4 * cores)}


def find_java() -> str:
    """The ``java`` Spark will start: ``$JAVA_HOME/bin/java``, else the PATH's; BadInput if none runs or
    it is older than Java 17."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    where = f"JAVA_HOME is {home}" if home else "none on the PATH"
    if not java or not Path(java).is_file():
        raise BadInput(f"--engine spark needs Java, and no java was found ({where}): {INSTALL_JAVA}")
    try:
        shown = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BadInput(
            f"--engine spark needs Java, and {java} does not run ({exc}): {INSTALL_JAVA}"
        ) from None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown.stderr + shown.stdout)
    if found is None or shown.returncode != 0:
        raise BadInput(f"--engine spark needs Java, and {java} does not run: {INSTALL_JAVA}")
    major = int(found.group(1)) if found.group(1) != "1" else int(found.group(2) or 0)
    if major < MIN_JAVA:
        raise BadInput(
            f"--engine spark needs Java {MIN_JAVA} or later, and {java} is Java {major}: {INSTALL_JAVA}"
        )
    return java


def _quiet_java() -> tuple[int, str]:
    """Point this process's standard error at a log file while Spark's Java process starts (it inherits
    it); returns the saved descriptor, to put back, and the file's path."""
    import tempfile

    handle, path = tempfile.mkstemp(prefix="kith-spark-", suffix=".log")
    saved = os.dup(2)
    os.dup2(handle, 2)
    os.close(handle)
    return saved, path


def parse_conf(items: list[str] | None) -> dict[str, str]:
    """``KEY=VALUE`` settings from the command line (``--conf spark.driver.memory=8g``)."""
    conf: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--conf: not a KEY=VALUE setting: {item!r} (such as spark.driver.memory=8g)")
        conf[key.strip()] = value.strip()
    return conf


def start(
    master: str | None = "local[*]", conf: dict[str, str] | None = None, *, quiet: bool = True
) -> SparkSession:
    """A Spark session on ``master`` (None: whatever ``spark-submit`` was given) with ``conf`` applied.

    ``quiet``: the Java process Spark starts writes its start-up notices and warnings to a file in the
    temporary folder (``kith-spark-*.log``) rather than over the command's own output and errors."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BadInput(
            '--engine spark needs PySpark: pip install "kith[spark]" (or, in a checkout, uv sync --extra spark)'
        ) from None
    find_java()
    builder = SparkSession.builder.appName("kith score")
    if master:
        builder = builder.master(master)
    for key, value in {**DEFAULT_CONF, **local_defaults(master), **(conf or {})}.items():
        builder = builder.config(key, value)
    log = _quiet_java() if quiet and SparkSession.getActiveSession() is None else None
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the gateway's failures carry pages of Java; one line is what helps
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        where = f" (Spark's messages: {log[1]})" if log else ""
        raise BadInput(f"Spark did not start: {first}{where}") from None
    finally:
        if log is not None:
            os.dup2(log[0], 2)
            os.close(log[0])
    spark.sparkContext.setLogLevel("ERROR")
    return spark
