"""In local mode the shuffles are sized by the log: a few partitions per core for a small log, one per
LOCAL_BYTES_PER_PARTITION of a large one (a file, a folder of parts or a glob on this machine's disk), and
Spark's own choice on a cluster or for a file system only Spark reads."""

from __future__ import annotations

from pathlib import Path

from kith.spark.session import LOCAL_BYTES_PER_PARTITION, local_defaults, local_size

STEP = LOCAL_BYTES_PER_PARTITION


def sized(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on the disk (sparse)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.truncate(size)
    return path


def partitions(master: str, log: str | None) -> int | None:
    found = local_defaults(master, log).get("spark.sql.shuffle.partitions")
    return None if found is None else int(found)


def test_a_small_log_gets_a_few_partitions_per_core(tmp_path):
    log = sized(tmp_path / "log.csv", 3 * 1024 * 1024)
    assert partitions("local[2]", str(log)) == 8
    assert partitions("local[3]", str(log)) == 12
    assert partitions("local[2]", None) == 8


def test_a_large_log_gets_one_partition_per_share_of_its_bytes(tmp_path):
    for k in range(5):  # a folder of parts, as kith's own benchmark writes 50M rows
        sized(tmp_path / "parts" / f"part-{k:03d}.csv", 7 * STEP)
    sized(tmp_path / "parts" / "nested" / "part-999.csv", STEP // 2)
    assert local_size(str(tmp_path / "parts")) == 35 * STEP + STEP // 2
    assert partitions("local[2]", str(tmp_path / "parts")) == 36  # rounded up
    assert partitions("local[2]", str(tmp_path / "parts" / "part-00*.csv")) == 35  # a glob: its files only
    assert partitions("local[2]", f"file://{tmp_path / 'parts'}") == 36


def test_a_cluster_or_a_remote_log_is_left_to_spark(tmp_path):
    log = sized(tmp_path / "log.csv", 100 * STEP)
    assert partitions("yarn", str(log)) is None
    assert partitions("local[2]", "hdfs:///mail/2026/*.parquet") == 8
    assert partitions("local[2]", str(tmp_path / "nothing-here-*.csv")) == 8
