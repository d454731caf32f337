"""Traditional PKWARE ZipCrypto encryption and a minimal raw zip writer.

Python's ``zipfile`` can read ZipCrypto entries but cannot write them, and it always re-encodes
non-ASCII names as UTF-8 with flag bit 11 set. ``build_zip`` writes the archive by hand (APPNOTE
4.3.7 local headers, 4.3.12 central directory, 4.3.16 end record) so we control both: raw name
bytes in any encoding, and encryption per APPNOTE 6.1 (three 32-bit keys updated through CRC-32,
a 12-byte encryption header whose last byte is the high byte of the entry's CRC).
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.core.samples.base import ZIP_DATE_TIME

STORED, DEFLATED = 0, 8
FLAG_ENCRYPTED, FLAG_UTF8 = 0x0001, 0x0800


def _make_crc_table() -> tuple[int, ...]:
    """The standard reflected CRC-32 table (polynomial 0xEDB88320)."""
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return tuple(table)


CRC_TABLE = _make_crc_table()


class ZipCryptoCipher:
    """The APPNOTE 6.1 stream cipher: three keys, updated with each *plaintext* byte."""

    def __init__(self, password: bytes) -> None:
        self.k0, self.k1, self.k2 = 0x12345678, 0x23456789, 0x34567890
        for byte in password:
            self._update(byte)

    def _update(self, byte: int) -> None:
        """Mix one plaintext byte into the keys."""
        self.k0 = CRC_TABLE[(self.k0 ^ byte) & 0xFF] ^ (self.k0 >> 8)
        self.k1 = ((self.k1 + (self.k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        self.k2 = CRC_TABLE[(self.k2 ^ (self.k1 >> 24)) & 0xFF] ^ (self.k2 >> 8)

    def _stream_byte(self) -> int:
        """The next keystream byte."""
        temp = (self.k2 | 2) & 0xFFFF
        return ((temp * (temp ^ 1)) >> 8) & 0xFF

    def encrypt(self, data: bytes) -> bytes:
        """Encrypt ``data``, advancing the keys."""
        out = bytearray(len(data))
        for i, byte in enumerate(data):
            out[i] = byte ^ self._stream_byte()
            self._update(byte)
        return bytes(out)

    def decrypt(self, data: bytes) -> bytes:
        """Decrypt ``data``, advancing the keys (used by tests as a cross-check)."""
        out = bytearray(len(data))
        for i, byte in enumerate(data):
            plain = byte ^ self._stream_byte()
            out[i] = plain
            self._update(plain)
        return bytes(out)


def encrypt_payload(payload: bytes, password: bytes, crc: int, seed: int = 0) -> bytes:
    """The 12-byte encryption header (11 seeded bytes + CRC high byte) and ``payload``, encrypted."""
    header = random.Random(seed).randbytes(11) + bytes([(crc >> 24) & 0xFF])
    return ZipCryptoCipher(password).encrypt(header + payload)


@dataclass(frozen=True)
class RawEntry:
    """One entry for ``build_zip``: ``name`` is written byte for byte."""

    name: bytes
    data: bytes
    method: int = DEFLATED
    password: bytes | None = None
    utf8_flag: bool = False


def _dos_time_date() -> tuple[int, int]:
    """``ZIP_DATE_TIME`` as MS-DOS (time, date) words."""
    year, month, day, hour, minute, second = ZIP_DATE_TIME
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _payload(entry: RawEntry, crc: int, seed: int) -> bytes:
    """The entry's stored bytes: compressed if asked, then encrypted if it has a password."""
    if entry.method == DEFLATED:
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        body = comp.compress(entry.data) + comp.flush()
    else:
        body = entry.data
    return encrypt_payload(body, entry.password, crc, seed) if entry.password is not None else body


def build_zip(entries: Iterable[RawEntry], seed: int = 0) -> bytes:
    """The bytes of a zip archive holding ``entries`` (no zip64, no data descriptors)."""
    mtime, mdate = _dos_time_date()
    out, central = bytearray(), bytearray()
    count = 0
    for i, entry in enumerate(entries):
        crc = zlib.crc32(entry.data)
        body = _payload(entry, crc, seed + i)
        flags = (FLAG_ENCRYPTED if entry.password is not None else 0) | (FLAG_UTF8 if entry.utf8_flag else 0)
        common = struct.pack(
            "<HHHHHIIIH",
            20,
            flags,
            entry.method,
            mtime,
            mdate,
            crc,
            len(body),
            len(entry.data),
            len(entry.name),
        )
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", (3 << 8) | 20)
            + common
            + struct.pack("<HHHHII", 0, 0, 0, 0, 0o100644 << 16, len(out))
            + entry.name
        )
        out += b"PK\x03\x04" + common + struct.pack("<H", 0) + entry.name + body
        count += 1
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)
