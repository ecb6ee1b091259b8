"""`build.py --engine dask` on a LocalCluster gives the rows of the plain build; shards round-trip."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")

from conftest import CORPUS, corpus_of  # noqa: E402
from extract.builder import run_build  # noqa: E402
from extract.one_file import process_file  # noqa: E402
from extract.engines.dask_engine import dask_engine, shard_folder  # noqa: E402
from extract.engines.shards import read_shard, shard_bytes  # noqa: E402

SEEDS = ["002_019ae4dc2b2b33f6.txt", "003_4f30a381c0252c0e.txt", "p09_anhui_suzhou_property_market_measures_2023.html"]


def rows(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view') "
                                            "and name not like 'sqlite_%' and name not like '%_fts%' "
                                            "and name not like 'kb_%'")]
        return {n: sorted(conn.execute(f"select * from [{n}]"), key=repr) for n in names}


def test_dask_build_equals_the_plain_build(tmp_path):
    corpus = corpus_of(tmp_path / "corpus", SEEDS)
    (corpus / "坏.txt").write_bytes(b"\0" * 64)
    plain, dask = tmp_path / "plain.db", tmp_path / "dask.db"
    quiet = {"echo": lambda line: None}
    run_build(corpus, plain, jobs=1, **quiet)
    report = run_build(corpus, dask, jobs=2, engine=dask_engine(None, dask), **quiet)
    assert report.extracted == len(SEEDS) and report.failed == 1
    assert rows(dask) == rows(plain)
    shards = sorted(p.name for p in shard_folder(dask).iterdir())
    assert len(shards) == len(SEEDS) + 1 and all(name.endswith(".parquet") for name in shards)


def test_a_shard_round_trips(tmp_path):
    outcome = process_file(CORPUS / SEEDS[0], "key")
    back = read_shard(shard_bytes(outcome))
    assert back.rows.tables == outcome.rows.tables and back.rows.search == outcome.rows.search
    assert (back.file_name, back.cache_key, back.error) == (outcome.file_name, "key", None)
