"""Extraction on a Dask cluster: `build.py --engine dask [--scheduler tcp://host:8786]`.

Why Dask rather than Ray: the work is a plain map of a pure function over
files with no shared state, which `Client.map` does with retries, work
stealing and a dashboard; Dask installs from PyPI as pure Python (Ray ships a
large binary and runs its own object store and raylet daemons), a
`LocalCluster` runs the same code on one machine for tests, and the research
groups and newsrooms this is for already run Dask next to pandas.

Each task gets one file's bytes (and its sidecar's), so workers need no shared
disk; it runs `extract.one_file.process_file` on a copy in a temporary folder and
returns the rows as a Parquet shard. The build keeps the shards in
`.NAME.shards/<extractor version>/<sha256>.parquet` beside the database
(a shard already there is not extracted again) and merges them into SQLite
in file order — the one step on a single machine.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from extract.corpus import SIDECAR_SUFFIX, CorpusFile, Outcome
from extract.version import extractor_version

# Dask retries a task whose worker died (not a file that failed: that is an Outcome with an error).
TASK_RETRIES = 1


def extract_to_shard(name: str, data: bytes, sidecar: bytes | None, cache_key: str) -> bytes:
    """On a worker: one file's bytes -> its Parquet shard (rows or the reason it failed)."""
    from extract.one_file import process_file
    from extract.engines.shards import shard_bytes

    with tempfile.TemporaryDirectory(prefix="plan-kb-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        if sidecar is not None:
            path.with_name(name + SIDECAR_SUFFIX).write_bytes(sidecar)
        return shard_bytes(process_file(path, cache_key))


def shard_folder(db_path: Path) -> Path:
    db_path = db_path.resolve()
    return db_path.with_name(f".{db_path.name}.shards") / extractor_version()


def dask_engine(scheduler: str | None, db_path: Path):
    """An engine for extract.builder.run_build that maps files over a Dask cluster."""

    def engine(files: list[CorpusFile], jobs: int) -> Iterator[Outcome]:
        from distributed import Client, LocalCluster

        from extract.engines.shards import read_shard

        shards = shard_folder(db_path)
        shards.mkdir(parents=True, exist_ok=True)
        todo = [f for f in files if not (shards / shard_name(f)).exists()]
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            futures = {f.sha256: client.submit(extract_to_shard, f.path.name, f.path.read_bytes(), _sidecar(f.path),
                                               f.cache_key, key=f"extract-{f.cache_key}", retries=TASK_RETRIES)
                       for f in todo}
            for f in files:
                shard = shards / shard_name(f)
                if f.sha256 in futures:
                    try:
                        data = futures.pop(f.sha256).result()
                    except Exception as error:   # the task failed on every try
                        yield Outcome(f.name, None, f"{f.name}: extraction failed on the cluster ({error})",
                                      f.cache_key)
                        continue
                    partial = shard.with_suffix(".partial")
                    partial.write_bytes(data)
                    partial.replace(shard)
                outcome = read_shard(shard)
                outcome.file_name = f.name
                if outcome.rows is not None:
                    outcome.rows.file_name = f.name
                    for row in outcome.rows.tables["documents"]:
                        row["file_name"] = f.name
                yield outcome
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return engine


def shard_name(f: CorpusFile) -> str:
    """`<sha256>.parquet`, or `<sha256>.<sidecar sha256[:16]>.parquet` for a file with a sidecar."""
    side = f.cache_key.split(":")[1]
    return f"{f.sha256}.parquet" if side == "-" else f"{f.sha256}.{side}.parquet"


def _sidecar(path: Path) -> bytes | None:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    return sidecar.read_bytes() if sidecar.is_file() else None
