"""Work out a data file's text encoding and delimiter from its first bytes.

The encoding follows a byte order mark when there is one, then UTF-8 when the sample is valid
UTF-8, and otherwise lets charset-normalizer, a maintained detector, choose among the encodings
that Korean Excel and Windows write (cp949 and EUC-KR) and UTF-16. The delimiter is the
one of ``, ; TAB |`` that splits the first lines into the same number of fields.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import IO

from neuroncli.errors import InputDataError

SAMPLE_BYTES = 64 * 1024
# Size of each read from the stream after the sample, and of the line reader's buffer.
PIECE_BYTES = 64 * 1024
SNIFF_LINES = 20
DELIMITERS = (",", ";", "\t", "|")
# Encodings the detector may choose from; latin-1 is left out because it decodes any bytes.
DETECTABLE = ("cp949", "euc_kr", "utf_16")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class PrefixedReader(io.RawIOBase):
    """Bytes already read from a stream, followed by the rest of that stream.

    *rest* may be None for no more bytes, and *error* an exception to raise where *prefix*
    ends, in place of reading *rest*: the failure of an earlier read, replayed.
    """

    def __init__(self, prefix: bytes, rest: IO[bytes] | None,
                 error: BaseException | None = None) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        if self._error is not None:
            raise self._error
        if self._rest is None:
            return 0
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def detach_rest(self) -> tuple[bytes, IO[bytes] | None, BaseException | None]:
        """Return the unread part of the prefix, the stream and the error, and forget them."""
        prefix, rest, error = bytes(self._prefix), self._rest, self._error
        self._prefix, self._rest, self._error = memoryview(b""), None, None
        return prefix, rest, error


def peek(stream: IO[bytes], size: int = SAMPLE_BYTES) -> tuple[bytes, io.BufferedReader]:
    """Read the first *size* bytes and return them with a stream that still starts at byte 0."""
    sample = stream.read(size)
    return sample, io.BufferedReader(PrefixedReader(sample, stream), buffer_size=PIECE_BYTES)


def _valid_utf8_prefix(sample: bytes) -> bool:
    """True if *sample* is UTF-8, allowing a character cut off at the end of the sample."""
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(sample: bytes, path: str) -> str:
    """Return the codec for a file that starts with *sample*.

    Raises
    ------
    InputDataError
        If the sample is neither UTF-8 nor an encoding the detector recognises with confidence.
    """
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    if _valid_utf8_prefix(sample):
        return "utf-8-sig"

    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(DETECTABLE)).best()
    if best is not None:
        return "cp949" if best.encoding in ("cp949", "euc_kr") else best.encoding
    raise InputDataError("input.encoding_unknown", path=path, hint="input.hint.encoding",
                         tried="UTF-8, cp949 (EUC-KR), UTF-16")


def sniff_delimiter(sample: str) -> str | None:
    """Return the delimiter that splits the sample's first lines evenly, or None if none does.

    A delimiter qualifies when the header and every following sampled line have the same number
    of fields, at least two. When several qualify, the one giving more fields wins, then the
    order of ``DELIMITERS``.
    """
    lines = [line for line in sample.splitlines() if line.strip()][:SNIFF_LINES]
    if len(sample) >= SAMPLE_BYTES - 1 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a full sample may be cut short
    if not lines:
        return None
    best: tuple[int, int, str] | None = None
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            counts = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(counts) == 1:
            fields = counts.pop()
            if fields > 1 and (best is None or (fields, -rank) > (best[0], best[1])):
                best = (fields, -rank, delimiter)
    return best[2] if best else None
