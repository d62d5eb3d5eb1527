"""Lists kept on disk: JSON objects for reports, pickled records for the build's stages.

A ``Spool`` is appended to one object at a time and read back in order or by position;
what stays in memory is one offset per object. A ``Joined`` spool's objects hold a long list
as positions in another spool, read back as a view of it. ``dump`` writes a report holding
spools as ``json.dump(..., indent=2)`` writes the same report holding lists, byte for byte,
streaming each spool (and each view inside an object).
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
import zlib
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any


class Spool(Sequence):
    """JSON objects in a file of JSON lines."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._file = open(self.path, "w+b")
        self._offsets = array("q")
        self._end = 0

    def append(self, item: dict) -> None:
        line = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        self._file.seek(self._end)
        self._file.write(line)
        self._offsets.append(self._end)
        self._end += len(line)

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        self._file.seek(self._offsets[i])
        return json.loads(self._file.readline())

    def __iter__(self) -> Iterator[dict]:
        self._file.flush()
        with open(self.path, "rb") as f:  # a reader of its own: lookups meanwhile do not move it
            for _ in range(len(self)):
                yield json.loads(f.readline())

    def view(self, positions: Sequence[int]) -> SpoolView:
        """The objects at ``positions``, in that order, as a sequence of their own."""
        return SpoolView(self, array("q", positions))

    def close(self) -> None:
        """Close and remove the file."""
        if not self._file.closed:
            self._file.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SpoolView(Sequence):
    def __init__(self, spool: Spool, positions: array) -> None:
        self._spool, self._positions = spool, positions

    @property
    def positions(self) -> array:
        return self._positions

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._spool[p] for p in self._positions[i]]
        return self._spool[self._positions[i]]


class Joined(Sequence):
    """Objects in ``spool`` whose ``key`` is a view of ``other`` (``other.view(positions)``):
    stored as the positions, read back as the view, so an object listing thousands of others
    is never whole in memory, in the report or while it is written. ``close`` closes both."""

    def __init__(self, spool: Spool, key: str, other: Spool) -> None:
        self.spool, self.key, self.other = spool, key, other

    def append(self, item: dict) -> None:
        view = item[self.key]
        if not isinstance(view, SpoolView) or view._spool is not self.other:
            raise TypeError(f"{self.key!r} must be a view of the joined spool")
        self.spool.append({**item, self.key: view.positions.tolist()})

    def _joined(self, item: dict) -> dict:
        item[self.key] = self.other.view(item[self.key])
        return item

    def __len__(self) -> int:
        return len(self.spool)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self._joined(self.spool[i])

    def __iter__(self) -> Iterator[dict]:
        return (self._joined(item) for item in self.spool)

    def close(self) -> None:
        self.spool.close()
        self.other.close()


def dump(data: dict, f: IO[str]) -> None:
    """``json.dump(data, f, indent=2, ensure_ascii=False)`` where ``data``'s values may be
    spools (or their views): each list or spool is written one object at a time, so the text
    of a long listing is never one string."""
    _write(data, f, "")


_STREAMED = (Spool, SpoolView, Joined)


def _write(value: Any, f: IO[str], prefix: str) -> None:
    """``value`` as ``json.dumps(value, indent=2)`` writes it at indent ``prefix``, streaming
    the spools in it and the lists and objects that hold them."""
    inner = prefix + "  "
    # the report itself and its top-level listings go an item at a time (a long list is never
    # one string); deeper down only an object or list that holds a spool or view does
    if isinstance(value, dict) and (not prefix or any(isinstance(v, _STREAMED) for v in value.values())):
        if not value:
            f.write("{}")
            return
        f.write("{")
        for n, (k, v) in enumerate(value.items()):
            f.write(("," if n else "") + "\n" + inner + json.dumps(k, ensure_ascii=False) + ": ")
            _write(v, f, inner)
        f.write("\n" + prefix + "}")
    elif isinstance(value, (*_STREAMED, list)) and (prefix == "  " or isinstance(value, _STREAMED)):
        if not len(value):
            f.write("[]")
            return
        f.write("[")
        for i, item in enumerate(value):
            f.write(("," if i else "") + "\n" + inner)
            _write(item, f, inner)
        f.write("\n" + prefix + "]")
    else:
        f.write(_indented(value, prefix))


def _indented(value: Any, prefix: str) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)


class Shelf:
    """Python objects pickled and compressed into an unnamed temporary file (gone when it is
    closed, or when the process ends however it ends), read back by the number ``put``
    returned: what a big build holds per article stays on disk between its stages. With
    ``on_disk=False`` it keeps the objects themselves (a small build gains nothing from the
    round trip)."""

    def __init__(self, *, on_disk: bool = True) -> None:
        self._items: list = []
        self._file = tempfile.TemporaryFile(prefix="kg-build-") if on_disk else None
        self._offsets = array("q")
        self._end = 0

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def spill(self) -> None:
        """From now on keep everything on disk, what was put so far too (a build that turns
        out big as it reads its articles); the numbers stay the same."""
        if self._file is not None:
            return
        self._file = tempfile.TemporaryFile(prefix="kg-build-")
        items, self._items = self._items, []
        for obj in items:
            self.put(obj)

    def put(self, obj: Any) -> int:
        if self._file is None:
            self._items.append(obj)
            return len(self._items) - 1
        blob = zlib.compress(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._file.seek(self._end)
        self._file.write(blob)
        self._offsets.append(self._end)
        self._end += len(blob)
        return len(self._offsets) - 1

    def get(self, n: int) -> Any:
        if self._file is None:
            return self._items[n]
        start = self._offsets[n]
        end = self._offsets[n + 1] if n + 1 < len(self._offsets) else self._end
        self._file.seek(start)
        return pickle.loads(zlib.decompress(self._file.read(end - start)))

    def close(self) -> None:
        self._items = []
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Shelf:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
