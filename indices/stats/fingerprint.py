"""A stable fingerprint of a computation's inputs, stored with every run.

sha256 over a canonical byte encoding, independent of platform byte order and of how equal
values happen to be represented:

* every part is tagged with its kind and, for arrays, its shape (so [1, 2] ≠ [[1, 2]]);
* numbers (integer or float arrays alike, so participants given as int or as float hash the
  same) → little-endian float64, every nan → one canonical nan, −0.0 → 0.0; integers beyond
  2⁵³ are refused rather than rounded; booleans → one byte;
* strings (str arrays, object arrays of str/None, lists of str) → UTF-8 with a length prefix,
  ``None`` as a distinct marker;
* mappings (the methodology) → JSON with sorted keys, no whitespace, UTF-8.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import IndicesError

VERSION = b"indices-fingerprint-v1"
_NONE = struct.pack("<q", -1)


def _encode_array(arr: np.ndarray) -> bytes:
    head = struct.pack("<q", arr.ndim) + struct.pack(f"<{arr.ndim}q", *arr.shape)
    kind = arr.dtype.kind
    if kind == "b":
        return b"b" + head + arr.astype(np.uint8).tobytes()
    if kind in "iu" and arr.size and int(np.abs(arr).max()) > 2**53:
        raise IndicesError("Отпечаток: целые числа больше 2⁵³ не поддерживаются.")
    if kind in "iuf":
        f = arr.astype("<f8") + 0.0  # −0.0 + 0.0 = 0.0
        f[np.isnan(f)] = np.nan  # one bit pattern for every nan
        return b"f" + head + f.astype("<f8").tobytes()
    if kind in "USO":
        chunks = [b"s", head]
        for item in arr.ravel().tolist():
            if item is None:
                chunks.append(_NONE)
                continue
            if isinstance(item, bytes):
                item = item.decode("utf-8")
            if not isinstance(item, str):
                raise IndicesError(f"Отпечаток: неподдерживаемое значение {item!r} в текстовом массиве.")
            data = item.encode("utf-8")
            chunks.append(struct.pack("<q", len(data)) + data)
        return b"".join(chunks)
    raise IndicesError(f"Отпечаток: неподдерживаемый тип массива {arr.dtype}.")


def _encode(part: Any) -> bytes:
    if part is None:
        return b"N"
    if isinstance(part, Mapping):
        text = json.dumps(part, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        data = text.encode("utf-8")
        return b"M" + struct.pack("<q", len(data)) + data
    if isinstance(part, str):
        data = part.encode("utf-8")
        return b"S" + struct.pack("<q", len(data)) + data
    arr = np.asarray(part)
    if arr.dtype.kind == "O" and arr.size:
        items = arr.ravel().tolist()
        numeric = [v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in items]
        if all(numeric) and any(v is not None for v in items):
            # A list of numbers with None for "unknown" (straight from the ORM): None ≡ nan.
            arr = np.array([np.nan if v is None else v for v in items], dtype=np.float64).reshape(arr.shape)
    return b"A" + _encode_array(arr)


def fingerprint(*parts: Any) -> str:
    """Hex sha256 of the canonical encoding of ``parts`` (arrays, strings, mappings, None)."""
    h = hashlib.sha256(VERSION)
    h.update(struct.pack("<q", len(parts)))
    for part in parts:
        chunk = _encode(part)
        h.update(struct.pack("<q", len(chunk)))
        h.update(chunk)
    return h.hexdigest()
