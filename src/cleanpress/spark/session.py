"""Starting a Spark session that can run cleanpress, and saying clearly when it cannot.

Workers must run the same Python as the driver (otherwise they start another
interpreter that cannot import cleanpress), local masters must bind to the
loopback address, and the default 200 shuffle partitions make small jobs slow:
:func:`spark_session` sets all three.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sys
from collections.abc import Mapping
from typing import Any


class SparkUnavailable(RuntimeError):
    """pyspark, pyarrow, pandas or Java is missing; the message says how to fix it."""


def missing_requirements() -> list[str]:
    """What this machine lacks to run Spark, each with the fix (empty when nothing).

    >>> isinstance(missing_requirements(), list)
    True
    """
    missing = []
    for module, package in (("pyspark", "pyspark>=4.0,<5"), ("pyarrow", "pyarrow"), ("pandas", "pandas>=2.2,<3")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"the Python package {module} (pip install 'cleanpress[spark]', which brings {package})")
    if not _java_found():
        missing.append("Java 17 or newer (e.g. apt-get install openjdk-17-jre-headless, or set JAVA_HOME)")
    return missing


def _java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return True
    return shutil.which("java") is not None


def require_spark() -> None:
    """Raise :class:`SparkUnavailable` naming every missing piece, or return quietly."""
    missing = missing_requirements()
    if missing:
        raise SparkUnavailable("the Spark engine needs " + "; and ".join(missing))


def default_conf(master: str) -> dict[str, str]:
    """Settings cleanpress needs on every session, sized for ``master``.

    >>> default_conf("local[2]")["spark.sql.shuffle.partitions"]
    '8'
    >>> default_conf("spark://head:7077")["spark.ui.enabled"]
    'true'
    """
    conf = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.showConsoleProgress": "false",
    }
    cores = _local_cores(master)
    if cores is not None:
        conf["spark.ui.enabled"] = "false"
        conf["spark.driver.host"] = "127.0.0.1"
        conf["spark.sql.shuffle.partitions"] = str(4 * cores)
        conf["spark.default.parallelism"] = str(4 * cores)
    else:
        conf["spark.ui.enabled"] = "true"
    return conf


def _local_cores(master: str) -> int | None:
    """The number of cores of a ``local`` master (``None`` for a cluster)."""
    if master == "local":
        return 1
    if master.startswith("local["):
        inner = master[len("local[") :].split("]", 1)[0].split(",", 1)[0]
        return (os.cpu_count() or 1) if inner == "*" else max(1, int(inner))
    return None


def under_spark_submit() -> bool:
    """Whether this process was started by ``spark-submit`` (which then chose the master)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(master: str | None = None, conf: Mapping[str, str] | None = None,
                  app_name: str = "cleanpress") -> Any:
    """A SparkSession that can run cleanpress (``getOrCreate``: an existing one is reused).

    ``master`` defaults to the one ``spark-submit`` was given, else ``local[*]``.
    ``conf`` overrides the defaults of :func:`default_conf`. The worker Python
    is the running interpreter unless ``PYSPARK_PYTHON`` is already set.
    """
    require_spark()
    if master is None and not under_spark_submit():
        master = "local[*]"
    local = master is not None and _local_cores(master) is not None
    if local or master is None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if local:
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = default_conf(master or "cluster")
    if master is None:  # spark-submit's own settings (UI, partitions) stand
        settings = {k: v for k, v in settings.items() if k != "spark.ui.enabled"}
    for key, value in {**settings, **(conf or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    with contextlib.suppress(Exception):  # Spark Connect sessions have no SparkContext
        session.sparkContext.setLogLevel("ERROR")
    return session
