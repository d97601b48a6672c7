"""Benchmark ``neuroncli eval`` against hand-written pandas, polars and pyarrow scripts.

The script writes seeded input files, then runs every command alternately (one warm-up round,
then ``--runs`` measured rounds), each in its own process, and prints the median wall-clock
seconds, the ratios that the speed targets are about and the peak resident memory of each
command. See benchmarks/README.md for the targets and docs/benchmarks.md for results.

    python benchmarks/run.py                      # the full run: 2,000,000 x 32 and more
    python benchmarks/run.py --rows 2000 --huge-rows 8000 --runs 1 --warmup 0   # smoke run
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines.py"
# Library each baseline needs; a baseline whose library is missing is skipped.
BASELINE_LIBRARIES = {
    "pandas": "pandas",
    "pandas-chunked": "pandas",
    "polars": "polars",
    "polars-streaming": "polars",
    "pyarrow": "pyarrow",
    "pyarrow-streaming": "pyarrow",
}
SEED = 20240601
TINY_ROWS, TINY_COLUMNS = 10, 4
GENERATE_ROWS = 100_000


@dataclass
class Measurement:
    """The runs of one command: wall-clock seconds, CPU seconds (user and system, all
    threads) and peak resident set size in bytes."""

    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def max_rss(self) -> int:
        return max(self.peak_rss)


def write_matrix_csv(path: Path, rows: int, columns: int, seed: int) -> None:
    """Write a header ``x1..xN`` and *rows* rows of seeded numbers with 17 significant digits.

    Every cell is ``d.dddddddddddddddd`` with a random sign, about the length of Python's repr
    of a float64, so the file has the size and the parsing work of real float data. The text is
    built with numpy, which is faster than formatting the numbers one by one.
    """
    rng = np.random.default_rng(seed)
    width = 20  # sign, digit, point, 16 digits, delimiter
    with open(path, "wb") as handle:
        handle.write((",".join(f"x{j}" for j in range(1, columns + 1)) + "\n").encode())
        for start in range(0, rows, GENERATE_ROWS):
            count = min(GENERATE_ROWS, rows - start)
            cells = np.empty((count, columns, width), dtype=np.uint8)
            cells[:, :, 0] = ord("-")
            cells[:, :, 1] = rng.integers(ord("0"), ord("9") + 1, (count, columns), np.uint8)
            cells[:, :, 2] = ord(".")
            cells[:, :, 3:19] = rng.integers(ord("0"), ord("9") + 1, (count, columns, 16),
                                             np.uint8)
            cells[:, :, 19] = ord(",")
            cells[:, -1, 19] = ord("\n")
            keep = np.ones(cells.shape, dtype=bool)
            keep[:, :, 0] = rng.random((count, columns)) < 0.5
            handle.write(cells[keep].tobytes())


def write_params(path: Path, columns: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    weights = [round(float(value), 6) for value in rng.normal(0.0, 0.3, columns)]
    path.write_text(json.dumps({"weights": weights, "bias": 0.125, "activation": "sigmoid"}),
                    encoding="utf-8")


def prepare_inputs(workdir: Path, rows: int, huge_rows: int, columns: int) -> dict[str, Path]:
    """Write (or reuse) the big, huge and tiny files and their parameter files."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = {
        "big": workdir / f"big_{rows}x{columns}.csv",
        "huge": workdir / f"huge_{huge_rows}x{columns}.csv",
        "tiny": workdir / f"tiny_{TINY_ROWS}x{TINY_COLUMNS}.csv",
        "params": workdir / f"params_{columns}.json",
        "tiny_params": workdir / f"params_{TINY_COLUMNS}.json",
    }
    for key, count, width in (("big", rows, columns), ("huge", huge_rows, columns),
                              ("tiny", TINY_ROWS, TINY_COLUMNS)):
        if not files[key].exists():
            started = time.perf_counter()
            partial = files[key].with_suffix(".part")
            write_matrix_csv(partial, count, width, SEED)
            partial.replace(files[key])
            print(f"wrote {files[key]} in {time.perf_counter() - started:.1f} s", flush=True)
    write_params(files["params"], columns, SEED)
    write_params(files["tiny_params"], TINY_COLUMNS, SEED)
    return files


def neuroncli_command() -> list[str]:
    """Return the installed console script next to this interpreter, or ``python -m``."""
    script = Path(sys.executable).with_name("neuroncli")
    return [str(script)] if script.exists() else [sys.executable, "-m", "neuroncli"]


TIME_COMMAND = "/usr/bin/time"


def run_once(command: Sequence[str], stdout_path: str = os.devnull
             ) -> tuple[float, float, int]:
    """Run *command* and return its wall-clock seconds, CPU seconds and peak RSS in bytes.

    The peak comes from GNU time's ``%M`` when /usr/bin/time exists, else from os.wait4. A
    child's peak counts the memory of the process that forked it, so wait4 from this process
    (which holds numpy and the generated data) overstates small commands; time is tiny.
    """
    use_time = os.path.exists(TIME_COMMAND)
    full = [TIME_COMMAND, "-f", "%M", *command] if use_time else list(command)
    with open(stdout_path, "wb") as stdout:
        started = time.perf_counter()
        process = subprocess.Popen(full, stdout=stdout, stderr=subprocess.PIPE)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"command failed with exit status {process.returncode}: "
                         f"{' '.join(command)}\n{errors.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    if use_time:
        return seconds, cpu, int(errors.decode().strip().splitlines()[-1]) * 1024
    # ru_maxrss is in kilobytes on Linux.
    return seconds, cpu, usage.ru_maxrss * 1024


def measure(commands: list[Measurement], runs: int, warmup: int) -> None:
    """Run the commands in turn, round after round, so that load changes hit them alike."""
    for round_number in range(warmup + runs):
        for measurement in commands:
            seconds, cpu, rss = run_once(measurement.command)
            if round_number >= warmup:
                measurement.seconds.append(seconds)
                measurement.cpu_seconds.append(cpu)
                measurement.peak_rss.append(rss)
        label = "warm-up" if round_number < warmup else f"run {round_number - warmup + 1}"
        print(f"  {label} done", flush=True)


def baseline_commands(data: Path, params: Path, out: Path, cli_imports: bool
                      ) -> tuple[list[Measurement], list[str]]:
    """Return the baseline measurements whose library is installed, and the skipped names."""
    commands, skipped = [], []
    for name, library in BASELINE_LIBRARIES.items():
        if importlib.util.find_spec(library) is None:
            skipped.append(f"{name} ({library} is not installed)")
            continue
        command = [sys.executable, str(BASELINES), name, str(data), str(params),
                   str(out.with_name(f"{out.stem}-{name}.csv"))]
        commands.append(Measurement(name, command + (["--cli-imports"] if cli_imports else [])))
    return commands, skipped


def print_table(title: str, measurements: Sequence[Measurement], reference: Measurement) -> None:
    print(f"\n### {title}\n")
    print("| command | median s | min s | max s | ratio to neuroncli | median CPU s "
          "| peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for item in measurements:
        print(f"| {item.name} | {item.median:.3f} | {min(item.seconds):.3f} | "
              f"{max(item.seconds):.3f} | {item.median / reference.median:.2f} | "
              f"{statistics.median(item.cpu_seconds):.2f} | {item.max_rss / 1e6:.0f} |")


def verdict(label: str, value: float, limit: float, at_most: bool = True) -> str:
    met = value <= limit if at_most else value >= limit
    sign = "<=" if at_most else ">="
    return f"- {label}: {value:.2f} (target {sign} {limit}) {'met' if met else 'NOT met'}"


def machine_description() -> list[str]:
    """Return the CPU model, core count, BLAS and library versions, for the results page."""
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    blas = "unknown"
    config = np.show_config(mode="dicts")
    if isinstance(config, dict):
        info = config.get("Build Dependencies", {}).get("blas", {})
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    lines = [f"- CPU: {model}, {os.cpu_count()} cores (os.cpu_count)",
             f"- BLAS: {blas} (numpy.show_config)",
             f"- Python {platform.python_version()}, numpy {np.__version__}"]
    for library in ("pandas", "pyarrow", "polars", "typer", "rich"):
        if importlib.util.find_spec(library) is not None:
            from importlib.metadata import version

            lines[-1] += f", {library} {version(library)}"
    lines.append(f"- date: {datetime.date.today().isoformat()}; load average before the run: "
                 f"{', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows of the big file")
    parser.add_argument("--huge-rows", type=int, default=8_000_000,
                        help="rows of the file for the memory growth check")
    parser.add_argument("--columns", type=int, default=32)
    parser.add_argument("--runs", type=int, default=5, help="measured rounds")
    parser.add_argument("--warmup", type=int, default=1, help="rounds run first and dropped")
    parser.add_argument("--huge-runs", type=int, default=1,
                        help="runs of neuroncli on the big and the huge file for memory")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "neuroncli-benchmarks",
                        help="folder for the generated inputs (kept for later runs) and outputs")
    args = parser.parse_args(argv)

    files = prepare_inputs(args.workdir, args.rows, args.huge_rows, args.columns)
    out = args.workdir / "out.csv"
    neuroncli = neuroncli_command()
    print("\n## Machine\n")
    print("\n".join(machine_description()))
    print(f"\ncommand: {' '.join([sys.executable, *sys.argv])}")

    # Big file: neuroncli, the baselines and cat, alternately.
    big = [Measurement("neuroncli", [*neuroncli, "eval", str(files["big"]), "-p",
                                     str(files["params"]), "-o", str(out)])]
    scripts, skipped = baseline_commands(files["big"], files["params"], out, cli_imports=False)
    big += scripts
    big.append(Measurement("cat", ["cat", str(files["big"])]))
    print(f"\nbig file ({args.rows} x {args.columns}):", flush=True)
    measure(big, args.runs, args.warmup)

    # Tiny file: every script also imports typer and rich, as a command-line tool does.
    tiny = [Measurement("neuroncli", [*neuroncli, "eval", str(files["tiny"]), "-p",
                                      str(files["tiny_params"]), "-o", str(out)])]
    tiny += baseline_commands(files["tiny"], files["tiny_params"], out, cli_imports=True)[0]
    help_commands = [Measurement("neuroncli --help", [*neuroncli, "--help"]),
                     Measurement("python -c 'import typer'",
                                 [sys.executable, "-c", "import typer"])]
    print(f"tiny file ({TINY_ROWS} x {TINY_COLUMNS}) and --help:", flush=True)
    measure(tiny + help_commands, args.runs, args.warmup)

    # Memory growth: the same command on a file four times longer.
    growth = [Measurement(f"neuroncli, {args.rows} rows", big[0].command),
              Measurement(f"neuroncli, {args.huge_rows} rows",
                          [*neuroncli, "eval", str(files["huge"]), "-p", str(files["params"]),
                           "-o", str(out)])]
    print("memory growth:", flush=True)
    measure(growth, args.huge_runs, 0)

    scripts_only = [item for item in big[1:] if item.name != "cat"]
    print_table(f"Big file, {args.rows} x {args.columns}", big, big[0])
    print_table(f"Tiny file, {TINY_ROWS} x {TINY_COLUMNS} (baselines import typer and rich)",
                tiny, tiny[0])
    print_table("Start-up", help_commands, help_commands[0])
    print_table("Memory growth", growth, growth[0])
    if skipped:
        print("\nskipped: " + "; ".join(skipped))

    print("\n### Targets\n")
    if scripts_only:
        fastest = min(scripts_only, key=lambda item: item.median)
        print(verdict(f"big file, neuroncli / fastest script ({fastest.name})",
                      big[0].median / fastest.median, 1.25))
    pandas = next((item for item in scripts_only if item.name == "pandas"), None)
    if pandas is not None:
        print(verdict("big file, plain pandas / neuroncli", pandas.median / big[0].median, 2.0,
                      at_most=False))
    print(verdict("big file, neuroncli peak RSS in MB", big[0].max_rss / 1e6, 400))
    print(verdict("memory growth, peak RSS huge / big", growth[1].max_rss / growth[0].max_rss,
                  1.2))
    tiny_scripts = tiny[1:]
    if tiny_scripts:
        fastest_tiny = min(tiny_scripts, key=lambda item: item.median)
        print(verdict(f"tiny file, neuroncli / fastest script ({fastest_tiny.name})",
                      tiny[0].median / fastest_tiny.median, 1.5))
    print(verdict("neuroncli --help / python -c 'import typer'",
                  help_commands[0].median / help_commands[1].median, 1.3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
