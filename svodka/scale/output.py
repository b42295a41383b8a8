"""Where a cluster run writes, laid out so that a killed run resumes and a reader never sees half a part.

::

    OUT/entities/month=2025-11/part-<pid>.parquet     one file per table, month and partition
    OUT/documents/month=__HIVE_DEFAULT_PARTITION__/…  documents without a date (Hive's null)
    OUT/_parts/<pid>.json                             the partition's marker, written last

Every file is written under a hidden temporary name (``.part-….tmp``) and renamed into place, and
the marker only after all of a partition's files: a partition with a marker is complete, one
without is written again, in full, under the same names (a partition's name is a digest of what
it reads, so a rerun overwrites rather than duplicates). Readers (pyarrow, DuckDB, Spark) skip
names starting with ``.`` or ``_``, so temporary files and markers never show up as rows.

The location is a local path or any URI ``pyarrow.fs`` opens (``s3://bucket/svodka``, ``hdfs://``):
on a cluster, workers write here themselves, so it must be one place they all reach."""
from __future__ import annotations

import io
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow.fs as pafs
import pyarrow.parquet as pq

from svodka.scale.tables import TABLES, month, to_tables

NULL_MONTH = "__HIVE_DEFAULT_PARTITION__"
MARKERS = "_parts"
FORMATS = ("parquet", "jsonl")


@dataclass
class Output:
    """A run's output location: its file system and the root path on it."""

    uri: str
    fs: pafs.FileSystem
    root: str

    @classmethod
    def open(cls, uri: str) -> "Output":
        if "://" in uri:
            fs, root = pafs.FileSystem.from_uri(uri)
        else:
            fs, root = pafs.LocalFileSystem(), str(Path(uri).resolve())
        fs.create_dir(f"{root}/{MARKERS}", recursive=True)
        return cls(uri, fs, root.rstrip("/"))

    @property
    def location(self) -> str:
        """What a worker opens: the URI, or the absolute path (a worker's directory is not ours)."""
        return self.uri if "://" in self.uri else self.root

    def done(self) -> dict[str, dict]:
        """The markers of complete partitions, by partition name."""
        found = self.fs.get_file_info(pafs.FileSelector(f"{self.root}/{MARKERS}", allow_not_found=True))
        markers = {}
        for info in found:
            if info.type == pafs.FileType.File and info.base_name.endswith(".json"):
                with self.fs.open_input_stream(info.path) as f:
                    markers[info.base_name[:-5]] = json.loads(f.read())
        return markers

    def write_part(self, pid: str, records: list[dict], fmt: str) -> list[str]:
        """Every file of one partition, by month; returns their paths below the root."""
        by_month: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            by_month[month(record) or NULL_MONTH].append(record)
        written = []
        for mon, group in sorted(by_month.items()):
            if fmt == "jsonl":
                lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in group)
                written.append(self._put(f"documents/month={mon}/part-{pid}.jsonl", lines.encode("utf-8")))
                continue
            for table, data in to_tables(group).items():
                if data.num_rows:
                    sink = io.BytesIO()
                    pq.write_table(data, sink, compression="zstd")
                    written.append(self._put(f"{table}/month={mon}/part-{pid}.parquet", sink.getvalue()))
        return written

    def mark(self, pid: str, marker: dict) -> None:
        """The partition is complete: written last, after every one of its files is in place."""
        self._put(f"{MARKERS}/{pid}.json", json.dumps(marker, ensure_ascii=False).encode("utf-8"))

    def remove(self, pid: str, marker: dict) -> None:
        """A partition of an earlier run whose documents are read again under another partition:
        its marker goes first, so a crash in between leaves files that a rerun rewrites or removes."""
        self.fs.delete_file(f"{self.root}/{MARKERS}/{pid}.json")
        for path in marker.get("files", []):
            try:
                self.fs.delete_file(f"{self.root}/{path}")
            except FileNotFoundError:
                pass

    def _put(self, path: str, data: bytes) -> str:
        folder, name = path.rsplit("/", 1) if "/" in path else ("", path)
        target_dir = f"{self.root}/{folder}" if folder else self.root
        self.fs.create_dir(target_dir, recursive=True)
        temporary = f"{target_dir}/.{name}.tmp"
        with self.fs.open_output_stream(temporary) as f:
            f.write(data)
        self.fs.move(temporary, f"{target_dir}/{name}")
        return path


def dataset(location: str, table: str):
    """One table of a run's output as a pyarrow dataset, ``month`` a string column (declared, so
    a run whose documents are all undated still reads: pyarrow cannot infer a type from nulls)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    partitioning = ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive")
    return ds.dataset(f"{location.rstrip('/')}/{table}", format="parquet", partitioning=partitioning)


__all__ = ["dataset", "FORMATS", "MARKERS", "NULL_MONTH", "Output", "TABLES"]
