"""Results as data (indices/stats/aggregate.py) against pandas: weighted means and mark
distributions per group, differences from the group, trends over the years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indices.stats import IndicesError
from indices.stats.aggregate import difference, factorize, trend, weighted_distribution, weighted_means

from .helpers import HYPOTHESIS


def _table(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    marks = rng.dirichlet([1, 3, 4, 2], n) * 100
    frame = pd.DataFrame(
        {
            "municipality": rng.integers(1, 6, n),
            "school": rng.integers(1, 60, n),
            "year": rng.integers(2021, 2026, n),
            "participants": rng.integers(0, 40, n).astype(float),
            "mean": rng.normal(15, 4, n).round(2),
            **{f"share_{m}": marks[:, m - 2].round(2) for m in (2, 3, 4, 5)},
        }
    )
    frame.loc[rng.random(n) < 0.1, "mean"] = np.nan
    frame.loc[rng.random(n) < 0.1, "share_3"] = np.nan
    return frame


def test_factorize_orders_groups_by_their_keys():
    groups = factorize(np.array([3, 1, 3, 1, 2]), np.array(["b", "a", "a", "a", "z"]))
    assert groups.size == 4
    assert [k.tolist() for k in groups.keys] == [[1, 2, 3, 3], ["a", "z", "a", "b"]]
    assert groups.index.tolist() == [3, 0, 2, 0, 1]
    assert factorize(np.array([], dtype=int)).size == 0
    with pytest.raises(IndicesError):
        factorize(np.array([1, 2]), np.array([1]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_means_and_distribution_agree_with_pandas(seed):
    frame = _table(seed)
    groups = factorize(frame["municipality"].to_numpy(), frame["year"].to_numpy())
    means = weighted_means(index=groups.index, size=groups.size, values=frame["mean"], weights=frame["participants"])
    used = frame[frame["mean"].notna() & (frame["participants"] > 0)]
    expected = used.groupby(["municipality", "year"]).apply(
        lambda g: pd.Series(
            {"mean": np.average(g["mean"], weights=g["participants"]), "weight": g["participants"].sum(), "n": len(g)}
        )
    )
    keys = list(zip(*(k.tolist() for k in groups.keys), strict=True))
    for g, key in enumerate(keys):
        if key in expected.index:
            row = expected.loc[key]
            assert means.mean[g] == pytest.approx(row["mean"], rel=1e-12)
            assert (means.weight[g], means.count[g]) == (row["weight"], row["n"])
        else:
            assert np.isnan(means.mean[g]) and means.count[g] == 0

    columns = ["share_2", "share_3", "share_4", "share_5"]
    distribution = weighted_distribution(
        index=groups.index, size=groups.size, shares=frame[columns].to_numpy(), weights=frame["participants"]
    )
    complete = frame[frame[columns].notna().all(axis=1) & (frame["participants"] > 0)]
    for g, key in enumerate(keys):
        part = complete[(complete["municipality"] == key[0]) & (complete["year"] == key[1])]
        if part.empty:
            assert np.isnan(distribution[g]).all()
        else:
            for c, column in enumerate(columns):
                assert distribution[g, c] == pytest.approx(np.average(part[column], weights=part["participants"]))


def test_weighted_means_do_not_depend_on_the_order_of_rows():
    frame = _table(5)
    shuffled = frame.sample(frac=1, random_state=9)
    a = weighted_means(index=frame["municipality"] - 1, size=5, values=frame["mean"], weights=frame["participants"])
    b = weighted_means(
        index=shuffled["municipality"] - 1, size=5, values=shuffled["mean"], weights=shuffled["participants"]
    )
    assert a.mean.tobytes() == b.mean.tobytes()


def test_difference_from_the_group():
    out = difference(values=[10.0, 12.0, np.nan, 8.0], index=[0, 1, 1, -1], reference=[9.5, np.nan])
    assert out[0] == 0.5 and np.isnan(out[1:]).all()


@HYPOTHESIS
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(2018, 2026), st.floats(0, 100, allow_nan=False)),
        max_size=40,
        unique_by=lambda r: (r[0], r[1]),
    )
)
def test_trend_agrees_with_pandas_and_numpy(rows):
    frame = pd.DataFrame(rows, columns=["series", "year", "value"])
    result = trend(index=frame["series"].to_numpy(dtype=int), size=5, year=frame["year"], values=frame["value"])
    for series in range(5):
        part = frame[frame["series"] == series].sort_values("year")
        if part.empty:
            assert (result.years[series], result.first_year[series], result.last_year[series]) == (0, 0, 0)
            assert np.isnan(result.slope[series]) and np.isnan(result.change[series])
            continue
        assert result.years[series] == len(part)
        assert (result.first_year[series], result.last_year[series]) == (part["year"].min(), part["year"].max())
        if len(part) >= 2:
            expected = np.polyfit(part["year"] - 2000, part["value"], 1)[0]
            assert result.slope[series] == pytest.approx(expected, abs=1e-7)
        else:
            assert np.isnan(result.slope[series])
        last = part.iloc[-1]
        before = part[part["year"] == last["year"] - 1]
        if before.empty:
            assert np.isnan(result.change[series])
        else:
            assert result.change[series] == pytest.approx(last["value"] - before["value"].iloc[0])


def test_trend_refuses_two_values_in_one_year():
    with pytest.raises(IndicesError):
        trend(index=[0, 0], size=1, year=[2024, 2024], values=[1.0, 2.0])
