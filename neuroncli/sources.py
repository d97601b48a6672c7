"""Open input files: a path or ``-`` for standard input, decompressed by file extension."""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import io
import lzma
import os
import stat
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


class PipeReader(io.RawIOBase):
    """A pipe, FIFO or terminal, read through its file descriptor without a lock.

    ``io.BufferedReader`` holds a lock while a read waits for the writer. The block reader
    (:mod:`neuroncli.fastread`) reads on a background thread, which may still be waiting in a
    read when the command ends early (an error, Ctrl-C). Through a BufferedReader, closing
    the stream would then wait for the writer, and for standard input the interpreter aborts
    at exit ("could not acquire lock ... at interpreter shutdown"). Closing a file descriptor
    that another thread reads does not wait.

    ``read(size)`` returns fewer than *size* bytes only at the end of the stream, as
    BufferedReader does, so the first bytes sampled for the encoding and the delimiter are
    the same as from a regular file. The end is remembered: on a terminal, one Ctrl-D ends
    the input, where another read would wait for a second one.
    """

    def __init__(self, file: io.FileIO) -> None:
        super().__init__()
        self._file = file
        self._ended = False

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._file.fileno()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._ended:
            return 0
        count = self._file.readinto(buffer)
        if count is None:
            # A descriptor in non-blocking mode without data, as io.BufferedReader reports it.
            raise BlockingIOError(errno.EAGAIN, "read would block")
        self._ended = count == 0 and len(buffer) > 0
        return count

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        data = bytearray(size)
        filled = 0
        with memoryview(data) as view:
            while filled < size:
                count = self.readinto(view[filled:])
                if count == 0:
                    break
                filled += count
        del data[filled:]
        return bytes(data)

    def close(self) -> None:
        self._file.close()
        super().close()


def _is_regular_file(descriptor: int) -> bool:
    return stat.S_ISREG(os.fstat(descriptor).st_mode)


def stdin_binary() -> IO[bytes]:
    """Return standard input as bytes, so decoding follows ``--encoding``, not the locale.

    A pipe or a terminal is read through a :class:`PipeReader` on its file descriptor.

    NOTE: bytes that ``sys.stdin.buffer`` has already buffered are skipped then. The command
    line reads nothing from standard input before this.
    """
    if sys.stdin is None:
        raise UsageError("file.stdin_closed", hint="file.hint.check_path")
    stream: IO[bytes] = sys.stdin.buffer
    try:
        descriptor = stream.fileno()
        regular = _is_regular_file(descriptor)
    except (OSError, ValueError):
        # Not a file descriptor, such as the in-memory input of a test runner.
        return stream
    if regular:
        return stream
    return PipeReader(io.FileIO(descriptor, "rb", closefd=False))  # type: ignore[return-value]


def _open_uncompressed(path: str) -> IO[bytes]:
    """Open a file for reading bytes. A named pipe or a device is read by a PipeReader."""
    stream = open(path, "rb")  # noqa: SIM115 - closed by open_binary
    try:
        regular = _is_regular_file(stream.fileno())
    except OSError:
        stream.close()
        raise
    if regular:
        return stream
    raw = stream.detach()
    assert isinstance(raw, io.FileIO)
    return PipeReader(raw)  # type: ignore[return-value]


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
    # NOTE: a named pipe with a compression suffix is read through the decompressor's own
    # io.BufferedReader, so a run that ends early still waits for the pipe's writer.
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
            stream = _open_uncompressed(path)
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
