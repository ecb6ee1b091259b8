"""How good are the "similar elsewhere" links? Precision@3 against hand-checked pairs.

    python scripts/similarity_quality.py kb.db [--pairs tests/fixtures/similar_task_pairs.tsv] [--sweep]

Definition. The fixture lists pairs (query task, other task) with a label,
`similar` or `not_similar`. Its queries are the distinct query tasks. For
each query, the retrieved pairs are its neighbours of rank 1 to 3 in
`similar_tasks` (fewer when fewer score at least MIN_SCORE). Then

    precision@3 = retrieved pairs labelled similar / retrieved pairs that carry a label

summed over all queries (micro-average). A retrieved pair the fixture does
not label is reported as unjudged and left out of the precision; the share
of retrieved pairs that are judged is printed as coverage, so a fixture that
has fallen behind the system shows. Also printed: how many queries get at
least one neighbour, how many labelled-similar pairs are among the top 3,
and how many labelled-not-similar pairs (hard negatives among them) are.

--sweep recomputes the neighbours in-process at several score thresholds
instead of reading the table, to show what a threshold trades.
"""
from __future__ import annotations

import csv
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.analysis.similarity import MIN_SCORE, load_items, nearest  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "similar_task_pairs.tsv"
LABELS = ("similar", "not_similar")
AT = 3
SWEEP = (0.10, 0.15, 0.20, 0.25, 0.30, 0.35)
BLANKS = re.compile(r"\s+")


@dataclass
class Pair:
    query: str          # task ids, resolved in the database
    other: str
    label: str
    reason: str
    line: int


def read_pairs(path: Path) -> list[dict]:
    """The fixture's rows (comments skipped), each checked for a known label and a reason."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = []
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        if row["label"] not in LABELS:
            raise ValueError(f"{path}: row {number}: label {row['label']!r} is not one of {LABELS}")
        if not (row.get("reason") or "").strip():
            raise ValueError(f"{path}: row {number}: a label needs its reason")
        rows.append(row | {"line": number})
    return rows


def resolve(conn: sqlite3.Connection, file_name: str, start: str) -> str:
    """The task of that file whose text (blanks removed) contains `start`: a task starting with it, else the shortest."""
    found = conn.execute(
        "select t.task_id, t.text from tasks t join plans p on p.plan_id = t.plan_id "
        "join documents d on d.doc_id = p.doc_id where d.file_name = ?", [file_name]).fetchall()
    if not found:
        raise LookupError(f"{file_name}: no such document in the database")
    hits = [(not BLANKS.sub("", text).startswith(start), len(text), task_id) for task_id, text in found
            if start in BLANKS.sub("", text)]
    if not hits:
        raise LookupError(f"{file_name}: no task contains {start!r}")
    return min(hits)[2]


def resolve_pairs(conn: sqlite3.Connection, path: Path = PAIRS) -> list[Pair]:
    pairs = []
    for row in read_pairs(path):
        pairs.append(Pair(resolve(conn, row["query_file"], row["query_task"]),
                          resolve(conn, row["other_file"], row["other_task"]),
                          row["label"], row["reason"], row["line"]))
    return pairs


def stored_neighbours(conn: sqlite3.Connection, queries: set[str], at: int = AT) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {q: [] for q in queries}
    for task_id, similar_id in conn.execute("select task_id, similar_id from similar_tasks where rank <= ? "
                                            "order by task_id, rank", [at]):
        if task_id in out:
            out[task_id].append(similar_id)
    return out


def computed_neighbours(db_path: Path, queries: set[str], min_score: float, at: int = AT) -> dict[str, list[str]]:
    import sqlite_utils

    items = load_items(sqlite_utils.Database(db_path), "tasks")
    index = {task_id: i for i, task_id in enumerate(items.ids)}
    found = nearest(items, [index[q] for q in queries], k=at, min_score=min_score)
    return {items.ids[q]: [items.ids[i] for i, _ in neighbours] for q, neighbours in found.items()}


def score(pairs: list[Pair], neighbours: dict[str, list[str]]) -> dict:
    """precision@3 and the counts around it (see the module docstring)."""
    labels = {(p.query, p.other): p for p in pairs}
    retrieved = [(q, o) for q, others in neighbours.items() for o in others]
    judged = [labels[pair] for pair in retrieved if pair in labels]
    hits = sum(p.label == "similar" for p in judged)
    top = set(retrieved)
    negatives = [p for p in pairs if p.label == "not_similar"]
    hard = [p for p in negatives if "hard negative" in p.reason]
    return {
        "queries": len(neighbours),
        "answered": sum(bool(v) for v in neighbours.values()),
        "retrieved": len(retrieved),
        "judged": len(judged),
        "coverage": len(judged) / len(retrieved) if retrieved else 1.0,
        "precision": hits / len(judged) if judged else 0.0,
        "similar_found": sum(p.label == "similar" and (p.query, p.other) in top for p in pairs),
        "similar_labelled": sum(p.label == "similar" for p in pairs),
        "negatives_shown": sum((p.query, p.other) in top for p in negatives),
        "negatives": len(negatives),
        "hard_shown": sum((p.query, p.other) in top for p in hard),
        "hard": len(hard),
        "unjudged": [pair for pair in retrieved if pair not in labels],
    }


def report(result: dict) -> str:
    return (f"precision@{AT} {result['precision']:.3f} ({result['judged']} judged of {result['retrieved']} retrieved, "
            f"coverage {result['coverage']:.2f}); {result['answered']}/{result['queries']} queries answered; "
            f"similar pairs in top {AT}: {result['similar_found']}/{result['similar_labelled']}; "
            f"not-similar pairs shown: {result['negatives_shown']}/{result['negatives']} "
            f"(hard negatives {result['hard_shown']}/{result['hard']})")


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=PAIRS,
              show_default=True, help="Hand-checked pairs (TSV).")
@click.option("--sweep", is_flag=True, help="Also recompute at several score thresholds.")
def main(db: Path, pairs: Path, sweep: bool) -> None:
    """Precision@3 of the similar_tasks table of DB against the hand-checked PAIRS."""
    with sqlite3.connect(db) as conn:
        resolved = resolve_pairs(conn, pairs)
        queries = {p.query for p in resolved}
        result = score(resolved, stored_neighbours(conn, queries))
    click.echo(f"{len(resolved)} pairs, {len(queries)} queries ({pairs.name}); MIN_SCORE {MIN_SCORE}")
    click.echo(report(result))
    for query, other in result["unjudged"]:
        click.echo(f"  unjudged: {query} -> {other}")
    if sweep:
        for threshold in SWEEP:
            click.echo(f"min score {threshold:.2f}: " + report(score(resolved, computed_neighbours(db, queries, threshold))))


if __name__ == "__main__":
    main()
