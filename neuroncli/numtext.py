"""Format float64 arrays as the text of Python's ``repr``, at the speed of compiled code.

``repr`` of a float is the shortest decimal text that parses back to the same float64. Write
the value as d.ddd x 10**e. When e is between -4 and 15, repr uses positional notation, with
``.0`` after a whole number. Otherwise it uses scientific notation with a signed exponent of
at least two digits (``1e-05``, ``1.5e+16``). The non-finite values are ``nan``, ``inf`` and
``-inf``, and negative zero is ``-0.0``.

pyarrow's cast of float64 to string finds the same shortest digits in C++, but lays some
values out in another way:

- whole numbers lack ``.0`` (``100``, ``-0``);
- exponents are not padded (``1.5e-7``), and scientific notation starts at other exponents
  (``1e+14``, ``1.2345678901234566e+13``);
- numbers between 1e-6 and 1e-4 are positional (``0.00001``).

:func:`repr_texts` casts with pyarrow and rewrites those texts: it pads an exponent or appends
``.0`` in vectorised steps, and formats the few remaining values with ``repr`` itself. The tests
compare it with ``repr`` on random bit patterns, on values near every power of ten and on
generated floats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

# The most significant digits that the exact decimal value of a float64 has (the largest
# subnormal, 2**-1022 - 2**-1074, has this many), so format(value, ".Ng") with a larger N
# writes the same text.
MAX_SIGNIFICANT_DIGITS = 767

# Texts that pyarrow writes and repr writes differently, as RE2 patterns (pyarrow's regular
# expressions) with their replacements. A one-digit negative exponent below -4 only needs a
# zero (1.5e-7 -> 1.5e-07). Positional numbers from 1e-6 to 1e-4 become scientific
# (0.0000123 -> 1.23e-05, 0.000002 -> 2e-06).
_REWRITES = [
    (r"e-([5-9])$", r"e-0\1"),
    (r"^(-?)0\.00000([1-9])([0-9]+)$", r"\1\2.\3e-06"),
    (r"^(-?)0\.00000([1-9])$", r"\1\2e-06"),
    (r"^(-?)0\.0000([1-9])([0-9]+)$", r"\1\2.\3e-05"),
    (r"^(-?)0\.0000([1-9])$", r"\1\2e-05"),
]
# Whole numbers up to 16 digits, which repr writes positionally with ".0".
_WHOLE_NUMBER = r"^-?[0-9]{1,16}$"
# Everything else that differs, formatted by repr itself: exponents that repr writes
# positionally (e+0 to e+15, e-1 to e-4), any positional number below 1e-4 left by the
# rewrites, and whole numbers of 17 digits or more.
_OTHER_LAYOUT = r"e\+[0-9]$|e\+1[0-5]$|e-[1-4]$|^-?0\.0000|^-?[0-9]{17,}$"


def repr_texts(values: NDArray[np.float64]) -> pa.StringArray:
    """Return ``repr`` of every value of a one-dimensional float64 array, as a pyarrow array.

    Parameters
    ----------
    values : ndarray of float64, shape (n,)

    Returns
    -------
    pyarrow.StringArray, length n, without nulls
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.ascontiguousarray(values, dtype=np.float64)
    texts = pc.cast(numeric_array(values), pa.string())
    suspects = _suspects(values, texts)
    if not len(suspects):
        return texts
    picked = texts.take(numeric_array(suspects.astype(np.int64)))
    fixed = _relayout(picked, values[suspects])
    mask = np.zeros(len(values), dtype=bool)
    mask[suspects] = True
    return pc.replace_with_mask(texts, boolean_array(mask), fixed)


def repr_list(values: NDArray[np.float64]) -> list[str]:
    """Return ``repr`` of every value as a list of str (see :func:`repr_texts`)."""
    return repr_texts(values).to_pylist()  # type: ignore[no-any-return]


def _suspects(values: NDArray[np.float64], texts: pa.StringArray) -> NDArray[np.intp]:
    """Return the positions whose pyarrow text may differ from repr, in increasing order.

    Those are the values that are whole, below 1e-4 in magnitude or not finite (decided from
    the numbers), and every text with an exponent (found by one scan of the characters).
    """
    magnitude = np.abs(values)
    with np.errstate(invalid="ignore"):
        suspect = (values == np.trunc(values)) | (magnitude < 1e-4) | ~np.isfinite(values)
    _, offsets_buffer, data_buffer = texts.buffers()
    if data_buffer is not None:
        offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(texts) + 1,
                                offset=texts.offset * 4)
        characters = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]:offsets[-1]]
        exponents = np.flatnonzero(characters == ord("e")) + offsets[0]
        if len(exponents):
            suspect[np.searchsorted(offsets, exponents, side="right") - 1] = True
    return np.flatnonzero(suspect)


def _relayout(texts: pa.StringArray, values: NDArray[np.float64]) -> pa.StringArray:
    """Rewrite pyarrow's texts of *values* in repr's layout.

    The common cases get only the steps they need: whole numbers below 1e15 (pyarrow writes
    ``100`` for 100.0), numbers below 1e-6 (a one-digit exponent to pad) and numbers from 1e-6
    to 1e-4 (positional in pyarrow). The rest, and a final check of every text, go through
    every rewrite.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    magnitude = np.abs(values)
    with np.errstate(invalid="ignore"):
        whole = (values == np.trunc(values)) & (magnitude < 1e15) & ~np.signbit(values)
        tiny = (magnitude > 0) & (magnitude < 1e-6)
        band = (magnitude >= 1e-6) & (magnitude < 1e-4)
    rest = ~(whole | tiny | band)
    point_zero, nothing = string_array([".0", ""])

    def rewrite(part: pa.StringArray, rewrites: list[tuple[str, str]]) -> pa.StringArray:
        for pattern, replacement in rewrites:
            part = pc.replace_substring_regex(part, pattern, replacement)
        return part

    if whole.any():
        numbers = pc.cast(numeric_array(values[whole].astype(np.int64)), pa.string())
        whole_texts = pc.binary_join_element_wise(numbers, point_zero, nothing)
        texts = pc.replace_with_mask(texts, boolean_array(whole), whole_texts)
    for part, rewrites in ((tiny, _REWRITES[:1]), (band, _REWRITES[1:])):
        if part.any():
            mask = boolean_array(part)
            texts = pc.replace_with_mask(texts, mask, rewrite(texts.filter(mask), rewrites))
    if rest.any():
        mask = boolean_array(rest)
        others = rewrite(texts.filter(mask), _REWRITES)
        marked = pc.match_substring_regex(others, _WHOLE_NUMBER)
        others = pc.if_else(marked, pc.binary_join_element_wise(others, point_zero, nothing),
                            others)
        texts = pc.replace_with_mask(texts, mask, others)

    other = _booleans(pc.match_substring_regex(texts, _OTHER_LAYOUT))
    if not other.any():
        return texts
    slow = np.flatnonzero(other)
    exact = string_array([float.__repr__(value) for value in values[slow].tolist()])
    return pc.replace_with_mask(texts, boolean_array(other), exact)


# pyarrow.array() and pyarrow.scalar() import pandas (0.2 s) the first time they run, when
# pandas is installed, to check whether their argument is a pandas object, and compute
# functions call them on Python arguments. The arrays here are built from their buffers, and
# scalars are taken from such arrays.


def numeric_array(values: NDArray[np.generic]) -> pa.Array:
    """Return a pyarrow array that shares the memory of a 1-d numpy array of numbers."""
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    kind = pa.from_numpy_dtype(values.dtype)
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def boolean_array(flags: NDArray[np.bool_]) -> pa.BooleanArray:
    """Return a pyarrow boolean array with the values of a 1-d numpy boolean array."""
    import pyarrow as pa

    bits = np.packbits(flags, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, pa.py_buffer(bits)])


def string_array(texts: list[str]) -> pa.StringArray:
    """Return a pyarrow string array of *texts*, encoded as UTF-8."""
    import pyarrow as pa

    encoded = [text.encode("utf-8") for text in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in encoded], out=offsets[1:])
    data = pa.py_buffer(b"".join(encoded))
    if offsets[-1] < 2**31:
        return pa.Array.from_buffers(pa.string(), len(encoded),
                                     [None, pa.py_buffer(offsets.astype(np.int32)), data])
    return pa.Array.from_buffers(pa.large_string(), len(encoded),
                                 [None, pa.py_buffer(offsets), data])


def _booleans(flags: pa.BooleanArray) -> NDArray[np.bool_]:
    """Return a pyarrow boolean array without nulls as a numpy array.

    The bits are unpacked directly: ``BooleanArray.to_numpy`` imports pandas first.
    """
    bits = np.frombuffer(flags.buffers()[1], dtype=np.uint8)
    unpacked = np.unpackbits(bits, bitorder="little")
    return unpacked[flags.offset:flags.offset + len(flags)].astype(bool)
