"""Organisation scale: the strength engine's rules on Apache Spark (``kith score --engine spark``).

An organisation with years of email and calendar metadata (tens of thousands of people, billions of
interactions) has more log than one machine holds. This package scores the same interaction log format
on Spark, in local mode on a laptop or on the cluster the organisation already runs, with the same
results as ``kith.strength.logfile.score_log``: every component, strength, circle and rhythm of every
pair agrees within 1e-9 (``tests/spark/``).

- ``session``: starting Spark, and a clear error when Java or PySpark is missing.
- ``reading``: the log (CSV or Parquet; a file, a folder or a glob; any path Spark reads), the context
  and pairs files, checked row by row as the local reader checks them, a bad row named by file and line.
- ``scoring``: the engine's rules as DataFrame expressions, joins and windows (no Python on the rows);
  every constant and weight comes from ``kith.strength`` (``Params``, ``engine``, ``circles``).
- ``job``: one run from a log to a folder of scores, and the entry point for ``spark-submit``
  (``python -m kith.spark.job``).
"""
