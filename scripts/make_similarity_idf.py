"""Write schema/similarity_idf.tsv: in how many tasks and targets of the reference plans each word occurs.

    python scripts/make_similarity_idf.py kb.db [--out schema/similarity_idf.tsv]

DB is a build of corpus/ (the reference plans). Every task and every target
(restatements left out) is one document; its words are those the
similarity compares (extract.analysis.vectors.compared_tokens). The file
starts with `# documents N` and lists `word<TAB>documents` by word.
Generic plan words (推进, 建设, 服务) occur in many documents and weigh
little; words of one policy (房票, 海绵) in few and weigh much. Rerun it
when the corpus or the tokens change, and commit the file.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
import sqlite_utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.analysis.similarity import SOURCES  # noqa: E402
from extract.analysis.vectors import IDF_FILE, compared_tokens  # noqa: E402


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=IDF_FILE, show_default=True,
              help="File to write.")
def main(db: Path, out: Path) -> None:
    """Count the documents of DB each compared word occurs in."""
    database = sqlite_utils.Database(db)
    documents = 0
    counts: Counter[str] = Counter()
    for source in SOURCES.values():
        for _, _, text, _ in source.rows(database):
            documents += 1
            counts.update(set(compared_tokens(text)))
    lines = [f"# documents {documents}", "# word\tdocuments containing it"]
    lines += [f"{word}\t{n}" for word, n in sorted(counts.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    click.echo(f"wrote {out}: {len(counts)} words over {documents} documents", err=True)


if __name__ == "__main__":
    main()
