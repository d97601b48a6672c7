"""Hand-written scripts that do what ``neuroncli eval`` does, for comparison.

Each reads a CSV file of float features, computes z = X w + b and a = sigmoid(z), and writes
the columns z and a as CSV with the library's own round-trip float formatting. Run one as::

    python benchmarks/baselines.py NAME DATA.csv PARAMS.json OUT.csv [--cli-imports]

``--cli-imports`` also imports typer and rich first, as a command-line tool built on them would.
Each script imports only its own library, so its start-up time counts what it needs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

# Rows per chunk of the chunked variants.
CHUNK_ROWS = 200_000


def load_params(path: str) -> tuple[list[float], float]:
    with open(path, encoding="utf-8") as handle:
        params = json.load(handle)
    return [float(weight) for weight in params["weights"]], float(params["bias"])


def pandas_plain(data: str, params: str, out: str) -> None:
    import numpy as np
    import pandas as pd

    weights, bias = load_params(params)
    X = pd.read_csv(data).to_numpy(dtype=np.float64)
    z = X @ np.asarray(weights) + bias
    pd.DataFrame({"z": z, "a": 1.0 / (1.0 + np.exp(-z))}).to_csv(out, index=False)


def pandas_chunked(data: str, params: str, out: str) -> None:
    import numpy as np
    import pandas as pd

    weights, bias = load_params(params)
    w = np.asarray(weights)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        header = True
        for frame in pd.read_csv(data, chunksize=CHUNK_ROWS, dtype=np.float64, engine="c"):
            z = frame.to_numpy() @ w + bias
            pd.DataFrame({"z": z, "a": 1.0 / (1.0 + np.exp(-z))}).to_csv(
                handle, index=False, header=header)
            header = False


def polars_eager(data: str, params: str, out: str) -> None:
    import numpy as np
    import polars as pl

    weights, bias = load_params(params)
    X = pl.read_csv(data).to_numpy()
    z = X @ np.asarray(weights) + bias
    pl.DataFrame({"z": z, "a": 1.0 / (1.0 + np.exp(-z))}).write_csv(out)


def polars_streaming(data: str, params: str, out: str) -> None:
    import polars as pl

    weights, bias = load_params(params)
    frame = pl.scan_csv(data)
    z = pl.sum_horizontal([pl.col(name) * weight
                           for name, weight in zip(frame.collect_schema().names(), weights,
                                                   strict=True)]) + bias
    frame.select(z.alias("z")).with_columns(
        (1.0 / (1.0 + (-pl.col("z")).exp())).alias("a")).sink_csv(out)


def pyarrow_eager(data: str, params: str, out: str) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    weights, bias = load_params(params)
    table = pacsv.read_csv(data)
    X = np.column_stack([column.to_numpy() for column in table.columns])
    z = X @ np.asarray(weights) + bias
    pacsv.write_csv(pa.table({"z": z, "a": 1.0 / (1.0 + np.exp(-z))}), out)


def pyarrow_streaming(data: str, params: str, out: str) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    weights, bias = load_params(params)
    w = np.asarray(weights)
    reader = pacsv.open_csv(data)
    schema = pa.schema([("z", pa.float64()), ("a", pa.float64())])
    with pacsv.CSVWriter(out, schema) as writer:
        for batch in reader:
            X = np.column_stack([column.to_numpy() for column in batch.columns])
            z = X @ w + bias
            writer.write_table(pa.table({"z": z, "a": 1.0 / (1.0 + np.exp(-z))}))


SCRIPTS: dict[str, tuple[str, Callable[[str, str, str], None]]] = {
    "pandas": ("pandas", pandas_plain),
    "pandas-chunked": ("pandas", pandas_chunked),
    "polars": ("polars", polars_eager),
    "polars-streaming": ("polars", polars_streaming),
    "pyarrow": ("pyarrow", pyarrow_eager),
    "pyarrow-streaming": ("pyarrow", pyarrow_streaming),
}


def main(argv: list[str]) -> None:
    if "--cli-imports" in argv:
        import rich.console  # noqa: F401, TID251 - the start-up cost of a rich CLI
        import typer  # noqa: F401

        argv = [argument for argument in argv if argument != "--cli-imports"]
    name, data, params, out = argv
    SCRIPTS[name][1](data, params, out)


if __name__ == "__main__":
    main(sys.argv[1:])
