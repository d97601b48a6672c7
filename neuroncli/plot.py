"""Plots of an evaluation's output for learners, drawn with matplotlib (the extra ``plot``).

matplotlib is imported inside the functions only, so the rest of neuroncli runs without it. The
figure is drawn on a ``matplotlib.figure.Figure`` without pyplot, which keeps no global state.

A command collects the output chunk by chunk and draws it at the end::

    collector = PlotCollector(units)              # a UsageError if matplotlib is missing
    collector.add(Z, A)                           # per chunk, Z and A of shape (n, units)
    notes = write_plot(path, collector, activation, lang)

With one output unit the plot is the activation curve g(z) over the z range of all rows, with the
sampled rows' (z, a) points on it. With more units it is one histogram per unit of the sampled
rows' outputs: the predicted probabilities for softmax, log_softmax (as exp(a)) and sigmoid.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from neuroncli.errors import UsageError
from neuroncli.messages import text

if TYPE_CHECKING:
    from neuroncli.params import ActivationChoice

FloatArray = NDArray[np.float64]

DEFAULT_CAPACITY = 20_000
DEFAULT_SEED = 0
DEFAULT_SIZE = (960, 640)
DPI = 100
PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
# Panels of the histogram figure; further output units are left out with a note.
MAX_PANELS = 12
CURVE_POINTS = 512
# matplotlib computes axis spans as upper - lower, which overflows near the float64 maximum, so
# the plots show values only within +-DRAWABLE_LIMIT.
DRAWABLE_LIMIT = 1e300
HISTOGRAM_BINS = 20
PROBABILITY_OUTPUTS = ("sigmoid", "softmax", "log_softmax")
# Families that contain Hangul, tried before every other installed font.
HANGUL_FAMILIES = (
    "Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "Noto Serif CJK KR", "NanumGothic",
    "NanumBarunGothic", "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic",
    "Source Han Sans KR", "UnDotum", "Baekmuk Gulim",
)
# This font maps every code point to a placeholder box, so it would pass any coverage test.
_PLACEHOLDER_FAMILIES = ("Last Resort",)
AXIS_Z = "z = X w + b"
AXIS_A = "a = g(z)"


def require_matplotlib() -> None:
    """Raise a UsageError with the install command when matplotlib cannot be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError("plot.no_matplotlib", hint="plot.hint.install") from None


def plot_format(path: str) -> str:
    """Return the image format that the extension of *path* names: png, svg or pdf.

    Raises
    ------
    UsageError
        For any other extension.
    """
    for suffix, fmt in PLOT_FORMATS.items():
        if path.lower().endswith(suffix):
            return fmt
    raise UsageError("plot.bad_suffix", path=path, hint="plot.hint.suffix",
                     suffixes=", ".join(PLOT_FORMATS))


class PlotCollector:
    """A bounded, seeded sample of an output layer's rows, and the z range of all rows.

    Rows are kept by reservoir sampling (Vitter's algorithm R): the first *capacity* rows fill
    the sample, and row i (0-based) then replaces a uniformly chosen slot j when
    ``j = floor(u * (i + 1))`` with ``u`` from ``numpy.random.default_rng(seed).random()`` is
    below *capacity*. Each row is drawn in order with one ``u``, so the sample does not depend
    on how the rows are split into chunks. Only the first ``MAX_PANELS`` units are stored.

    Parameters
    ----------
    units : int
        Units of the output layer.
    capacity : int, default 20000
        Rows kept at most.
    seed : int, default 0

    Raises
    ------
    UsageError
        If matplotlib cannot be imported, so that a command fails before reading the data.
    """

    def __init__(self, units: int, capacity: int = DEFAULT_CAPACITY,
                 seed: int = DEFAULT_SEED) -> None:
        require_matplotlib()
        if units < 1 or capacity < 1:
            raise ValueError(f"units and capacity must be at least 1, got {units}, {capacity}")
        self.units = units
        self.stored_units = min(units, MAX_PANELS)
        self.capacity = capacity
        self.rows = 0
        self._rng = np.random.default_rng(seed)
        self._z = np.empty((capacity, self.stored_units), dtype=np.float64)
        self._a = np.empty((capacity, self.stored_units), dtype=np.float64)
        self._z_min = np.full(self.stored_units, np.inf)
        self._z_max = np.full(self.stored_units, -np.inf)

    @property
    def size(self) -> int:
        """Rows in the sample."""
        return min(self.rows, self.capacity)

    @property
    def z(self) -> FloatArray:
        """The sampled z, shape (size, stored_units)."""
        return self._z[: self.size]

    @property
    def a(self) -> FloatArray:
        """The sampled a, shape (size, stored_units)."""
        return self._a[: self.size]

    def z_range(self, unit: int = 0) -> tuple[float, float] | None:
        """Return the smallest and largest finite z of *unit* over every row added, or None."""
        low, high = float(self._z_min[unit]), float(self._z_max[unit])
        return (low, high) if low <= high else None

    def add(self, Z: ArrayLike, A: ArrayLike) -> None:
        """Add one chunk of the output layer.

        Parameters
        ----------
        Z, A : array_like, shape (n, units)
            The output layer's z and a for the chunk's rows, in file order.

        Raises
        ------
        ValueError
            If a shape is not (n, units) or Z and A differ in shape.
        """
        Z64 = np.asarray(Z, dtype=np.float64)
        A64 = np.asarray(A, dtype=np.float64)
        if Z64.ndim != 2 or Z64.shape[1] != self.units or A64.shape != Z64.shape:
            raise ValueError(f"Z and A must both have shape (n, {self.units}), "
                             f"got {Z64.shape} and {A64.shape}")
        Z64 = Z64[:, : self.stored_units]
        A64 = A64[:, : self.stored_units]
        count = Z64.shape[0]
        if count == 0:
            return

        finite = np.isfinite(Z64)
        self._z_min = np.minimum(self._z_min, np.where(finite, Z64, np.inf).min(axis=0))
        self._z_max = np.maximum(self._z_max, np.where(finite, Z64, -np.inf).max(axis=0))

        filled = min(max(self.capacity - self.rows, 0), count)
        self._z[self.rows : self.rows + filled] = Z64[:filled]
        self._a[self.rows : self.rows + filled] = A64[:filled]
        if filled < count:
            self._replace(Z64[filled:], A64[filled:], self.rows + filled)
        self.rows += count

    def _replace(self, Z: FloatArray, A: FloatArray, first_index: int) -> None:
        """Run algorithm R for rows that arrive after the sample is full."""
        index = np.arange(first_index, first_index + Z.shape[0], dtype=np.int64)
        slots = np.floor(self._rng.random(Z.shape[0]) * (index + 1)).astype(np.int64)
        # u * (i + 1) < i + 1 in exact arithmetic, and the minimum keeps rounding from breaking it.
        slots = np.minimum(slots, index)
        chosen = np.flatnonzero(slots < self.capacity)
        if chosen.size == 0:
            return

        # Rows replace slots in file order, so a slot chosen twice keeps the later row.
        # np.unique on the reversed order returns the first occurrence there, which is that row.
        reversed_rows = chosen[::-1]
        targets, first = np.unique(slots[reversed_rows], return_index=True)
        rows = reversed_rows[first]
        self._z[targets] = Z[rows]
        self._a[targets] = A[rows]


# Fonts --------------------------------------------------------------------------------------

@functools.cache
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError):
        return frozenset()


def _font_candidates() -> list[tuple[str, str]]:
    """Return (family, file) of the installed fonts, the known Hangul families first."""
    from matplotlib import font_manager

    entries = {(entry.name, entry.fname) for entry in font_manager.fontManager.ttflist
               if not entry.name.startswith(_PLACEHOLDER_FAMILIES)}
    preference = {name: rank for rank, name in enumerate(HANGUL_FAMILIES)}
    return sorted(entries, key=lambda entry: (preference.get(entry[0], len(preference)), entry))


def _default_font() -> tuple[str, str]:
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties())
    return font_manager.get_font(path).family_name, path


def font_families(texts: Sequence[str]) -> list[str] | None:
    """Return a ``font.family`` list that draws every character of *texts*, or None.

    The default font comes first. A second family is added only for the characters that the
    default font lacks, and matplotlib 3.6 and later draws those glyphs from it.
    """
    family, path = _default_font()
    needed = {ord(character) for line in texts for character in line if not character.isspace()}
    missing = needed - _charmap(path)
    if not missing:
        return [family]
    for name, candidate in _font_candidates():
        if missing <= _charmap(candidate):
            return [family, name]
    return None


# Drawing ------------------------------------------------------------------------------------

def _labels(lang: str, collector: PlotCollector, activation: ActivationChoice) -> dict[str, str]:
    fields = {"activation": activation.describe(), "shown": collector.size,
              "rows": collector.rows}
    keys = ("curve_label", "points_label", "threshold_label", "axis_probability", "axis_rows")
    labels = {key: text(f"plot.{key}", lang) for key in keys}
    labels["curve_title"] = text("plot.curve_title", lang, **fields)
    labels["hist_title"] = text("plot.hist_title", lang, **fields)
    labels["hist_title_values"] = text("plot.hist_title_values", lang, **fields)
    return labels


def _choose_text(collector: PlotCollector, activation: ActivationChoice, lang: str,
                 unit_names: Sequence[str] | None) -> tuple[dict[str, str], list[str], list[str],
                                                            list[str]]:
    """Return the labels, panel titles and font families that the installed fonts can draw.

    Korean labels fall back to English when no font has Hangul. A class name that no font
    draws is replaced by its unit number. Each fallback adds a note in *lang*.
    """
    notes = []
    label_lang = lang
    panels = collector.stored_units if collector.units > 1 else 0
    names = list(unit_names or [])[:panels]

    def titles(language: str) -> list[str]:
        defaults = [text("plot.unit_name", language, index=j) for j in range(panels)]
        return names + defaults[len(names):]

    labels = _labels(lang, collector, activation)
    families = font_families([*labels.values(), *titles(lang)])
    if families is None and font_families(list(labels.values())) is None:
        label_lang = "en"
        labels = _labels("en", collector, activation)
        notes.append(text("plot.no_hangul_font", lang))
        families = font_families([*labels.values(), *titles("en")])

    panel_titles = titles(label_lang)
    if families is None:
        fallback = [text("plot.unit_name", label_lang, index=j) for j in range(panels)]
        panel_titles = [title if font_families([title]) is not None else fallback[j]
                        for j, title in enumerate(panel_titles)]
        notes.append(text("plot.names_replaced", lang))
        families = font_families([*labels.values(), *panel_titles]) or [_default_font()[0]]
    return labels, panel_titles, families, notes


def curve_grid(z_range: tuple[float, float] | None, points: int = CURVE_POINTS) -> FloatArray:
    """Return evenly spaced z over *z_range* widened by 5% on each side, or over [-6, 6].

    The range is clipped to +-DRAWABLE_LIMIT first, so that no step overflows even for z near
    the float64 maximum.

    Returns
    -------
    z : ndarray of float64, shape (points,), increasing
    """
    if z_range is None:
        return np.linspace(-6.0, 6.0, points)
    low, high = (min(max(bound, -DRAWABLE_LIMIT), DRAWABLE_LIMIT) for bound in z_range)
    margin = (high - low) / 20 if high > low else max(abs(low) / 10, 1.0)
    lower = max(low - margin, -DRAWABLE_LIMIT)
    upper = min(high + margin, DRAWABLE_LIMIT)
    return np.linspace(lower, upper, points)


def _draw_curve(figure: Any, collector: PlotCollector, activation: ActivationChoice,
                labels: dict[str, str]) -> None:
    from neuroncli.core.activations import apply_activation

    axes = figure.add_subplot()
    z, a = collector.z[:, 0], collector.a[:, 0]
    drawable = _drawable(collector, activation)[:, 0]
    grid = curve_grid(collector.z_range(0))
    curve = apply_activation(activation.activation, grid, activation.params)

    # The points lie on the curve by definition, so they are drawn over it.
    axes.plot(grid, curve, color="tab:blue", linewidth=1.5, label=labels["curve_label"], zorder=2)
    axes.scatter(z[drawable], a[drawable], s=16, alpha=0.5, color="tab:orange", linewidths=0,
                 label=labels["points_label"], zorder=3)
    if activation.name == "sigmoid":
        axes.axhline(0.5, color="gray", linestyle="--", linewidth=1,
                     label=labels["threshold_label"], zorder=1)
    axes.set_xlabel(AXIS_Z)
    axes.set_ylabel(AXIS_A)
    axes.set_title(labels["curve_title"])
    axes.grid(alpha=0.3)
    # A fixed corner, because loc="best" scans every point and warns on large samples.
    axes.legend(loc="upper left")


def _histogram_values(collector: PlotCollector, activation: ActivationChoice) -> FloatArray:
    """Return the sampled outputs as the histograms show them: probabilities for log_softmax."""
    return np.exp(collector.a) if activation.name == "log_softmax" else collector.a


def _drawable(collector: PlotCollector, activation: ActivationChoice) -> NDArray[np.bool_]:
    """Mark the sampled values that the plot can draw, shape (size, stored_units)."""
    if collector.units == 1:
        z, a = collector.z, collector.a
        return np.isfinite(z) & np.isfinite(a) & (np.abs(z) <= DRAWABLE_LIMIT)
    values = _histogram_values(collector, activation)
    return np.isfinite(values) & (np.abs(values) <= DRAWABLE_LIMIT)


def _draw_histograms(figure: Any, collector: PlotCollector, activation: ActivationChoice,
                     labels: dict[str, str], titles: Sequence[str]) -> None:
    values = _histogram_values(collector, activation)
    drawable = _drawable(collector, activation)
    probability = activation.name in PROBABILITY_OUTPUTS
    finite = values[drawable]
    if probability:
        bins = np.linspace(0.0, 1.0, HISTOGRAM_BINS + 1)
    elif finite.size:
        bins = np.histogram_bin_edges(finite, bins=HISTOGRAM_BINS)
    else:
        bins = np.linspace(0.0, 1.0, HISTOGRAM_BINS + 1)

    panels = len(titles)
    columns = min(panels, 4)
    rows = math.ceil(panels / columns)
    grid = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    for j, axes in enumerate(grid.flat):
        if j >= panels:
            axes.set_visible(False)
            continue
        axes.hist(values[drawable[:, j], j], bins=bins, color=f"C{j % 10}")
        axes.set_title(titles[j])
        axes.grid(alpha=0.3)
    figure.suptitle(labels["hist_title"] if probability else labels["hist_title_values"])
    figure.supxlabel(labels["axis_probability"] if probability else "a")
    figure.supylabel(labels["axis_rows"])


def write_plot(
    path: str,
    collector: PlotCollector,
    activation: ActivationChoice,
    lang: str,
    *,
    unit_names: Sequence[str] | None = None,
    inputs: Sequence[str] = (),
    size: tuple[int, int] = DEFAULT_SIZE,
) -> list[str]:
    """Draw the collected output and write it to *path*, replacing the file only on success.

    Parameters
    ----------
    path : str
        Ends in .png, .svg or .pdf.
    collector : PlotCollector
    activation : ActivationChoice
        The output layer's activation and its parameter values.
    lang : str
        Language of the labels and of the returned notes.
    unit_names : sequence of str, optional
        Titles of the histogram panels, such as the class names; default "unit 0", ...
    inputs : sequence of str
        Files the plot must not overwrite.
    size : (int, int)
        Width and height in pixels of a PNG (at 100 dots per inch for SVG and PDF).

    Returns
    -------
    list of str
        Notes for standard error: fallbacks to English labels, units or rows left out.

    Raises
    ------
    UsageError
        Without matplotlib, for an unknown extension, or when *path* is one of *inputs*.
    OutputError
        If the file cannot be written.
    """
    require_matplotlib()
    fmt = plot_format(path)
    import matplotlib
    from matplotlib.figure import Figure

    from neuroncli.writers import atomic_output

    labels, titles, families, notes = _choose_text(collector, activation, lang, unit_names)
    if collector.units > collector.stored_units:
        notes.append(text("plot.units_left_out", lang, shown=collector.stored_units,
                          units=collector.units))
    hidden = int(np.count_nonzero(~_drawable(collector, activation).all(axis=1)))
    if hidden:
        notes.append(text("plot.not_finite", lang, count=hidden))

    width, height = size
    with matplotlib.rc_context({"font.family": families}):
        figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
        if collector.units == 1:
            _draw_curve(figure, collector, activation, labels)
        else:
            _draw_histograms(figure, collector, activation, labels, titles)
        with atomic_output(path, inputs) as stream:
            figure.savefig(stream, format=fmt, dpi=DPI)
    return notes
