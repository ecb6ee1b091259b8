"""Derived tables: what the loaded rows say across plans, computed after every build.

Each step is a function of the database alone that empties and refills its
own tables, so running it twice, or after any change of documents, leaves
the same rows. `derive` runs every step after a full build; `update`
runs them after some plans were added, replaced or removed, recomputing
only what those plans touch where a step knows how (it then leaves exactly
the rows `derive` would).

| step | reads | writes |
|---|---|---|
| unit_network | tasks, task_units | unit_network, unit_stats |
| similarity | tasks, indicators, similarity_words | similar_tasks, similar_targets |
| accuracy | schema/accuracy.json (or --accuracy FILE) | accuracy |
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Step:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    save: Callable[[sqlite_utils.Database], object]
    update: Callable[[sqlite_utils.Database, list[str]], object] | None = None
    # What an incremental build's update can load before the changed plans' rows are written (while
    # the workers extract): `prepare(db)`, its result passed to `update(db, changed, prepared)`.
    prepare: Callable[[sqlite_utils.Database], object] | None = None


def steps(accuracy_file: Path | None = None) -> tuple[Step, ...]:
    """The derived steps in the order they run; `accuracy_file` replaces schema/accuracy.json."""
    # Imported here, not with the package: a build's workers import extract.analysis.similarity
    # for its words and need neither networkx nor the other steps.
    from extract.analysis.accuracy import save_accuracy
    from extract.analysis.network import save_unit_network
    from extract.analysis.network_update import update_network
    from extract.analysis.similarity import save_similar, update_similar
    from extract.analysis.similarity_ahead import load_ahead

    return (
        Step("unit_network", ("tasks", "task_units"), ("unit_network", "unit_stats"),
             save_unit_network, update_network),
        Step("similarity", ("tasks", "indicators", "similarity_words"),
             ("similar_tasks", "similar_targets"), save_similar, update_similar, load_ahead),
        Step("accuracy", ("schema/accuracy.json",), ("accuracy",),
             lambda db: save_accuracy(db, accuracy_file)),
    )


def derive(db: sqlite_utils.Database, accuracy_file: Path | None = None) -> dict[str, float]:
    """Run every step on the whole database; returns the seconds each took."""
    seconds = {}
    for step in steps(accuracy_file):
        started = time.perf_counter()
        step.save(db)
        seconds[step.name] = time.perf_counter() - started
    return seconds


def update(db: sqlite_utils.Database, changed_plan_ids: Iterable[str],
           accuracy_file: Path | None = None) -> dict[str, float]:
    """Bring every step up to date after the plans `changed_plan_ids` changed; returns the seconds each took."""
    changed = sorted(set(changed_plan_ids))
    seconds = {}
    for step in steps(accuracy_file):
        started = time.perf_counter()
        if step.update is None:
            step.save(db)
        else:
            step.update(db, changed)
        seconds[step.name] = time.perf_counter() - started
    return seconds
