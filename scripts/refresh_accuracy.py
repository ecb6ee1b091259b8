"""Measure the extractor on the dev set and write schema/accuracy.json, which every build publishes.

    python scripts/refresh_accuracy.py [--corpus ../shared/devset/corpus] [--gold ../shared/devset/gold]
                                       [--out schema/accuracy.json]

Builds the corpus with build.py into a temporary database, scores it with
../shared/tools/evaluate.py --json against the gold annotations, and writes
the evaluator's overall figures with the date, the corpus and the commit.
Run it whenever the extractor changes; commit the file it writes.
"""
from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extract.analysis.accuracy import ACCURACY_FILE, accuracy_rows, sentence  # noqa: E402

EVALUATE = SHARED / "tools" / "evaluate.py"


def commit() -> str | None:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return result.stdout.strip() or None


def display(path: Path) -> str:
    """A path as the file will show it: relative to the repository's parent (`shared/devset/corpus`)."""
    try:
        return str(path.resolve().relative_to(ROOT.parent))
    except ValueError:
        return str(path)


@click.command()
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=SHARED / "devset" / "corpus", show_default=True, help="Folder of plans to measure on.")
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=SHARED / "devset" / "gold", show_default=True, help="Gold annotations of those plans.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=ACCURACY_FILE, show_default=True,
              help="File to write.")
def main(corpus: Path, gold: Path, out: Path) -> None:
    """Build CORPUS, score it against GOLD, write OUT."""
    if not EVALUATE.exists():
        raise click.ClickException(f"{EVALUATE} is not here: the evaluator lives in ../shared beside this clone")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db)],
                               capture_output=True, text=True, cwd=ROOT)
        if built.returncode != 0:
            raise click.ClickException(f"build of {corpus} failed:\n{built.stderr}")
        scored = subprocess.run([sys.executable, str(EVALUATE), str(db), "--gold", str(gold), "--json"],
                                capture_output=True, text=True, check=True)
    result = json.loads(scored.stdout)
    documents = len(result["documents"]) - len(result["missing_plans"])
    data = {
        "measured_on": datetime.date.today().isoformat(),
        "corpus": f"{display(corpus)} ({documents} plans, gold {display(gold)})",
        "documents": documents,
        "commit": commit(),
        "evaluator": display(EVALUATE),
        "missing_plans": result["missing_plans"],
        "overall": result["overall"],
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for row in accuracy_rows(data):
        click.echo(sentence(row))
    click.echo(f"wrote {out}", err=True)


if __name__ == "__main__":
    main()
