"""Connected components of a large graph on Spark DataFrames: large-star / small-star.

The algorithm of Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii,
"Connected Components in MapReduce and Beyond" (SoCC 2014): alternate two
rounds that each re-attach nodes to the smallest label they can see, until the
edge set stops changing. At that point the edges form one star per component,
centred on its smallest node. Each round is a few joins and aggregations on
an edge DataFrame whose lineage is cut with a local checkpoint, so the number
of rounds (O(log² n), a handful in practice) never grows the query plan.

Edge lists small enough for the driver (``driver_limit``) are collected and
joined there with a union-find instead: at that size a Spark round costs more
than the whole computation.
"""

from __future__ import annotations

from typing import Any

from cleanpress.dedup.cluster import UnionFind

#: Edges collected to the driver at most; above this the components are computed on the cluster.
#: Two longs per edge in Python lists cost about 150 bytes, so the default bounds the driver at ~300 MB.
DRIVER_EDGE_LIMIT = 2_000_000


def connected_components(edges: Any, *, driver_limit: int = DRIVER_EDGE_LIMIT, max_rounds: int = 200) -> Any:
    """``(node, component)`` for every node of ``edges``; the component is its smallest node.

    ``edges`` has two long columns ``src`` and ``dst`` (undirected; loops and
    repeats allowed). Nodes without edges do not appear in the result.
    With ``driver_limit=0`` the distributed algorithm always runs.
    """
    from pyspark.sql import functions as F

    oriented = (
        edges.select(F.greatest("src", "dst").alias("u"), F.least("src", "dst").alias("v"))
        .where(F.col("u") != F.col("v"))
        .distinct()
    )
    if driver_limit > 0:
        head = oriented.limit(driver_limit + 1).collect()
        if len(head) <= driver_limit:
            pairs = _components_on_driver((row.u, row.v) for row in head)
            spark = edges.sparkSession
            return spark.createDataFrame(pairs, "node long, component long")
    return _large_star_small_star(oriented, max_rounds)


def _components_on_driver(pairs: Any) -> list[tuple[int, int]]:
    """The local union-find over ``(u, v)`` pairs: each node with the smallest node of its component.

    >>> sorted(_components_on_driver([(2, 1), (3, 2), (9, 7)]))
    [(1, 1), (2, 1), (3, 1), (7, 7), (9, 7)]
    """
    edges = list(pairs)
    nodes = sorted({x for edge in edges for x in edge})  # dense numbers, in node order
    dense = {node: i for i, node in enumerate(nodes)}
    uf = UnionFind()
    uf.grow(len(nodes))
    for u, v in edges:
        uf.union(dense[u], dense[v])
    return [(nodes[m], nodes[smallest]) for m, smallest in uf.components()]


def _large_star_small_star(oriented: Any, max_rounds: int) -> Any:
    """Alternate large-star and small-star on edges ``(u, v)`` with ``u > v`` until they stop changing."""
    from pyspark.sql import functions as F

    current = oriented.localCheckpoint()
    size = current.count()
    for _ in range(max_rounds):
        after = _small_star(_large_star(current)).localCheckpoint()
        after_size = after.count()
        if after_size == size and after.subtract(current).isEmpty():
            stars = after.select(F.col("u").alias("node"), F.col("v").alias("component"))
            centres = after.select(F.col("v").alias("node"), F.col("v").alias("component")).distinct()
            return stars.unionByName(centres)
        current, size = after, after_size
    raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")


def _large_star(edges: Any) -> Any:
    """Every node's larger neighbours re-attach to the smallest node of its closed neighbourhood."""
    from pyspark.sql import functions as F

    both = edges.select("u", "v").unionByName(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.first("u")).alias("m"))
    return (
        both.where(F.col("v") > F.col("u"))
        .join(smallest, "u")
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
        .distinct()
    )


def _small_star(edges: Any) -> Any:
    """Every node and its smaller neighbours attach to the smallest of those neighbours."""
    from pyspark.sql import functions as F

    smallest = edges.groupBy("u").agg(F.min("v").alias("m"))
    joined = edges.join(smallest, "u")
    neighbours = joined.where(F.col("v") != F.col("m")).select(F.col("v").alias("u"), F.col("m").alias("v"))
    itself = smallest.select("u", F.col("m").alias("v"))
    return neighbours.unionByName(itself).distinct()
