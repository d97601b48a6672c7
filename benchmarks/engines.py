"""Parse the same blocks of a CSV file with each candidate engine and print seconds per MB.

This is the measurement behind the choice of neuroncli's block reader: each engine parses
blocks of whole lines (as neuroncli cuts them) into a float64 matrix, and the script reports
the wall-clock and CPU seconds per megabyte of input. Run it on a file that benchmarks/run.py
wrote, for example::

    python benchmarks/engines.py /tmp/neuroncli-benchmarks/big_2000000x32.csv --blocks 20
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import time
from collections.abc import Callable

import numpy as np

BLOCK_BYTES = 1 << 24


def read_blocks(path: str, count: int) -> tuple[int, list[bytes]]:
    """Return the number of columns and *count* blocks of whole lines after the header."""
    blocks = []
    with open(path, "rb") as handle:
        columns = handle.readline().count(b",") + 1
        leftover = b""
        while len(blocks) < count:
            data = handle.read(BLOCK_BYTES)
            if not data:
                break
            data = leftover + data
            cut = data.rfind(b"\n") + 1
            blocks.append(data[:cut])
            leftover = data[cut:]
    return columns, blocks


def engines(columns: int) -> dict[str, Callable[[bytes], np.ndarray]]:
    """Return a parser for each installed engine: block bytes to a float64 matrix."""
    names = [f"c{j}" for j in range(columns)]
    parsers: dict[str, Callable[[bytes], np.ndarray]] = {}
    if importlib.util.find_spec("pandas"):
        import pandas as pd

        def pandas_c(block: bytes) -> np.ndarray:
            return pd.read_csv(io.BytesIO(block), header=None, dtype=np.float64,
                               na_filter=False, engine="c").to_numpy()

        parsers["pandas (C engine)"] = pandas_c
    if importlib.util.find_spec("pyarrow"):
        import pyarrow as pa
        import pyarrow.csv as pacsv

        parse = pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False)
        convert = pacsv.ConvertOptions(column_types={name: pa.float64() for name in names},
                                       null_values=[], strings_can_be_null=False)

        def pyarrow_parser(threads: bool) -> Callable[[bytes], np.ndarray]:
            options = pacsv.ReadOptions(column_names=names, use_threads=threads,
                                        block_size=1 << 20)

            def run(block: bytes) -> np.ndarray:
                table = pacsv.read_csv(pa.py_buffer(block), read_options=options,
                                       parse_options=parse, convert_options=convert)
                tensor = table.combine_chunks().to_batches()[0].to_tensor(row_major=True)
                return np.asarray(tensor)

            return run

        parsers["pyarrow, one thread"] = pyarrow_parser(False)
        parsers["pyarrow, all cores"] = pyarrow_parser(True)

        from neuroncli.fastread import BlockParser

        block_parser = BlockParser(columns, ",", range(columns), [])

        def neuroncli_parser(block: bytes) -> np.ndarray:
            parsed = block_parser.parse(bytearray(block))
            if parsed is None:
                raise SystemExit("neuroncli's block parser rejected a block; check that the "
                                 "file is a plain numeric CSV written by benchmarks/run.py")
            return parsed.X

        parsers["neuroncli's block parser (pyarrow, one thread, with its checks)"] = \
            neuroncli_parser
    if importlib.util.find_spec("polars"):
        import polars as pl

        schema = dict.fromkeys(names, pl.Float64)

        def polars_parser(block: bytes) -> np.ndarray:
            return pl.read_csv(block, has_header=False, new_columns=names, schema=schema,
                               quote_char=None).to_numpy()

        parsers["polars"] = polars_parser
    return parsers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--blocks", type=int, default=20, help="blocks of 16 MiB to parse")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is shown")
    args = parser.parse_args()

    columns, blocks = read_blocks(args.path, args.blocks)
    megabytes = sum(len(block) for block in blocks) / 1e6
    print(f"{len(blocks)} blocks, {megabytes:.0f} MB, {columns} columns\n")
    print("| engine | wall s/MB | CPU s/MB | MB/s |")
    print("| --- | ---: | ---: | ---: |")
    for name, parse in engines(columns).items():
        best_wall = best_cpu = float("inf")
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            for block in blocks:
                parse(block)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        print(f"| {name} | {best_wall / megabytes:.5f} | {best_cpu / megabytes:.5f} | "
              f"{megabytes / best_wall:.0f} |")


if __name__ == "__main__":
    main()
