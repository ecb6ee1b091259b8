"""What a process loads before it works (issue 16: one changed document in ≤ 2 s).

A build loads the modules that write only once it knows it will write (`--help` does
not), and a worker loads spaCy, pdfplumber or python-docx only when a document needs
them; these tests fail when an import at the top of a module brings one of them back
into a start."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from extract.readers import SUPPORTED_SUFFIXES, reader_of

HEAVY = ("spacy", "jieba", "numpy", "networkx", "sqlite_utils", "pdfplumber", "docx", "cn2an", "datasette")


def loaded_after(statement: str) -> set[str]:
    """The HEAVY modules in sys.modules after running `statement` in a fresh interpreter."""
    code = f"import json, sys; {statement}; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_build_py_starts_with_none_of_the_heavy_modules():
    # (build.py's own import, as `python build.py` runs it, without running main)
    assert loaded_after("sys.argv = ['build.py']; import build") == set()


@pytest.mark.parametrize("module", ["extract.builder", "extract.corpus", "extract.engines.local",
                                    "extract.analysis.accuracy"])
def test_what_a_build_imports_at_its_start_is_light(module):
    assert loaded_after(f"import {module}") == set()


def test_a_worker_reads_text_without_spacy_pdfplumber_or_docx():
    assert loaded_after("import extract.one_file") & {"spacy", "pdfplumber", "docx", "datasette", "networkx",
                                                       "sqlite_utils"} == set()


def test_what_a_build_loads_before_its_workers_fork_is_what_they_need():
    """With one document a worker, the workers fork once the shared modules are loaded: the
    build's own (networkx, sqlite-utils) come after, beside the workers' loading."""
    assert loaded_after("from extract.builder import load_shared; load_shared(dictionary=False)") == {"jieba", "numpy"}


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_every_supported_suffix_has_a_reader(suffix):
    assert callable(reader_of(suffix))
    assert reader_of(".xls") is None


def test_the_corpus_listing_leaves_out_what_is_no_document(tmp_path):
    from extract.corpus import corpus_files

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("b.txt", "a.html", "a.txt.meta.yml", "notes.md", ".hidden.txt", "kb.db"):
        (corpus / name).write_text("x", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "link.txt").symlink_to(corpus / "b.txt")
    (corpus / "db-link.sqlite").symlink_to(corpus / "kb.db")   # the database under another name
    names = [p.name for p in corpus_files(corpus, exclude=(corpus / "kb.db",))]
    assert names == ["a.html", "b.txt", "link.txt"]
