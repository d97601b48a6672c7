"""Run neuroncli as ``python -m neuroncli``."""

from neuroncli.cli import main

main()
