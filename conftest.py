"""Doctest collection of the package: modules of optional extras that are not installed are skipped."""

from __future__ import annotations

import importlib.util

#: modules that import an optional extra at their top (their tests skip with a reason instead)
collect_ignore = [
    path for path, extra in (("src/cleanpress/integrations/datatrove.py", "datatrove"),)
    if importlib.util.find_spec(extra) is None
]
