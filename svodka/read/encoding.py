"""Bytes to text. UTF-8 is tried strictly first (it is what nearly everything is, and a strict
decode cannot be wrong); anything else is detected by charset-normalizer among the encodings
Russian text is actually found in, so a short cp1251 note is not read as Latin-2."""
from __future__ import annotations

import codecs

import charset_normalizer

# Encodings Russian documents come in; limiting detection to them is what makes it reliable.
CYRILLIC_ENCODINGS = ["cp1251", "koi8_r", "utf_16_le", "utf_16_be", "mac_cyrillic", "cp866",
                      "iso8859_5"]


class NotText(ValueError):
    """The bytes are not a text document (binary, or no encoding reads them)."""


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"))
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(name))
    try:
        return _checked(data.decode("utf-8", errors="strict"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=CYRILLIC_ENCODINGS).best()
    if best is None:
        raise NotText("binary data, not text in any known encoding")
    return _checked(str(best))


def _checked(text: str) -> str:
    """Reject what decoded but is plainly not prose: NUL bytes or a mass of control characters."""
    if "\x00" in text:
        raise NotText("binary data (NUL bytes), not text")
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if control > max(8, len(text[:4096]) // 20):
        raise NotText("binary data (control characters), not text")
    return text
