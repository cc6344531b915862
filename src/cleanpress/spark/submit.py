"""The file to give ``spark-submit``: ``run --engine spark`` under a cluster's own master.

    spark-submit --master yarn --deploy-mode client \\
        "$(python -c 'import cleanpress.spark.submit as m; print(m.__file__)')" \\
        s3a://bucket/pages/ -o s3a://bucket/stories.parquet

The arguments are those of ``python -m cleanpress run`` (without ``--engine``);
the master and settings are ``spark-submit``'s unless ``--master``/``--conf``
are given here too.
"""

from __future__ import annotations

import sys

from cleanpress.cli import main


def submit(argv: list[str]) -> int:
    """Run ``cleanpress run --engine spark`` with ``argv``; the exit status."""
    return main(["run", "--engine", "spark", *argv])


if __name__ == "__main__":
    sys.exit(submit(sys.argv[1:]))
