"""Compare evaluated columns with expected ones, cell by cell: pure functions over arrays.

Two numbers match under the rule of :func:`numpy.isclose`::

    |got - expected| <= atol + rtol * |expected|

with the defaults ``rtol = 1e-9`` and ``atol = 0``. ``eval`` writes every float as the shortest
text that reads back to the identical float64, so an unchanged build on the same machine
reproduces an expected file exactly. The relative tolerance of 1e-9 leaves room for another CPU,
BLAS or libm that rounds the last few bits differently (a float64 has a relative precision of
about 1.1e-16). A value that should be near 0 and comes out of a cancelling sum, such as a z
close to 0, has no useful relative tolerance and needs an ``atol``.

NaN matches NaN only when ``nan_equal`` is set. An infinity matches only an infinity of the same
sign. Text columns (ids, ``predicted``) match only when the text is identical.

Nothing here reads files or prints: ``neuroncli check`` feeds the columns in blocks of rows and
renders the :class:`ComparisonTally`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_RTOL = 1e-9
DEFAULT_ATOL = 0.0

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Column = FloatArray | Sequence[object]


@dataclass(frozen=True)
class Tolerance:
    """Tolerances of the numeric rule, and whether NaN matches NaN."""

    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    nan_equal: bool = False


@dataclass(frozen=True)
class NumericComparison:
    """The outcome of :func:`compare_numeric`, cell by cell; every array has the input shape.

    ``abs_error`` is ``|got - expected|`` and ``rel_error`` is ``abs_error / |expected|``. Both
    are NaN where either value is NaN or infinite. ``rel_error`` is infinite where ``expected``
    is 0 and ``got`` is not, and 0 where both are 0.
    """

    mismatch: BoolArray
    abs_error: FloatArray
    rel_error: FloatArray


def compare_numeric(
    got: ArrayLike,
    expected: ArrayLike,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    nan_equal: bool = False,
) -> NumericComparison:
    """Compare two float arrays cell by cell and return where they differ and by how much.

    The result agrees with ``~numpy.isclose(got, expected, rtol, atol, equal_nan=nan_equal)``
    except where ``atol + rtol * |expected|`` overflows to infinity: there ``numpy.isclose``
    lets an infinite ``got`` match a finite ``expected``, and this function does not.

    Parameters
    ----------
    got : array_like of float, shape (n, ...)
        The values computed now.
    expected : array_like of float, same shape as ``got``
        The reference values. The rule is not symmetric: the relative tolerance scales with
        ``|expected|``.
    rtol, atol : float
        Relative and absolute tolerance, both finite and at least 0.
    nan_equal : bool
        Count a NaN in both arrays as a match.

    Returns
    -------
    NumericComparison
        ``mismatch`` (True where the cells differ), ``abs_error`` and ``rel_error``.

    Raises
    ------
    ValueError
        If the shapes differ.
    """
    got_values = np.asarray(got, dtype=np.float64)
    expected_values = np.asarray(expected, dtype=np.float64)
    if got_values.shape != expected_values.shape:
        raise ValueError(f"shapes differ: got {got_values.shape}, expected "
                         f"{expected_values.shape}")

    finite = np.isfinite(got_values) & np.isfinite(expected_values)
    with np.errstate(over="ignore", invalid="ignore"):
        difference = np.abs(got_values - expected_values)
        bound = atol + rtol * np.abs(expected_values)
    close = finite & (difference <= bound)

    # Equality decides for infinities; it is False for NaN, so NaN needs its own flag.
    close |= ~finite & (got_values == expected_values)
    if nan_equal:
        close |= np.isnan(got_values) & np.isnan(expected_values)

    abs_error = np.where(finite, difference, np.nan)
    rel_error = relative_error(abs_error, expected_values)
    return NumericComparison(~close, abs_error, rel_error)


def relative_error(abs_error: FloatArray, expected: FloatArray) -> FloatArray:
    """Return ``abs_error / |expected|``: inf where only ``expected`` is 0, and 0 where both are.

    Parameters
    ----------
    abs_error : ndarray of float, shape (n, ...)
    expected : ndarray of float, same shape

    Returns
    -------
    ndarray of float, same shape
    """
    scale = np.abs(expected)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = abs_error / scale
    result: FloatArray = np.where((abs_error == 0) & (scale == 0), 0.0, ratio)
    return result


def compare_text(got: Column, expected: Sequence[str]) -> BoolArray:
    """Return True where ``str(got[i])`` differs from ``expected[i]``, shape (n,).

    Raises
    ------
    ValueError
        If the lengths differ.
    """
    if len(got) != len(expected):
        raise ValueError(f"lengths differ: got {len(got)}, expected {len(expected)}")
    return np.array([str(value) != text for value, text in zip(got, expected, strict=True)],
                    dtype=np.bool_).reshape(len(got))


@dataclass(frozen=True)
class CellDifference:
    """One differing cell: the 1-based data row, its id text (if any), column and both values.

    ``difference`` is ``got - expected`` for a numeric column and None for a text column.
    """

    row: int
    row_id: str | None
    column: str
    expected: float | str
    got: float | str
    difference: float | None


@dataclass(frozen=True)
class ErrorPeak:
    """The largest error of one kind (absolute or relative) over the compared numbers, and where."""

    error: float
    row: int
    column: str
    expected: float
    got: float


@dataclass
class ComparisonTally:
    """Running totals of a comparison fed one block of rows at a time.

    The totals do not depend on how the rows are split into blocks, provided the blocks come in
    row order. A largest error is the first cell with the maximum value (the lowest row, then
    the leftmost column), and ``examples`` lists the first differing cells in the same order.

    Parameters
    ----------
    tolerance
        The rule for numeric columns.
    max_examples
        How many differing cells to keep in ``examples``.
    """

    tolerance: Tolerance
    max_examples: int
    compared: int = 0
    differing: int = 0
    largest_abs: ErrorPeak | None = None
    largest_rel: ErrorPeak | None = None
    examples: list[CellDifference] = field(default_factory=list)

    def add_block(
        self,
        first_row: int,
        columns: Sequence[str],
        got: Sequence[Column],
        expected: Sequence[Column],
        id_columns: Sequence[Column] = (),
    ) -> None:
        """Compare one block of rows and add it to the totals.

        Parameters
        ----------
        first_row
            1-based data row number of the block's first row.
        columns
            Names of the compared columns, in report order.
        got, expected
            One column per name, each of length n. A column is numeric when its ``expected``
            column is a float ndarray, and is compared as text otherwise.
        id_columns
            Columns whose text identifies each row in ``examples``, joined by ", ".
        """
        if not columns:
            return
        rows = len(expected[0])
        tol = self.tolerance
        masks: list[BoolArray] = []
        abs_errors: list[FloatArray | None] = []
        rel_errors: list[FloatArray | None] = []
        for got_column, expected_column in zip(got, expected, strict=True):
            if _is_numeric(expected_column):
                result = compare_numeric(_floats(got_column), expected_column, tol.rtol,
                                         tol.atol, tol.nan_equal)
                masks.append(result.mismatch)
                abs_errors.append(result.abs_error)
                rel_errors.append(result.rel_error)
            else:
                masks.append(compare_text(got_column, [str(cell) for cell in expected_column]))
                abs_errors.append(None)
                rel_errors.append(None)

        mismatch = np.column_stack(masks) if rows else np.zeros((0, len(columns)), dtype=bool)
        self.compared += mismatch.size
        self.differing += int(mismatch.sum())

        self.largest_abs = self._merge_peak(self.largest_abs, abs_errors, first_row, columns,
                                            got, expected)
        self.largest_rel = self._merge_peak(self.largest_rel, rel_errors, first_row, columns,
                                            got, expected)
        self._collect_examples(mismatch, first_row, columns, got, expected, id_columns)

    @staticmethod
    def _merge_peak(current: ErrorPeak | None, errors: Sequence[FloatArray | None],
                    first_row: int, columns: Sequence[str], got: Sequence[Column],
                    expected: Sequence[Column]) -> ErrorPeak | None:
        found = _first_maximum(errors)
        if found is None:
            return current
        value, row, position = found
        # Strictly greater, so that an earlier block keeps a tie.
        if current is not None and not value > current.error:
            return current
        return ErrorPeak(value, first_row + row, columns[position],
                         _number(expected[position], row), _number(got[position], row))

    def _collect_examples(self, mismatch: BoolArray, first_row: int, columns: Sequence[str],
                          got: Sequence[Column], expected: Sequence[Column],
                          id_columns: Sequence[Column]) -> None:
        room = self.max_examples - len(self.examples)
        if room <= 0:
            return
        rows, positions = np.nonzero(mismatch)
        for row, position in zip(rows[:room].tolist(), positions[:room].tolist(), strict=True):
            row_id = ", ".join(str(column[row]) for column in id_columns) if id_columns else None
            if _is_numeric(expected[position]):
                expected_number = _number(expected[position], row)
                got_number = _number(got[position], row)
                with np.errstate(over="ignore", invalid="ignore"):
                    difference = float(np.float64(got_number) - np.float64(expected_number))
                self.examples.append(CellDifference(first_row + row, row_id, columns[position],
                                                    expected_number, got_number, difference))
            else:
                self.examples.append(CellDifference(first_row + row, row_id, columns[position],
                                                    str(expected[position][row]),
                                                    str(got[position][row]), None))


def _is_numeric(column: Column) -> TypeGuard[FloatArray]:
    return isinstance(column, np.ndarray) and column.dtype.kind == "f"


def _floats(column: Column) -> FloatArray:
    return np.asarray(column, dtype=np.float64)


def _number(column: Column, row: int) -> float:
    value: Any = column[row]
    return float(value)


def _first_maximum(errors: Sequence[FloatArray | None]) -> tuple[float, int, int] | None:
    """Return (value, row, column position) of the largest non-NaN error, lowest row first."""
    best: tuple[float, int, int] | None = None
    for position, values in enumerate(errors):
        if values is None or values.size == 0:
            continue
        present = ~np.isnan(values)
        if not present.any():
            continue
        row = int(np.argmax(np.where(present, values, -np.inf)))
        value = float(values[row])
        if best is None or value > best[0] or (value == best[0] and row < best[1]):
            best = (value, row, position)
    return best
