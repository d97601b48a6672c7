"""Read blocks of plain numeric CSV lines with pyarrow, giving exactly the chunks of CsvTable.

The line reader in :mod:`neuroncli.readers` splits every line with Python's csv module and
parses every cell with ``float``. This module reads the same data in blocks of whole lines with
pyarrow's CSV reader on a background thread. pyarrow releases the GIL while it parses, so the
main thread computes and writes meanwhile. A block is used only when pyarrow cannot read it
differently:

- the file is UTF-8 and the block is valid UTF-8 without NUL characters, so the line reader
  would raise no decoding error;
- the block has no quote character, and no carriage return except in CRLF line endings, so
  both readers split lines and fields at the same bytes (``quote_char=False`` in pyarrow), and
  it does not start with a byte order mark, which pyarrow drops at the start of its input;
- pyarrow parsed every line as one row with the header's number of fields
  (``ignore_empty_lines=False``), so there is no blank line whose line number the line reader
  would skip, and no ragged row;
- every feature cell parsed as a finite float64 and no cell is null (``null_values=[]``).
  pyarrow parses decimal numbers correctly rounded, as ``float`` does, and rejects the cells
  that ``float`` rejects (empty and blank cells, missing-value markers, underscores); the tests
  in tests/test_fastread.py compare both on generated cells. NaN, infinities and numbers out of
  the float64 range are left to the line reader, which applies its own rules to them.

When a block fails any check, the line reader reads again from the start of the chunk that
the block's first row belongs to, through to the end of that block, and raises the error
there if there is one. Chunk boundaries are the same in both readers, so the chunks, their
line numbers and the errors (which depend on the rows of the chunk) are identical. Then the
block reader takes over again at the next chunk boundary.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import queue
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from neuroncli.dialect import PIECE_BYTES
from neuroncli.readers import Chunk

if TYPE_CHECKING:
    from neuroncli.readers import CsvTable

# The first block is small, so a small file costs one small read. Each next block doubles up to
# the maximum, which bounds the memory of a block (about twice its size once parsed).
FIRST_BLOCK_BYTES = 1 << 20
MAX_BLOCK_BYTES = 1 << 23
# Bytes that pyarrow parses as one task.
ARROW_TASK_BYTES = 1 << 20
# Blocks are parsed by this many threads at once, each block on one thread: pyarrow's own
# threads split a block into tasks at a higher cost in CPU time (docs/benchmarks.md).
PARSE_THREADS = max(1, min(os.cpu_count() or 1, 4))


def available() -> bool:
    """Return True when pyarrow's CSV reader can be imported."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class ParsedBlock:
    """The rows of one block: X (rows, n_features) as float64, and the pass-through text."""

    X: NDArray[np.float64]
    text: list[tuple[str, ...]]

    @property
    def rows(self) -> int:
        return int(self.X.shape[0])


class BlockParser:
    """Parse a block of whole lines into X and text with pyarrow, or reject it.

    Parameters
    ----------
    width
        The number of fields of every line.
    delimiter
        A one-byte field delimiter.
    features, passthrough
        0-based positions of the feature columns and of the columns whose text is kept.
    """

    def __init__(self, width: int, delimiter: str, features: Sequence[int],
                 passthrough: Sequence[int]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        self._pa = pa
        self._pacsv = pacsv
        self.features = list(features)
        self.passthrough = list(passthrough)
        self._names = [f"c{i}" for i in range(width)]
        text_positions = set(self.passthrough)
        selected = list(dict.fromkeys([*self.features, *self.passthrough]))
        # A column that is both a feature and kept as text is read as text and cast to float64.
        types = {self._names[i]: pa.string() if i in text_positions else pa.float64()
                 for i in selected}
        self._cast = [i in text_positions for i in self.features]
        self._read = pacsv.ReadOptions(column_names=self._names,
                                       use_threads=False,
                                       block_size=ARROW_TASK_BYTES)
        self._parse = pacsv.ParseOptions(delimiter=delimiter, quote_char=False,
                                         double_quote=False, escape_char=False,
                                         newlines_in_values=False, ignore_empty_lines=False)
        self._convert = pacsv.ConvertOptions(
            column_types=types, include_columns=[self._names[i] for i in selected],
            null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False,
            # parse() has checked that the whole block is UTF-8, so pyarrow need not.
            check_utf8=False,
        )

    def parse(self, block: bytearray) -> ParsedBlock | None:
        """Return the rows of *block* (whole lines), or None if the line reader might read it
        differently, in which case the line reader reads it.
        """
        if not _plain_bytes(block):
            return None
        pa = self._pa
        try:
            table = self._pacsv.read_csv(pa.py_buffer(block), read_options=self._read,
                                         parse_options=self._parse,
                                         convert_options=self._convert)
        except pa.ArrowException:
            return None

        rows = table.num_rows
        X = np.empty((rows, len(self.features)), dtype=np.float64)
        for j, position in enumerate(self.features):
            column = table.column(self._names[position])
            if column.null_count:
                return None
            if self._cast[j]:
                try:
                    column = column.cast(pa.float64())
                except pa.ArrowException:
                    return None
            offset = 0
            for piece in column.chunks:
                count = len(piece)
                # The values buffer read directly: Array.to_numpy imports pandas (0.3 s) first.
                values = np.frombuffer(piece.buffers()[1], dtype=np.float64, count=count,
                                       offset=piece.offset * 8)
                X[offset:offset + count, j] = values
                offset += count
        if not np.isfinite(X).all():
            return None

        if not self.passthrough:
            return ParsedBlock(X, [()] * rows)
        texts = [table.column(self._names[position]).to_pylist()
                 for position in self.passthrough]
        return ParsedBlock(X, list(zip(*texts, strict=True)))


def _plain_bytes(block: bytearray) -> bool:
    """True when *block* is UTF-8 without NUL or quote, CR appears only in CRLF, and the block
    does not start with a byte order mark (which pyarrow would drop, and the line reader keeps).
    """
    if block.find(b'"') >= 0 or block.find(b"\x00") >= 0 or block.startswith(codecs.BOM_UTF8):
        return False
    if block.find(b"\r") >= 0 and block.count(b"\r") != block.count(b"\r\n"):
        return False
    if not block.isascii():
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


@dataclass
class _Block:
    """A block of whole lines, and its rows once a parsing thread is done with it."""

    data: bytearray
    future: Future[ParsedBlock | None]

    @property
    def parsed(self) -> ParsedBlock | None:
        """The parsed rows, or None if the line reader must read the block (waits for them)."""
        return self.future.result()


@dataclass
class _End:
    """The last message of the reader thread: the bytes it did not parse, the error of its
    last read, and whether the stream has ended."""

    data: bytes
    error: BaseException | None
    exhausted: bool


@dataclass
class _Crash:
    error: BaseException


def _reads_whole_blocks(stream: IO[bytes]) -> bool:
    """True for streams read without decompression: files, pipes and memory.

    Their reads fail only on an I/O fault, which no content of the file decides. Decompressors
    fail on damaged data, so they are read in pieces of PIECE_BYTES, the size in which the line
    reader reads them, and a damaged archive fails after the same bytes in both.
    """
    if isinstance(stream, io.BytesIO):
        return True
    return isinstance(stream, io.BufferedReader) and isinstance(stream.raw, io.FileIO)


class _BlockReader:
    """Read blocks of whole lines from a stream on a background thread, and parse them on
    PARSE_THREADS more, handing them out in the order of the file.
    """

    def __init__(self, head: bytes, stream: IO[bytes] | None, error: BaseException | None,
                 parser: BlockParser) -> None:
        self._head = head
        self._stream = stream
        self._error = error
        self._parser = parser
        # Blocks read and not yet taken: the ones being parsed and one parsed ahead.
        self._queue: queue.Queue[_Block | _End | _Crash] = queue.Queue(maxsize=PARSE_THREADS)
        self._pool = ThreadPoolExecutor(max_workers=PARSE_THREADS,
                                        thread_name_prefix="neuroncli-parser")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._abandoned = threading.Event()
        self._reading = False
        self._finished = False
        # Seconds this reader's threads spent reading and parsing.
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="neuroncli-block-reader",
                                        daemon=True)
        self._thread.start()

    def _take(self) -> _Block | _End:
        """Return the next item of the thread; raise the error it crashed with."""
        item = self._queue.get()
        if isinstance(item, _Crash):
            self._finished = True
            raise item.error
        if isinstance(item, _End):
            self._finished = True
        return item

    def __iter__(self) -> Iterator[_Block | _End]:
        while not self._finished:
            yield self._take()

    def stop(self) -> tuple[list[bytearray], _End]:
        """Stop the thread; return the blocks it read that were never taken, and its end state."""
        self._stop.set()
        blocks: list[bytearray] = []
        while True:
            item = self._take()
            if isinstance(item, _End):
                self._thread.join()
                # Blocks still being parsed are not needed any more; let them finish first, so
                # they take no CPU time from the line reader.
                self._pool.shutdown(wait=True, cancel_futures=True)
                return blocks, item
            blocks.append(item.data)

    def close(self) -> None:
        """Stop the thread if it still runs, dropping what it read.

        The thread is not waited for while it waits for input (a terminal or a pipe that stays
        open); being a daemon thread, it ends with the process.
        """
        self._finished = True
        self._abandoned.set()
        # Under the lock, the thread either has not started a read and will not (it checks
        # the stop flag under the same lock), or is reading and is not waited for.
        with self._lock:
            self._stop.set()
            reading = self._reading
        with contextlib.suppress(queue.Empty):
            self._queue.get_nowait()
        if not reading:
            self._thread.join()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _put(self, item: _Block | _End | _Crash) -> bool:
        """Hand *item* to the reading thread; return False if it no longer wants any."""
        while not self._abandoned.is_set():
            try:
                self._queue.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def _run(self) -> None:
        try:
            self._read_all()
        except BaseException as exc:  # noqa: BLE001 - raised again in the reading thread
            self._put(_Crash(exc))

    def _timed_parse(self, block: bytearray) -> ParsedBlock | None:
        started = time.perf_counter()
        parsed = self._parser.parse(block)
        with self._lock:
            self.seconds += time.perf_counter() - started
        return parsed

    def _read_all(self) -> None:
        # The unread data is buffer[start:]; a block is cut from it, or read into a new buffer.
        buffer: bytes | bytearray = self._head
        start = 0
        stream = self._stream
        error = self._error
        size = FIRST_BLOCK_BYTES
        whole = stream is not None and _reads_whole_blocks(stream)

        while not self._stop.is_set() and error is None:
            if stream is not None and len(buffer) - start < size:
                with self._lock:
                    if self._stop.is_set():
                        break
                    self._reading = True
                started = time.perf_counter()
                buffer, exhausted, error = _fill(stream, memoryview(buffer)[start:], size, whole)
                with self._lock:
                    self.seconds += time.perf_counter() - started
                self._reading = False
                start = 0
                if exhausted:
                    stream = None
                if error is not None:
                    break
            end = _block_end(buffer, start, size, stream is None)
            if end == start:
                if stream is None:
                    break
                size *= 2  # a line longer than the block: read more
                continue
            if start == 0 and isinstance(buffer, bytearray):
                block, buffer = buffer, bytes(memoryview(buffer)[end:])
                del block[end:]
            else:
                block = bytearray(memoryview(buffer)[start:end])
                start = end
            if start == len(buffer):
                buffer, start = b"", 0
            if not self._put(_Block(block, self._pool.submit(self._timed_parse, block))):
                return
            size = min(size * 2, MAX_BLOCK_BYTES)

        self._put(_End(bytes(memoryview(buffer)[start:]), error, stream is None))


def _block_end(buffer: bytes | bytearray, start: int, size: int, at_end: bool) -> int:
    """Return where the next block of whole lines ends in ``buffer[start:]``.

    That is after the last line break in its first *size* bytes, or after the first line break
    when a line is longer; at the end of the stream the last line needs none. Return *start*
    when the buffer contains no whole line yet.
    """
    limit = min(len(buffer), start + size)
    newline = buffer.rfind(b"\n", start, limit)
    if newline < 0:
        newline = buffer.find(b"\n", limit)
    if newline >= 0:
        return newline + 1
    return len(buffer) if at_end else start


def _fill(stream: IO[bytes], leftover: memoryview, size: int, whole: bool
          ) -> tuple[bytearray, bool, BaseException | None]:
    """Read up to *size* more bytes after *leftover*; return them, whether the stream ended,
    and the error that a read raised (the bytes read before it are kept).
    """
    start = len(leftover)
    if whole:
        block = bytearray(start + size)
        block[:start] = leftover
        try:
            count = stream.readinto(memoryview(block)[start:])  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - replayed to the line reader
            del block[start:]
            return block, False, exc
        del block[start + count:]
        return block, count == 0, None

    block = bytearray(leftover)
    while len(block) < start + size:
        try:
            piece = stream.read(PIECE_BYTES)
        except Exception as exc:  # noqa: BLE001 - replayed to the line reader
            return block, False, exc
        if not piece:
            return block, True, None
        block += piece
    return block, False, None


@dataclass
class _Pending:
    """Rows read but not yet given out, because they do not fill a chunk yet.

    ``sources`` lists the blocks they come from, each with the number of its first lines that
    belong to earlier chunks, so the line reader can read these rows again.
    """

    X: list[NDArray[np.float64]] = field(default_factory=list)
    text: list[tuple[str, ...]] = field(default_factory=list)
    rows: int = 0
    sources: list[tuple[bytearray, int]] = field(default_factory=list)

    def add(self, X: NDArray[np.float64], text: list[tuple[str, ...]], block: bytearray,
            skip: int) -> None:
        self.X.append(X)
        self.text.extend(text)
        self.rows += int(X.shape[0])
        self.sources.append((block, skip))

    def clear(self) -> None:
        self.X, self.text, self.rows, self.sources = [], [], 0, []

    def data(self) -> bytes:
        """Return the bytes of the pending rows' lines, as the file has them."""
        parts: list[bytes | memoryview] = []
        for block, skip in self.sources:
            start = 0
            for _ in range(skip):
                start = block.index(b"\n", start) + 1
            parts.append(memoryview(block)[start:])
        return b"".join(parts)


@dataclass
class _Fallback:
    """Where the line reader takes over: its data, the stream after it, and the position."""

    data: bytes
    rest: IO[bytes] | None
    error: BaseException | None
    line: int
    first_row: int
    stop_after: int


def _line_numbers(first: int, count: int) -> NDArray[np.int64]:
    return np.arange(first, first + count, dtype=np.int64)


def _read_blocks(table: CsvTable, head: bytes, rest: IO[bytes] | None,
                 error: BaseException | None, first_row: int, parser: BlockParser, limit: int
                 ) -> Generator[Chunk, None, _Fallback | None]:
    """Yield chunks of *limit* rows from blocks, starting at the table's next line and row
    *first_row*.

    Return None at the end of the file, or where the line reader must take over.
    """
    line = table._next_line()
    reader = _BlockReader(head, rest, error, parser)
    pending = _Pending()
    try:
        for item in reader:
            if isinstance(item, _End):
                if item.error is None and not item.data:
                    if pending.rows or first_row == 1:
                        X = (np.concatenate(pending.X) if pending.X
                             else np.zeros((0, len(parser.features)), dtype=np.float64))
                        yield Chunk(X, pending.text, _line_numbers(line - pending.rows,
                                                                   pending.rows), first_row)
                    return None
                before = pending.data()
                return _Fallback(before + item.data, None, item.error, line - pending.rows,
                                 first_row, len(before) + len(item.data))

            parsed = item.parsed
            if parsed is None:
                before = pending.data()
                unread, end = reader.stop()
                data = b"".join([before, item.data, *unread, end.data])
                stream = None if end.exhausted or end.error is not None else rest
                return _Fallback(data, stream, end.error, line - pending.rows, first_row,
                                 len(before) + len(item.data))

            count = parsed.rows
            start = 0
            if pending.rows and pending.rows + count >= limit:
                start = limit - pending.rows
                X = np.concatenate([*pending.X, parsed.X[:start]])
                text = pending.text + parsed.text[:start]
                yield Chunk(X, text, _line_numbers(line - pending.rows, limit), first_row)
                first_row += limit
                pending.clear()
            while count - start >= limit:
                yield Chunk(parsed.X[start:start + limit], parsed.text[start:start + limit],
                            _line_numbers(line + start, limit), first_row)
                first_row += limit
                start += limit
            if start < count:
                pending.add(parsed.X[start:], parsed.text[start:], item.data, start)
            line += count
        raise AssertionError("the block reader ended without an end marker")
    finally:
        reader.close()
        table.background_seconds += reader.seconds


def fast_chunks(table: CsvTable, features: Sequence[int], passthrough: Sequence[int],
                limit: int) -> Iterator[Chunk]:
    """Yield the chunks of ``table.chunks`` (see there), reading plain blocks with pyarrow.

    Parameters
    ----------
    table
        A table whose header has been read and whose options allow the block reader
        (``CsvTable._plain_numeric_layout``).
    features, passthrough
        0-based positions of the feature columns and of the pass-through columns.
    limit
        Rows per chunk.
    """
    parser = BlockParser(len(table.columns), table.delimiter, features, passthrough)
    first_row: int | None = 1
    if table._pending is not None:
        # Without a header the first row has been read already, so the line reader reads the
        # first chunk.
        first_row = yield from table._line_chunks(features, passthrough, limit, 1, stop_after=0)

    while first_row is not None:
        head, rest, error = table._detach_data()
        fallback = yield from _read_blocks(table, head, rest, error, first_row, parser, limit)
        if fallback is None:
            return
        table._replay(fallback.data, fallback.rest, fallback.error, fallback.line)
        first_row = yield from table._line_chunks(features, passthrough, limit,
                                                  fallback.first_row, fallback.stop_after)

