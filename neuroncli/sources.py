"""Open input files: a path or ``-`` for standard input, decompressed by file extension."""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import os
import sys
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from neuroncli.errors import InputDataError, UsageError

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zip")
# Errors that the decompressors raise on a damaged or truncated file while it is being read;
# bz2 raises a plain OSError ("Invalid data stream").
DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (
    gzip.BadGzipFile, EOFError, lzma.LZMAError, zipfile.BadZipFile, zlib.error, OSError,
)


def stdin_binary() -> IO[bytes]:
    """Return standard input as bytes, so decoding follows ``--encoding``, not the locale."""
    if sys.stdin is None:
        raise UsageError("file.stdin_closed", hint="file.hint.check_path")
    return sys.stdin.buffer


def base_suffix(path: str) -> str:
    """Return the extension that names the format, looking through a compression suffix."""
    lowered = path.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            break
    return os.path.splitext(lowered)[1]


def check_readable(path: str) -> None:
    """Raise a usage error for a missing file or a directory, before any work starts."""
    if path == "-":
        return
    if not os.path.exists(path):
        raise UsageError("file.not_found", path=path, hint="file.hint.check_path")
    if os.path.isdir(path):
        raise UsageError("file.is_directory", path=path, hint="file.hint.check_path")


def _open_zip_member(path: str) -> IO[bytes]:
    archive = zipfile.ZipFile(path)
    members = [
        info for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]
    if len(members) != 1:
        archive.close()
        raise InputDataError(
            "file.zip_members", path=path, count=len(members),
            names=", ".join(info.filename for info in members[:5]),
        )
    return archive.open(members[0])


@contextlib.contextmanager
def open_binary(path: str) -> Iterator[IO[bytes]]:
    """Open *path* (or standard input for ``-``) for reading bytes, decompressing by extension.

    Raises
    ------
    UsageError
        If the file does not exist or is a directory.
    InputDataError
        If it cannot be opened or is not a valid archive.
    """
    if path == "-":
        yield stdin_binary()
        return

    check_readable(path)
    lowered = path.lower()
    try:
        if lowered.endswith(".gz"):
            stream: IO[bytes] = gzip.open(path, "rb")  # type: ignore[assignment]
        elif lowered.endswith(".bz2"):
            stream = bz2.open(path, "rb")
        elif lowered.endswith(".xz"):
            stream = lzma.open(path, "rb")
        elif lowered.endswith(".zip"):
            stream = _open_zip_member(path)
        else:
            stream = open(path, "rb")  # noqa: SIM115 - closed below
    except zipfile.BadZipFile as exc:
        raise InputDataError("file.bad_archive", path=path, reason=str(exc)) from None
    except PermissionError:
        raise InputDataError("file.permission", path=path) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputDataError("file.cannot_open", path=path, reason=reason) from None

    with stream:
        yield stream


def read_small_file(path: str) -> bytes:
    """Read a whole small file (a parameter file) into memory."""
    with open_binary(path) as stream:
        try:
            return stream.read()
        except DECOMPRESSION_ERRORS as exc:
            raise InputDataError("file.bad_archive", path=path, reason=str(exc)) from None
