"""The check command(s) of neuroncli."""

from typing import Any

import typer


def register(app: typer.Typer, lang: str, opts: Any) -> None:
    """Add the command(s) of this module to *app*, with help text in *lang*."""
