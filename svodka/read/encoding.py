"""Bytes to text. UTF-8 is tried strictly first (it is what nearly everything is, and a strict
decode cannot be wrong); UTF-16 is recognised by its BOM or, without one, by the pattern its high
bytes make; a UTF-8 text with a few broken bytes is read with them replaced (and says so), since
one bad byte must not cost a news report; anything else is detected by charset-normalizer among
the encodings Russian text is actually found in, so a short cp1251 note is not read as Latin-2."""
from __future__ import annotations

import codecs

import charset_normalizer

# Encodings Russian documents come in; limiting detection to them is what makes it reliable.
CYRILLIC_ENCODINGS = ["cp1251", "koi8_r", "utf_16_le", "utf_16_be", "mac_cyrillic", "cp866",
                      "iso8859_5"]
# A UTF-8 text with at most this share of bytes broken is UTF-8 with damage, not another encoding
# (cp1251 read as UTF-8 breaks on every Cyrillic letter).
MAX_BROKEN_SHARE = 0.01
# High bytes of UTF-16 code units in Russian text: 0x00 (Latin, digits, punctuation), 0x04 (Cyrillic),
# 0x20 (dashes, quotes, «№»).
UTF16_HIGH_BYTES = {0x00, 0x04, 0x20}


class NotText(ValueError):
    """The bytes are not a text document (binary, or no encoding reads them)."""


def decode(data: bytes) -> str:
    return decode_noting(data)[0]


def decode_noting(data: bytes) -> tuple[str, str | None]:
    """The text, and a note when it had to be repaired to be read (said on stderr by the CLI)."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")), None
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(name)), None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16), None
    try:
        return _checked(data.decode("utf-8", errors="strict")), None
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    best = charset_normalizer.from_bytes(data, cp_isolation=CYRILLIC_ENCODINGS).best()
    if best is None:
        raise NotText("binary data, not text in any known encoding")
    return _checked(str(best)), None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: nearly every other byte is a high byte of Russian text's code units."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    for name, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if sum(b in UTF16_HIGH_BYTES for b in high) >= 0.95 * len(high):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
    return None


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few invalid byte sequences, each read as U+FFFD; None when too many are
    broken for the text to be UTF-8 at all."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if broken > max(2, MAX_BROKEN_SHARE * len(data)):
        return None
    return _checked(text), f"{broken} invalid UTF-8 byte sequence{'s' if broken > 1 else ''} replaced by U+FFFD"


def _checked(text: str) -> str:
    """Reject what decoded but is plainly not prose: NUL bytes or a mass of control characters."""
    if "\x00" in text:
        raise NotText("binary data (NUL bytes), not text")
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if control > max(8, len(text[:4096]) // 20):
        raise NotText("binary data (control characters), not text")
    return text
