"""neuroncli.plot: the bounded sample of eval's output and the image drawn from it."""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE_DATA

from neuroncli import plot
from neuroncli.errors import EXIT_OUTPUT, EXIT_USAGE, NeuronCliError, UsageError
from neuroncli.messages import text
from neuroncli.params import resolve_activation

IRIS = str(SAMPLE_DATA / "iris.csv")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def mpl():
    return pytest.importorskip("matplotlib")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which follows the signature in every PNG."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def read_pixels(path: Path) -> np.ndarray:
    from matplotlib import image

    return np.asarray(image.imread(str(path)), dtype=np.float64)


def count_colour(pixels: np.ndarray, rgb: tuple[int, int, int], tolerance: float = 0.06) -> int:
    target = np.array(rgb, dtype=np.float64) / 255.0
    return int(np.count_nonzero(np.all(np.abs(pixels[..., :3] - target) < tolerance, axis=-1)))


def reservoir_reference(count: int, capacity: int, seed: int) -> list[int]:
    """Algorithm R one row at a time, with the same uniform draws, as the collector documents."""
    rng = np.random.default_rng(seed)
    sample: list[int] = []
    for i in range(count):
        if i < capacity:
            sample.append(i)
            continue
        j = int(rng.random() * (i + 1))
        if j < capacity:
            sample[j] = i
    return sample


def softmax_rows(Z: np.ndarray) -> np.ndarray:
    shifted = np.exp(Z - Z.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


# PlotCollector -------------------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 250, 5000])
def test_sample_matches_one_row_at_a_time(mpl, chunk):
    count, capacity = 5000, 300
    collector = plot.PlotCollector(1, capacity=capacity, seed=42)
    rows = np.arange(count, dtype=np.float64)[:, np.newaxis]
    for start in range(0, count, chunk):
        collector.add(rows[start:start + chunk], -rows[start:start + chunk])

    assert collector.rows == count
    assert collector.size == capacity
    assert collector.z[:, 0].tolist() == [float(i) for i in reservoir_reference(count, capacity,
                                                                                42)]
    assert np.array_equal(collector.a, -collector.z)


def test_sample_is_uniform_over_rows(mpl):
    count, capacity, trials = 40, 4, 3000
    hits = np.zeros(count)
    rows = np.arange(count, dtype=np.float64)[:, np.newaxis]
    for seed in range(trials):
        collector = plot.PlotCollector(1, capacity=capacity, seed=seed)
        collector.add(rows, rows)
        hits[collector.z[:, 0].astype(int)] += 1

    # Every row is kept with probability capacity / count; 5 binomial standard deviations.
    expected = capacity / count
    tolerance = 5 * math.sqrt(expected * (1 - expected) / trials)
    assert np.all(np.abs(hits / trials - expected) < tolerance)
    assert hits.sum() == capacity * trials


def test_short_input_keeps_every_row(mpl):
    collector = plot.PlotCollector(2, capacity=100)
    Z = np.array([[1.0, 2.0], [3.0, 4.0]])
    collector.add(Z, Z * 10)
    collector.add(np.empty((0, 2)), np.empty((0, 2)))

    assert collector.size == 2
    assert np.array_equal(collector.z, Z)
    assert np.array_equal(collector.a, Z * 10)


def test_z_range_covers_every_row(mpl):
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(10_000, 1)) * 5
    Z[1234, 0] = np.nan
    Z[4321, 0] = np.inf
    collector = plot.PlotCollector(1, capacity=10)
    for start in range(0, len(Z), 999):
        collector.add(Z[start:start + 999], Z[start:start + 999])

    finite = Z[np.isfinite(Z)]
    assert collector.z_range() == (float(finite.min()), float(finite.max()))


def test_memory_is_bounded_on_a_million_rows(mpl):
    collector = plot.PlotCollector(3, seed=1)
    block = np.ones((100_000, 3))
    for _ in range(10):
        collector.add(block, block)

    assert collector.rows == 1_000_000
    assert collector.size == plot.DEFAULT_CAPACITY
    assert collector.z.shape == (plot.DEFAULT_CAPACITY, 3)


def test_only_first_units_are_stored(mpl):
    units = plot.MAX_PANELS + 5
    collector = plot.PlotCollector(units)
    collector.add(np.zeros((4, units)), np.ones((4, units)))

    assert collector.z.shape == (4, plot.MAX_PANELS)


def test_add_rejects_wrong_shape(mpl):
    collector = plot.PlotCollector(2)

    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        collector.add(np.zeros((3, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError):
        collector.add(np.zeros((3, 2)), np.zeros((2, 2)))


# Missing matplotlib and bad paths ------------------------------------------------------------

def test_missing_matplotlib_is_clear_usage_error(monkeypatch):
    # A None entry in sys.modules makes "import matplotlib" raise ImportError.
    monkeypatch.setitem(sys.modules, "matplotlib", None)

    with pytest.raises(UsageError) as caught:
        plot.PlotCollector(1)

    error = caught.value
    assert error.exit_code == EXIT_USAGE
    assert "pip install 'neuroncli[plot]'" in error.render("en")
    assert "matplotlib" in error.render("en")
    assert "pip install 'neuroncli[plot]'" in error.render("ko")
    assert "설치" in error.render("ko")


def test_write_plot_without_matplotlib_raises(monkeypatch, mpl, tmp_path):
    collector = plot.PlotCollector(1)
    monkeypatch.setitem(sys.modules, "matplotlib", None)

    with pytest.raises(UsageError):
        plot.write_plot(str(tmp_path / "x.png"), collector, resolve_activation("sigmoid", {},
                                                                               path=None), "en")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("name", ["plot.jpg", "plot", "plot.png.txt"])
def test_unknown_extension_is_usage_error(name):
    with pytest.raises(UsageError) as caught:
        plot.plot_format(name)

    assert caught.value.exit_code == EXIT_USAGE
    assert ".png, .svg, .pdf" in caught.value.render("en")


def test_missing_folder_is_output_error(mpl, tmp_path):
    collector = plot.PlotCollector(1)
    collector.add(np.zeros((2, 1)), np.zeros((2, 1)))

    with pytest.raises(NeuronCliError) as caught:
        plot.write_plot(str(tmp_path / "no" / "x.png"), collector,
                        resolve_activation("sigmoid", {}, path=None), "en")
    assert caught.value.exit_code == EXIT_OUTPUT


def test_plot_onto_input_is_rejected(mpl, tmp_path):
    data = tmp_path / "data.png"
    data.write_bytes(b"keep")
    collector = plot.PlotCollector(1)

    with pytest.raises(UsageError):
        plot.write_plot(str(data), collector, resolve_activation("tanh", {}, path=None), "en",
                        inputs=[str(data)])
    assert data.read_bytes() == b"keep"


# Drawing -------------------------------------------------------------------------------------

def test_curve_png_size_and_content(mpl, tmp_path):
    rng = np.random.default_rng(0)
    collector = plot.PlotCollector(1, capacity=2000)
    Z = rng.normal(scale=3.0, size=(5000, 1))
    collector.add(Z, 1.0 / (1.0 + np.exp(-Z)))
    path = tmp_path / "curve.png"

    notes = plot.write_plot(str(path), collector, resolve_activation("sigmoid", {}, path=None),
                            "en", size=(800, 500))

    assert notes == []
    assert png_size(path) == (800, 500)
    pixels = read_pixels(path)
    assert pixels.shape[:2] == (500, 800)
    assert pixels[..., :3].var() > 0
    assert count_colour(pixels, (0x1F, 0x77, 0xB4)) > 200
    assert count_colour(pixels, (0xFF, 0x7F, 0x0E), tolerance=0.2) > 50


def test_histogram_png_for_softmax(mpl, tmp_path):
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(3000, 3))
    collector = plot.PlotCollector(3)
    collector.add(Z, softmax_rows(Z))
    path = tmp_path / "hist.png"

    notes = plot.write_plot(str(path), collector, resolve_activation("softmax", {}, path=None),
                            "en", unit_names=["setosa", "versicolor", "virginica"])

    assert notes == []
    assert png_size(path) == plot.DEFAULT_SIZE
    pixels = read_pixels(path)
    assert pixels[..., :3].var() > 0
    for colour in ((0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E), (0x2C, 0xA0, 0x2C)):
        assert count_colour(pixels, colour) > 500


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_vector_formats(mpl, tmp_path, suffix, magic):
    Z = np.linspace(-3, 3, 50)[:, np.newaxis]
    collector = plot.PlotCollector(1)
    collector.add(Z, np.tanh(Z))
    path = tmp_path / f"curve{suffix}"

    plot.write_plot(str(path), collector, resolve_activation("tanh", {}, path=None), "en")

    assert path.read_bytes().startswith(magic)


def test_log_softmax_histogram_and_left_out_units(mpl, tmp_path):
    units = plot.MAX_PANELS + 2
    Z = np.random.default_rng(2).normal(size=(200, units))
    collector = plot.PlotCollector(units)
    collector.add(Z, np.log(softmax_rows(Z)))

    notes = plot.write_plot(str(tmp_path / "many.png"), collector,
                            resolve_activation("log_softmax", {}, path=None), "en")

    assert notes == [text("plot.units_left_out", "en", shown=plot.MAX_PANELS, units=units)]
    assert png_size(tmp_path / "many.png") == plot.DEFAULT_SIZE


def test_non_finite_rows_are_counted(mpl, tmp_path):
    Z = np.array([[0.0], [np.nan], [1.0], [np.inf]])
    collector = plot.PlotCollector(1)
    collector.add(Z, np.tanh(Z))

    notes = plot.write_plot(str(tmp_path / "nan.png"), collector,
                            resolve_activation("tanh", {}, path=None), "en")

    assert notes == [text("plot.not_finite", "en", count=2)]


@pytest.mark.parametrize(
    "z_range, first, last",
    [
        (None, -6.0, 6.0),
        ((-3.0, 2.0), -3.25, 2.25),
        ((5e-324, 5e-324), 5e-324 - 1.0, 5e-324 + 1.0),
        ((-1.7e308, 1.7e308), -1e300, 1e300),
        ((1e308, 1e308), 9e299, 1e300),
    ],
)
def test_curve_grid_bounds(z_range, first, last):
    grid = plot.curve_grid(z_range)

    assert grid[0] == pytest.approx(first, rel=1e-15)
    assert grid[-1] == pytest.approx(last, rel=1e-15)
    assert np.all(np.diff(grid) > 0)


def test_extreme_z_is_left_out_of_curve(mpl, tmp_path):
    Z = np.array([[-1.7e308], [0.5], [1.7e308]])
    collector = plot.PlotCollector(1)
    collector.add(Z, np.tanh(Z))

    notes = plot.write_plot(str(tmp_path / "huge.png"), collector,
                            resolve_activation("tanh", {}, path=None), "en")

    assert notes == [text("plot.not_finite", "en", count=2)]
    assert png_size(tmp_path / "huge.png") == plot.DEFAULT_SIZE


def test_extreme_outputs_are_left_out_of_histograms(mpl, tmp_path):
    Z = np.array([[-1.7e308, 1.0], [1.7e308, 2.0], [0.0, 0.0], [np.nan, 1.0]])
    collector = plot.PlotCollector(2)
    collector.add(Z, Z)

    notes = plot.write_plot(str(tmp_path / "values.png"), collector,
                            resolve_activation("identity", {}, path=None), "en")

    assert notes == [text("plot.not_finite", "en", count=3)]


def test_empty_data_still_plots_curve(mpl, tmp_path):
    collector = plot.PlotCollector(1)
    collector.add(np.empty((0, 1)), np.empty((0, 1)))
    path = tmp_path / "empty.png"

    plot.write_plot(str(path), collector, resolve_activation("relu", {}, path=None), "en")

    assert read_pixels(path)[..., :3].var() > 0


# Fonts and languages -------------------------------------------------------------------------

@pytest.fixture
def no_hangul_font(monkeypatch, mpl):
    """Hide every installed font but the default one, which has no Hangul."""
    monkeypatch.setattr(plot, "_font_candidates", lambda: [])


def test_korean_fallback_without_hangul_font(no_hangul_font, tmp_path):
    Z = np.linspace(-2, 2, 30)[:, np.newaxis]
    collector = plot.PlotCollector(1)
    collector.add(Z, np.tanh(Z))
    path = tmp_path / "ko.png"

    notes = plot.write_plot(str(path), collector, resolve_activation("tanh", {}, path=None), "ko")
    labels, _, families, _ = plot._choose_text(collector, resolve_activation("tanh", {},
                                                                             path=None), "ko",
                                               None)

    assert notes == [text("plot.no_hangul_font", "ko")]
    assert labels["curve_label"] == text("plot.curve_label", "en")
    assert families == [plot._default_font()[0]]
    assert png_size(path) == plot.DEFAULT_SIZE


def test_undrawable_names_become_unit_numbers(no_hangul_font, tmp_path):
    Z = np.zeros((5, 2))
    collector = plot.PlotCollector(2)
    collector.add(Z, softmax_rows(Z))
    softmax = resolve_activation("softmax", {}, path=None)

    notes = plot.write_plot(str(tmp_path / "names.png"), collector, softmax, "en",
                            unit_names=["고양이", "dog"])
    _, titles, _, _ = plot._choose_text(collector, softmax, "en", ["고양이", "dog"])

    assert notes == [text("plot.names_replaced", "en")]
    assert titles == ["unit 0", "dog"]


def test_hangul_font_is_added_as_fallback(monkeypatch, mpl):
    default_family = plot._default_font()[0]
    candidates = [("Fake Sans", "/fonts/latin.ttf"), ("Fake Hangul", "/fonts/ko.ttf")]
    monkeypatch.setattr(plot, "_font_candidates", lambda: candidates)
    coverage = {"/fonts/latin.ttf": frozenset(range(128)),
                "/fonts/ko.ttf": frozenset(range(0xAC00, 0xD7A4))}
    real_charmap = plot._charmap
    monkeypatch.setattr(plot, "_charmap",
                        lambda path: coverage.get(path) or real_charmap(path))

    assert plot.font_families(["abc"]) == [default_family]
    assert plot.font_families(["확률 a = g(z)"]) == [default_family, "Fake Hangul"]
    assert plot.font_families(["確率"]) is None


def test_placeholder_font_is_never_a_candidate(mpl):
    assert all(not name.startswith("Last Resort") for name, _ in plot._font_candidates())


def test_korean_labels_with_hangul_font(mpl, tmp_path):
    if plot.font_families(["가"]) is None:
        pytest.skip("no font with Hangul glyphs is installed")
    Z = np.linspace(-2, 2, 30)[:, np.newaxis]
    collector = plot.PlotCollector(1)
    collector.add(Z, np.tanh(Z))

    notes = plot.write_plot(str(tmp_path / "ko.png"), collector,
                            resolve_activation("tanh", {}, path=None), "ko")

    assert notes == []


# With the evaluation pipeline ----------------------------------------------------------------

def test_collects_iris_species_through_pipeline(mpl, tmp_path):
    from neuroncli.cli import build_request
    from neuroncli.core.dense import network_forward
    from neuroncli.pipeline import open_batch

    params = SAMPLE_DATA / "iris_species.json"
    request = build_request(data=IRIS, params=str(params), chunk_size=40)
    collector = plot.PlotCollector(request.params.units, capacity=100, seed=5)
    with open_batch(request) as batch:
        for chunk in batch.chunks:
            Z, A = network_forward(chunk.X, batch.layers)[-1]
            collector.add(Z, A)
    path = tmp_path / "species.png"
    notes = plot.write_plot(str(path), collector, request.activations[-1], "en",
                            unit_names=list(request.params.outputs or []), inputs=[IRIS])

    frame = pd.read_csv(IRIS)
    X = frame[["sepal_length", "sepal_width", "petal_length", "petal_width"]].to_numpy()
    weights = np.array([layer.weights for layer in request.params.layers][0])
    bias = request.params.layers[0].bias
    Z_reference = np.array([[math.fsum(X[i] * weights[:, j]) + bias[j] for j in range(3)]
                            for i in range(len(X))])
    assert notes == []
    assert collector.rows == 150
    assert collector.size == 100
    for unit in range(3):
        low, high = collector.z_range(unit)
        assert low == pytest.approx(Z_reference[:, unit].min(), rel=1e-12)
        assert high == pytest.approx(Z_reference[:, unit].max(), rel=1e-12)
    np.testing.assert_allclose(collector.a.sum(axis=1), 1.0, rtol=1e-14)
    assert png_size(path) == plot.DEFAULT_SIZE


def test_eval_plot_option_end_to_end(mpl, run_cli, tmp_path):
    path = tmp_path / "setosa.png"
    result = run_cli(["eval", IRIS, "-p", str(SAMPLE_DATA / "iris_setosa.json"),
                      "--plot", str(path)])
    if result.exit_code == EXIT_USAGE and "--plot" in result.stderr:
        pytest.skip("eval has no --plot option yet")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("row,z,a\n")
    assert png_size(path) == plot.DEFAULT_SIZE
    assert read_pixels(path)[..., :3].var() > 0
