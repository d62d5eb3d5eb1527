"""Figure clusters: figures that measure the same quantity, grouped without comparing pairs."""

from kg.audit import Fig, figure_clusters


def fig(n, low, unit, *, what="", verb="supply", when=None, article="a", speakers=()):
    return Fig(n, f"{low:g} {unit}", n, n + 5, low, low, unit, None, None, what, when, verb, f"c{n}", article, tuple(speakers))


def sides(figs):
    return {f.n: {"figure": f"f{f.n}", "text": f.text, "article": f.article} for f in figs}


def test_clusters_group_one_quantity_and_report_its_spread():
    figs = [fig(1, 100, "tanks", article="a"), fig(2, 150, "battle tanks", article="b"), fig(3, 100, "tanks", article="c"),
            fig(4, 7, "percent", what="inflation rate", article="a"), fig(5, 9, "percent", what="the inflation", article="b"),
            fig(6, 40, "percent", what="turnout", article="c"),  # another share: its own cluster, one source only
            fig(7, 100, "tanks", when="2019", article="d")]  # another period
    clusters = figure_clusters(figs, sides(figs))
    tanks = next(c for c in clusters if c["unit"] in ("tanks", "battle tanks"))
    assert tanks["figures"] == 3 and tanks["low"] == 100 and tanks["high"] == 150 and tanks["spread"] == 1.5
    assert tanks["verdict"] == "disagree" and tanks["sources"] == ["a", "b", "c"]
    inflation = next(c for c in clusters if c["unit"] == "percent")
    assert inflation["figures"] == 2 and {m["figure"] for m in inflation["members"]} == {"f4", "f5"}
    assert all(m["figure"] != "f7" for c in clusters for m in c["members"])  # 2019 alone: one source, no cluster
    assert clusters[0]["spread"] >= clusters[-1]["spread"]


def test_clusters_are_near_linear():
    import time

    figs = [fig(i, 100 + i % 7, "drones", article=f"a{i % 50}") for i in range(20_000)]
    t = time.perf_counter()
    clusters = figure_clusters(figs, sides(figs))
    assert len(clusters) == 1 and clusters[0]["figures"] == 20_000
    assert time.perf_counter() - t < 5  # all pairs would be 200 million comparisons


def test_figures_held_as_columns_are_the_same_figures():
    import dataclasses
    import math

    import pytest

    from kg.audit import Figs, conflict_pairs

    listed = [dataclasses.replace(fig(i, 100 + 10 * (i % 3), "tanks" if i % 4 else "battle tanks", article=f"a{i % 3}",
                                      speakers=("x", "y") if i % 2 else ()), claim=i // 2) for i in range(12)]
    listed.append(dataclasses.replace(fig(12, 0, "tanks"), low=math.nan, high=math.nan, rate="per day", when="2024", claim=6))
    cols = Figs()
    for f in listed:
        cols.append(f)
    assert len(cols) == 13 and cols[3] == listed[3] and cols[-2] == listed[-2] and math.isnan(cols[-1].low)
    assert list(cols)[:-1] == listed[:-1] and dataclasses.replace(cols[-1], low=0, high=0) == dataclasses.replace(listed[-1], low=0, high=0)
    with pytest.raises(IndexError):
        cols[13]
    with pytest.raises(ValueError):
        cols.append(listed[0])  # figure 0 again: the columns are numbered in order
    assert conflict_pairs(cols) == conflict_pairs(listed) and conflict_pairs(listed)
    assert figure_clusters(cols, sides(listed)) == figure_clusters(listed, sides(listed))
