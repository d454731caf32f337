"""Read what is left of a zip whose central directory is gone (a cut download or upload).

Walks the local file headers from the front, as ``unzip -F`` would, and inflates each entry until
its data runs out. Entries written with a data descriptor (sizes unknown up front) are recovered
too when they are deflated, since a deflate stream marks its own end.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from collections.abc import Iterator

_LOCAL = b"PK\x03\x04"
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CHUNK = 1024 * 1024
Buffer = bytes | mmap.mmap


class LocalEntry:
    """One entry found by its local header; ``chunks()`` inflates it and sets ``complete``."""

    def __init__(self, data: Buffer, flags: int, method: int, compressed_size: int,
                 name_bytes: bytes, data_start: int) -> None:
        self.data = data
        self.flags = flags
        self.method = method
        self.compressed_size = compressed_size
        self.name_bytes = name_bytes
        self.data_start = data_start
        self.complete = False

    @property
    def sizes_known(self) -> bool:
        return not self.flags & 0x8 and self.compressed_size > 0

    @property
    def data_end(self) -> int:
        end = self.data_start + self.compressed_size if self.sizes_known else len(self.data)
        return min(end, len(self.data))

    def chunks(self) -> Iterator[bytes]:
        if self.method == 0:
            for offset in range(self.data_start, self.data_end, _CHUNK):
                yield self.data[offset : min(offset + _CHUNK, self.data_end)]
            self.complete = self.sizes_known and self.data_start + self.compressed_size <= len(self.data)
            return
        inflater = zlib.decompressobj(-15)
        for offset in range(self.data_start, self.data_end, _CHUNK):
            piece = inflater.decompress(self.data[offset : min(offset + _CHUNK, self.data_end)])
            if piece:
                yield piece
            if inflater.eof:
                break
        tail = inflater.flush()
        if tail:
            yield tail
        self.complete = inflater.eof


def scan_local_headers(data: Buffer) -> Iterator[LocalEntry]:
    """Every plausible local header in ``data``, in file order."""
    pos = data.find(_LOCAL)
    while pos != -1 and pos + _HEADER.size <= len(data):
        (_sig, _ver, flags, method, _t, _d, _crc, csize, _usize, nlen, xlen) = _HEADER.unpack_from(data, pos)
        start = pos + _HEADER.size
        data_start = start + nlen + xlen
        if data_start > len(data):
            return
        entry = LocalEntry(data, flags, method, csize, data[start : start + nlen], data_start)
        yield entry
        # Skip the entry's data when its size is known, else search on from just past the header.
        pos = data.find(_LOCAL, data_start + (csize if entry.sizes_known else 0))
