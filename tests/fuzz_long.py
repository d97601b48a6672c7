"""Run the fuzz targets of the test suite with many more examples, on demand.

    python tests/fuzz_long.py --examples 20000

It prints how many inputs each target tried and exits non-zero if any raised an error other
than neuroncli's own input and parameter errors. The normal test run uses the same targets with
a few hundred examples each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_targets import OPTIONS, csv_inputs, json_inputs, load_params_bytes, read_csv  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per target")
    args = parser.parse_args()
    counts = {"csv": 0, "params": 0}
    config = settings(max_examples=args.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))

    @config
    @given(csv_inputs, OPTIONS)
    def fuzz_csv(data, options):
        counts["csv"] += 1
        read_csv(data, options)

    @config
    @given(json_inputs)
    def fuzz_params(data):
        counts["params"] += 1
        load_params_bytes(data)

    failed = False
    for name, target in (("csv", fuzz_csv), ("params", fuzz_params)):
        start = time.perf_counter()
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - report any crash of the target
            failed = True
            print(f"{name}: CRASH after {counts[name]} inputs: {type(exc).__name__}: {exc}")
        print(f"{name}: {counts[name]} inputs tried in {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
