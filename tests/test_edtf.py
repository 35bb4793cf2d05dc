"""The fast reading of common EDTF forms agrees with the edtf package's full grammar."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from incidentdb.data.scalars import Invalid, _full_edtf_bounds, fast_edtf_bounds

years = st.integers(1990, 2040).map(lambda y: f"{y:04d}")
months = st.integers(0, 13).map(lambda m: f"{m:02d}")
days = st.integers(0, 32).map(lambda d: f"{d:02d}")
qualifiers = st.sampled_from(["", "?", "~", "%"])
single = st.one_of(
    years,
    st.builds(lambda y, m: f"{y}-{m}", years, months),
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", years, months, days),
).flatmap(lambda core: qualifiers.map(lambda q: core + q))
forms = st.one_of(
    single,
    st.builds(lambda a, b: f"{a}/{b}", single, single),
    st.lists(single, min_size=1, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]"),
)


def full(value: str):
    try:
        return _full_edtf_bounds(value)
    except Invalid:
        return None


@settings(max_examples=300, derandomize=True, deadline=None)
@given(forms)
def test_fast_path_agrees_with_the_edtf_package(value):
    fast = fast_edtf_bounds(value)
    if fast is not None:  # the fast path reads it: the full grammar must read it the same way
        assert fast == full(value), value


def test_fast_path_leaves_impossible_dates_to_the_full_grammar():
    for value in ("2020-13", "2020-02-30", "2020-00", "2021-02-15/2021-13"):
        assert fast_edtf_bounds(value) is None
        assert full(value) is None
