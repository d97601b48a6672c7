"""Fuzz targets shared by the test suite and the long on-demand run (tests/fuzz_long.py).

Each target feeds arbitrary input to one entry point and allows only neuroncli's own errors:
anything else (a traceback in the command line) makes the target raise.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import strategies as st

from neuroncli.errors import InputDataError, ParameterError
from neuroncli.params import _decode, _parse_json, parse_params
from neuroncli.readers import CsvOptions, CsvTable

ROOT = Path(__file__).resolve().parent
SEED_FILES = sorted(
    path for path in (ROOT / "cases").glob("*/input*.csv") if path.stat().st_size < 4096
)
SEED_PARAMS = sorted(
    path for path in (ROOT / "cases").glob("*/params*.json") if path.stat().st_size < 4096
)

OPTIONS = st.builds(
    CsvOptions,
    delimiter=st.sampled_from([None, ",", ";", "\t"]),
    header=st.booleans(),
    encoding=st.sampled_from([None, "utf-8", "cp949", "utf-16", "latin-1"]),
    decimal=st.sampled_from([".", ","]),
    thousands=st.sampled_from([None, "'", " "]),
    missing=st.sampled_from(["error", "nan"]),
    chunk_size=st.integers(1, 5),
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[Path]) -> bytes:
    """A seed file with a few bytes replaced, inserted or deleted."""
    data = bytearray(draw(st.sampled_from(seeds)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([0, 10, 13, 34, 44, 59, 0xBF, 0xEF, 0xFF, 0x80, 0xB0,
                                     ord("e"), ord("-"), ord("n"), ord(".")]))
        if action == "insert" or not data:
            data.insert(position, byte)
        elif action == "replace":
            data[min(position, len(data) - 1)] = byte
        else:
            del data[min(position, len(data) - 1)]
    return bytes(data)


csv_inputs = st.one_of(st.binary(max_size=300), mutated(SEED_FILES))
json_inputs = st.one_of(st.binary(max_size=300), mutated(SEED_PARAMS))


def read_csv(data: bytes, options: CsvOptions) -> int:
    """Read every row of *data*; return the row count, or raise only InputDataError."""
    try:
        table = CsvTable(io.BytesIO(data), "fuzz.csv", options)
        width = len(table.columns)
        rows = 0
        for chunk in table.chunks(list(range(width)), list(range(width))):
            assert chunk.X.shape == (len(chunk), width)
            rows += len(chunk)
        return rows
    except InputDataError as error:
        error.render("en")
        error.render("ko")
        return -1


def load_params_bytes(data: bytes) -> bool:
    """Parse *data* as a parameter file; return True if valid, or raise only ParameterError."""
    try:
        parse_params(_parse_json(_decode(data, "fuzz.json"), "fuzz.json"), "fuzz.json")
        return True
    except ParameterError as error:
        error.render("en")
        error.render("ko")
        return False
