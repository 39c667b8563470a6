"""The run fingerprint and the methodology normalisation."""

from __future__ import annotations

import numpy as np
import pytest

from indices.stats import DEFAULT_METHODOLOGY, MethodologyError, fingerprint, normalize_methodology

from .helpers import methodology


def test_fingerprint_is_canonical():
    a = fingerprint(np.array([[1.0, np.nan], [3.0, 0.0]]), {"b": 1, "a": [1, 2]}, "2023/2024")
    # Same values in another representation: int vs float, another nan payload, −0.0, key order.
    weird_nan = np.frombuffer(np.array([0x7FF8000000000123], dtype="<u8").tobytes(), dtype="<f8")[0]
    b = fingerprint(np.array([[1, weird_nan], [3, -0.0]]), {"a": [1, 2], "b": 1}, "2023/2024")
    assert a == b
    assert fingerprint([1, None, 3]) == fingerprint(np.array([1.0, np.nan, 3.0]))
    assert fingerprint(np.array(["A-1", "Б-2"])) == fingerprint(["A-1", "Б-2"])


def test_fingerprint_distinguishes():
    base = fingerprint(np.array([1.0, 2.0]))
    assert base != fingerprint(np.array([2.0, 1.0]))  # order
    assert base != fingerprint(np.array([[1.0, 2.0]]))  # shape
    assert base != fingerprint(np.array([1.0, 2.0]), None)  # number of parts
    assert base != fingerprint(np.array([True, True]))  # kind
    assert fingerprint("ab", "c") != fingerprint("a", "bc")  # boundaries between parts


def test_fingerprint_golden_value():
    # Pinned: a change of the encoding must be deliberate (bump VERSION in fingerprint.py).
    value = fingerprint(np.array([[4.0, 4.4], [3.0, np.nan]]), {"slug": "default"}, ["A-1", None])
    assert value == "41b4ee6427f19fc309036f62ac78c9f21eebab5b279cc8755064e62b11eedbf8"


def test_default_methodology_is_the_documented_one():
    m = normalize_methodology(DEFAULT_METHODOLOGY)
    assert m["outcome"]["subjects"] == ["math", "russian"] and m["outcome"]["min_participants"] == 5
    assert m["factors"] == ["parents_higher_ed", "single_parent", "on_register"]
    assert m["grouping"] == {"method": "c_scale", "groups": 11}
    assert m["thresholds"] == {"low_quality_max_group": 5, "unfavourable_max_wellbeing_group": 4}
    assert m["stability"] == {"years": 3, "min_low_years": 2}
    assert m is not DEFAULT_METHODOLOGY and m["outcome"] is not DEFAULT_METHODOLOGY["outcome"]


def test_missing_sections_take_defaults_and_extra_keys_survive():
    m = normalize_methodology({"slug": "korolyov", "factors": ["parents_higher_ed", "non_native"]})
    assert m["slug"] == "korolyov" and m["significance"] == {"confidence": 0.95}
    assert m["outcome"]["weights"] == "none"


def test_cutoffs_define_the_number_of_groups():
    thresholds = {"low_quality_max_group": 2, "unfavourable_max_wellbeing_group": 1}
    m = normalize_methodology(methodology(grouping={"method": "cutoffs", "cutoffs": [-1, 0, 1]}, thresholds=thresholds))
    assert m["grouping"]["groups"] == 4
    with pytest.raises(MethodologyError, match="больше числа групп 4"):
        normalize_methodology(methodology(grouping={"method": "cutoffs", "cutoffs": [-1, 0, 1]}))
    with pytest.raises(MethodologyError, match="границ"):
        normalize_methodology(methodology(grouping={"method": "cutoffs", "cutoffs": [-1, 1], "groups": 11}))


@pytest.mark.parametrize(
    "overrides",
    [
        {"grouping": {"method": "jenks"}},
        {"grouping": {"method": "c_scale", "groups": 10}},
        {"grouping": {"method": "cutoffs", "cutoffs": [1, 0]}},
        {"outcome": {"subjects": []}},
        {"outcome": {"subjects": ["math"], "min_participants": 2.5}},
        {"factors": ["a", "a"]},
        {"regression": {"weights": "students"}},
        {"thresholds": {"low_quality_max_group": 12}},
        {"significance": {"confidence": 95}},
        {"stability": {"years": 2, "min_low_years": 3}},
    ],
)
def test_bad_methodologies(overrides):
    with pytest.raises(MethodologyError, match="Методика"):
        normalize_methodology(methodology(**overrides))
