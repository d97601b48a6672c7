"""neuroncli.numtext against Python's own repr, the oracle it must reproduce exactly."""

from __future__ import annotations

import math
import struct
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from neuroncli.numtext import repr_list, repr_texts  # noqa: E402


def expected(values: np.ndarray) -> list[str]:
    return [repr(value) for value in values.tolist()]


def assert_same_as_repr(values: np.ndarray) -> None:
    got = repr_list(values)
    want = expected(values)
    wrong = [(w, g) for w, g in zip(want, got, strict=True) if w != g]
    assert not wrong, wrong[:10]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
                max_size=50))
@example([0.0, -0.0, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 1.5e-7, 5e-324])
def test_generated_floats(values):
    assert_same_as_repr(np.array(values, dtype=np.float64))


def test_random_bit_patterns():
    """Every exponent and sign, in proportion to the float64 bit patterns."""
    rng = np.random.default_rng(20261204)
    bits = rng.integers(0, 2**64, size=400_000, dtype=np.uint64, endpoint=False)
    assert_same_as_repr(bits.view(np.float64))


def test_neighbours_of_powers():
    """The layout changes at powers of ten, and the digits are hardest next to powers of two."""
    with np.errstate(over="ignore"):
        tens = np.array([float(f"1e{k}") for k in range(-324, 309)])
        twos = np.ldexp(1.0, np.arange(-1074, 1024))
    base = np.concatenate([tens, twos])
    values = np.concatenate([base, np.nextafter(base, 0), np.nextafter(base, np.inf)])
    assert_same_as_repr(np.concatenate([values, -values]))


def test_short_decimals_at_every_scale():
    rng = np.random.default_rng(7)
    mantissas = rng.integers(-999_999, 999_999, size=100_000).tolist()
    exponents = rng.integers(-330, 310, size=100_000).tolist()
    values = np.array([float(f"{m}e{e}") for m, e in zip(mantissas, exponents, strict=True)])
    assert_same_as_repr(values)


def test_whole_numbers_near_limit():
    rng = np.random.default_rng(11)
    values = rng.integers(-10**17, 10**17, size=100_000).astype(np.float64)
    small = rng.integers(-10**6, 10**6, size=10_000).astype(np.float64)
    assert_same_as_repr(np.concatenate([values, small, np.arange(-5.0, 5.0)]))


def test_special_values():
    payload_nan = struct.unpack("<d", struct.pack("<Q", 0xFFF8_0000_0000_0001))[0]
    values = np.array([math.nan, -math.nan, payload_nan, math.inf, -math.inf, 0.0, -0.0,
                       5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308])
    assert repr_list(values) == ["nan", "nan", "nan", "inf", "-inf", "0.0", "-0.0", "5e-324",
                                 "-5e-324", "2.2250738585072014e-308",
                                 "1.7976931348623157e+308"]


def test_mostly_slow_layouts():
    """Arrays where nearly every value needs rewriting: ReLU zeros, tiny probabilities."""
    rng = np.random.default_rng(3)
    z = rng.normal(size=20_000) * 3
    assert_same_as_repr(np.maximum(z, 0.0))
    assert_same_as_repr(np.exp(-40 + z))
    assert_same_as_repr(np.round(z * 1000))


def test_strided_and_empty_arrays():
    matrix = np.random.default_rng(5).normal(size=(300, 4))
    assert_same_as_repr(matrix.T[2])
    assert_same_as_repr(matrix[::7, 1])
    assert repr_list(np.zeros(0)) == []
    assert len(repr_texts(matrix[:, 0])) == 300


def test_pyarrow_writer_leaves_pandas_unloaded():
    """pyarrow imports pandas when it converts Python objects; its import costs 0.2 s."""
    script = (
        "import io, sys\n"
        "import numpy as np\n"
        "from neuroncli.writers import OutputFormat, RecordWriter\n"
        "values = np.random.default_rng(1).normal(size=20_000) * 8\n"
        "writer = RecordWriter(io.BytesIO(), OutputFormat.csv, ['row', 'id', 'z', 'a'])\n"
        "writer.write([range(1, 20_001), [f'r{i}' for i in range(20_000)], values,\n"
        "              1 / (1 + np.exp(-values))])\n"
        "print('pandas' in sys.modules, 'pyarrow.compute' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]
