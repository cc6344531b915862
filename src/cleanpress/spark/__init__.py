"""cleanpress on Apache Spark: the same stages, the same results, on DataFrames.

>>> import cleanpress.spark as cs
>>> sorted(cs.__all__)[:3]
['SparkUnavailable', 'clean_dataframe', 'connected_components']

``pip install 'cleanpress[spark]'`` brings pyspark, pyarrow and pandas; Java 17
must be installed. Importing this package does not import pyspark: the
functions load it when called, and :func:`run_command` reports what is missing
instead of failing on an import.

- :func:`clean_dataframe`: one row per story, from the local ``Cleaner``.
- :func:`dedup_dataframe`: ``cluster``, ``duplicate_of``, ``is_duplicate`` and
  ``similarity`` from the local dedup stage's own functions.
- :func:`connected_components`: large-star / small-star on an edge DataFrame.
- :func:`spark_session`: a session configured for cleanpress.
- :func:`run_command`: ``python -m cleanpress run --engine spark``.
"""

from __future__ import annotations

import importlib
from typing import Any

from cleanpress.spark.session import SparkUnavailable, missing_requirements, require_spark, spark_session

_LAZY = {
    "clean_dataframe": "cleanpress.spark.clean",
    "dedup_dataframe": "cleanpress.spark.dedup",
    "connected_components": "cleanpress.spark.components",
    "run_command": "cleanpress.spark.command",
    "parse_conf": "cleanpress.spark.command",
    "read_inputs": "cleanpress.spark.io",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cleanpress.spark' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "SparkUnavailable",
    "clean_dataframe",
    "connected_components",
    "dedup_dataframe",
    "missing_requirements",
    "parse_conf",
    "read_inputs",
    "require_spark",
    "run_command",
    "spark_session",
]
