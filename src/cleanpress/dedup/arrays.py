"""Set operations on integer arrays by sorting: the answers of ``np.unique``, ``np.union1d`` and ``np.isin``.

NumPy 2.3+ finds the distinct values of an integer array with a hash table, which on the
large arrays of band keys and pair codes dedup builds is many times slower than a sort
(``np.unique`` of 3M int64: ~2 s against ~0.03 s sorted here). These give the same arrays.

>>> x = np.array([5, 3, 5, 9, 3, 3])
>>> [a.tolist() for a in unique(x, return_index=True, return_inverse=True, return_counts=True)]
[[3, 5, 9], [1, 0, 3], [1, 0, 1, 2, 0, 0], [3, 2, 1]]
>>> union(np.array([4, 1]), np.array([1, 7])).tolist(), isin(np.array([1, 2, 7]), np.array([1, 4, 7])).tolist()
([1, 4, 7], [True, False, True])
"""

from __future__ import annotations

from typing import Any

import numpy as np


def unique(values: np.ndarray, *, return_index: bool = False, return_inverse: bool = False,
           return_counts: bool = False) -> Any:
    """``np.unique(values, ...)`` of a 1-D array, by a (stable) sort: the same arrays in the same order."""
    values = np.asarray(values).ravel()
    if not (return_index or return_inverse or return_counts):
        ordered = np.sort(values)
        flag = np.ones(len(ordered), dtype=bool)
        flag[1:] = ordered[1:] != ordered[:-1]
        return ordered[flag]
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    flag = np.ones(len(ordered), dtype=bool)
    flag[1:] = ordered[1:] != ordered[:-1]
    out: list[np.ndarray] = [ordered[flag]]
    if return_index:
        out.append(order[flag])
    if return_inverse:
        inverse = np.empty(len(values), dtype=np.intp)
        inverse[order] = np.cumsum(flag) - 1
        out.append(inverse)
    if return_counts:
        out.append(np.diff(np.append(np.flatnonzero(flag), len(values))))
    return tuple(out)


def union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d(a, b)``: the sorted distinct values of both."""
    return unique(np.concatenate((np.asarray(a).ravel(), np.asarray(b).ravel())))


def isin(values: np.ndarray, sorted_distinct: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_distinct)`` where ``sorted_distinct`` is sorted and distinct (any shape of
    ``values``)."""
    if len(sorted_distinct) == 0:
        return np.zeros(np.shape(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_distinct, values), len(sorted_distinct) - 1)
    return sorted_distinct[at] == values


def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of a 2-D integer array: the first row of each distinct row (indices) and each row's distinct row
    number (in the order the distinct rows sort by their columns, as ``np.unique(rows, axis=0)`` numbers them).

    >>> first, inverse = unique_rows(np.array([[2, 1], [1, 5], [2, 1]]))
    >>> first.tolist(), inverse.tolist()
    ([1, 0], [1, 0, 1])
    """
    order = np.lexsort(rows.T[::-1])  # stable: equal rows keep their order, the first of each comes first
    ordered = rows[order]
    flag = np.ones(len(rows), dtype=bool)
    flag[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(rows), dtype=np.intp)
    inverse[order] = np.cumsum(flag) - 1
    return order[flag], inverse
