"""The dev-set plans printed and converted as offices publish them score as their .txt (issue 13).

`scripts/print_check.py` prints every plan of `../shared/devset/corpus` with
`../shared/tools/print_pdfs.sh` at 12 and 16 pt (Chromium; Latin digits in Liberation
Serif beside Noto Serif CJK SC) and round-trips it through LibreOffice (.docx, then
PDF); each variant is built with build.py and scored with evaluate.py against the
same gold. Every variant must stay within the bar of the .txt build of the same plans
(measured by the same code, so extraction rules moving elsewhere do not matter), and
each plan's text must read back ≥ 0.97 similar. Skips where ../shared or a converter
is missing.
"""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, SHARED

_spec = importlib.util.spec_from_file_location("print_check", ROOT / "scripts" / "print_check.py")
print_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(print_check)

DEVSET = SHARED / "devset"
CONVERTER = {"pdf12": "chromium", "pdf16": "chromium", "lo-docx": "soffice", "lo-pdf": "soffice"}


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    if not (DEVSET / "corpus").is_dir() or not (print_check.TOOLS / "print_pdfs.sh").exists():
        pytest.skip("../shared (dev set, print_pdfs.sh) is not beside this clone")
    results, read, notes = print_check.measure(DEVSET / "corpus", DEVSET / "gold", tmp_path_factory.mktemp("prints"),
                                               print_check.VARIANTS, jobs=1)
    return results, read, notes


def variant_case(measured, variant: str):
    results, read, notes = measured
    if variant not in results:
        pytest.skip(next(note for note in notes if note.startswith(f"{variant}: left out")))
    return results, read


@pytest.mark.parametrize("variant", print_check.VARIANTS)
def test_variant_scores_as_the_text(measured, variant):
    results, _ = variant_case(measured, variant)
    assert results[variant]["missing_plans"] == []
    deltas = print_check.drops(results)[variant]
    assert print_check.within_bar(deltas), f"F1 less the .txt build's: {deltas}, allowed {print_check.MAX_DROP}"


@pytest.mark.parametrize("variant", print_check.VARIANTS)
def test_variant_text_reads_as_the_text(measured, variant):
    _, read = variant_case(measured, variant)
    figures = {stem: round(print_check.similarity(read[variant][stem], text), 4) for stem, text in read["txt"].items()}
    assert {stem: figure for stem, figure in figures.items() if figure < print_check.MIN_SIMILARITY} == {}
