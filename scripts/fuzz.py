"""Feed the whole path of a file (reading, limits, extraction, rows) with mangled plans.

    python scripts/fuzz.py [--n 2000] [--seed 1] [--out DIR]

A seeded generator: each document is made of lines of the real plans in
corpus/, then mangled (lines dropped, repeated or joined, digits and Chinese
numerals stretched, control characters, stray markup, truncated bytes), saved
as .txt in one of the plans' encodings, as a web page with random spans, or as
a Word file with random spans and list numbering. Every document must come back
as rows or as a reason; an exception's name as the reason, or a document over
FILE_BUDGET_SECONDS, is a finding. Figures are printed; the suite runs a few.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import crafted_files  # noqa: E402

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
NOISE = ["\x00", "\x07", "\ufffd", "\u200b", "[bookmark: _GoBack]", "《", "》", "“", "（", "\t", "　", "%", "：", "1:4"]
# Words of a reason that say the build understood the file (anything else is a bug's message).
INTERNAL = ("extraction failed (", 
            "worker reading it died", "over the time budget")


def real_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def mangle(rng: random.Random, lines: list[str]) -> str:
    doc = [rng.choice(lines) for _ in range(rng.randint(1, 60))]
    for _ in range(rng.randint(0, 8)):
        i = rng.randrange(len(doc))
        action = rng.randrange(7)
        if action == 0:
            doc[i] = doc[i] + "9" * rng.randint(1, 40)
        elif action == 1:
            doc[i] = doc[i] + "十百千万亿"[rng.randrange(5)] * rng.randint(1, 40)
        elif action == 2:
            j = rng.randrange(len(doc[i]) + 1)
            doc[i] = doc[i][:j] + rng.choice(NOISE) * rng.randint(1, 5) + doc[i][j:]
        elif action == 3:
            doc[i:i + 3] = ["".join(doc[i:i + 3])]
        elif action == 4:
            doc.insert(i, doc[i])
        elif action == 5:
            doc[i] = doc[i][: rng.randrange(len(doc[i]) + 1)]
        else:
            doc[i] = doc[i] * rng.randint(2, 50)
    return "\n".join(doc) + "\n"


def write_document(rng: random.Random, folder: Path, k: int, text: str) -> Path:
    form = rng.randrange(4)
    if form == 0:
        path = folder / f"fuzz_{k:05d}.html"
        span = rng.choice([1, 2, 50, 999, 1001, 10**9])
        cells = "".join(f"<tr><td colspan='{span}' rowspan='{rng.choice([1, 3, span])}'>{line}</td><td>区民政局</td></tr>"
                        for line in text.splitlines()[:20])
        body = "".join(f"<p>{line}</p>" for line in text.splitlines())
        path.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}<table>{cells}</table></body></html>",
                        encoding="utf-8")
    elif form == 1:
        path = folder / f"fuzz_{k:05d}.docx"
        paragraphs = "".join(crafted_files.NUMBERED.format(line) if rng.random() < 0.3 else crafted_files.PARAGRAPH.format(line)
                             for line in (crafted_files.escape(x) for x in text.splitlines()))
        grid = f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{rng.choice([1, 2, 1001, 10**9])}"/></w:tcPr>' \
               + crafted_files.PARAGRAPH.format("任务") + "</w:tc></w:tr></w:tbl>"
        numbering = crafted_files.NUMBERING.replace("{start}", str(rng.choice([0, 1, 99_999, 10**10]))) \
            .replace("{fmt}", rng.choice(["decimal", "chineseCounting", "upperRoman", "lowerLetter"]))
        crafted_files.docx(path, paragraphs + (grid if rng.random() < 0.3 else ""), numbering)
    else:
        path = folder / f"fuzz_{k:05d}.txt"
        data = text.encode(rng.choice(ENCODINGS), errors="replace")
        if rng.random() < 0.1:
            data = data[: rng.randrange(len(data) + 1)]
        path.write_bytes(data)
    return path


def run(n: int, seed: int, folder: Path) -> dict:
    from extract.one_file import process_file, warm_up
    from extract.limits import FILE_BUDGET_SECONDS

    warm_up()
    rng = random.Random(seed)
    lines = real_lines()
    reasons: Counter = Counter()
    findings: list[str] = []
    times: list[float] = []
    built = 0
    for k in range(n):
        path = write_document(rng, folder, k, mangle(rng, lines))
        started = time.perf_counter()
        outcome = process_file(path, "fuzz")
        seconds = time.perf_counter() - started
        times.append(seconds)
        if outcome.error:
            reason = outcome.error.split(": ", 1)[1] if ": " in outcome.error else outcome.error
            reasons[re.sub(r"\d[\d,.]*", "N", reason)[:90]] += 1
            if any(words in outcome.error for words in INTERNAL) or "Error" in outcome.error.split(": ", 1)[-1][:40]:
                findings.append(outcome.error)
        else:
            built += 1
        if seconds > FILE_BUDGET_SECONDS:
            findings.append(f"{path.name}: {seconds:.1f} s, over the budget")
        path.unlink()
    times.sort()
    return {"documents": n, "built": built, "reasons": reasons, "findings": findings,
            "p50": times[len(times) // 2], "max": times[-1], "total": sum(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-fuzz-") as folder:
        result = run(args.n, args.seed, Path(folder))
    print(f"{result['documents']} documents: {result['built']} built, {result['documents'] - result['built']} refused "
          f"with a reason; per document p50 {result['p50'] * 1000:.0f} ms, max {result['max']:.2f} s, "
          f"total {result['total']:.0f} s")
    for reason, count in result["reasons"].most_common():
        print(f"  {count:5d}  {reason}")
    print(f"findings (bugs): {len(result['findings'])}")
    for finding in result["findings"][:20]:
        print(f"  {finding}")
    sys.exit(1 if result["findings"] else 0)


if __name__ == "__main__":
    main()
