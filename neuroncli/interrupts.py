"""Ctrl-C and SIGTERM: stop at the next safe point, whatever code the signal arrived in.

A Python signal handler runs between bytecodes, and an exception it raises inside some numpy
operations (the string-to-float cast among them) is lost: the run went on and exited 0. So the
handler also records the signal, and the pipeline calls :func:`check` between chunks to raise it
again where nothing can swallow it.
"""

from __future__ import annotations

import signal
from types import FrameType

_received: int | None = None


class Terminated(BaseException):
    """Raised for SIGTERM, so that open output files are cleaned up on the way out."""


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated()


def _handle(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    raise _exception(signum)


def install() -> None:
    """Handle SIGINT and SIGTERM in this process (the command line's main function only)."""
    global _received
    _received = None
    signal.signal(signal.SIGINT, _handle)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _handle)


def check() -> None:
    """Raise KeyboardInterrupt or Terminated if a signal arrived since :func:`install`."""
    if _received is not None:
        raise _exception(_received)
