"""Tables derived from the whole database, registered in one place.

A document's own rows (extract.storage.rows) are written or removed one
document at a time. What depends on several documents — the units shared by
plans, and whatever other whole-corpus tables are added
(unit networks, similar tasks, precomputed comparisons) — is a derived step: a
function `step(conn)` that brings its tables up to date from the base tables.
After any change to the documents, a full build or an incremental one, every
step runs in the order listed, inside the transaction that publishes the build.

To add one, write `def save_x(db: sqlite_utils.Database) -> None` that rebuilds
its tables from the base tables (`db.conn` is the build's connection;
sqlite-utils' `db[...]` helpers work on it), and append `("x", save_x)` to
DERIVED_STEPS; its tables go in `schema/tables.sql`. A step that can update
only what some plans touch registers `("x", save_x, update_x)` with
`update_x(db, changed_plan_ids)`: an incremental build calls it with the ids of
the plans it added, replaced or removed (a full build calls `save_x`). An update
that can read part of its input before the changed plans' rows are written
registers `("x", save_x, update_x, prepare_x)`: the build calls `prepare_x(db)`
while its workers extract (the removed plans' rows are gone, the new ones not
yet written) and then `update_x(db, changed_plan_ids, prepared)`. Steps
run inside the build's temporary copy, so readers never see them half done,
and must give the same rows whatever the order documents came in (an
incremental build is checked against a full one). A step whose save is an
`extract.storage.aside.ComputedTables` (its rows a function of the base
tables) is computed in another process during a full build with a core to
spare, while the steps before it run here.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import sqlite_utils

from extract.analysis import steps as analysis_steps
from extract.storage.summaries import build_summaries, update_summaries

if TYPE_CHECKING:
    from extract.storage.aside import Aside


def prune_units(db: sqlite_utils.Database) -> None:
    """Units no task or indicator names any more (their last plan was removed)."""
    db.conn.execute("DELETE FROM units WHERE unit_id NOT IN "
                 "(SELECT unit_id FROM task_units UNION SELECT unit_id FROM indicator_units)")


def prune_units_by_index(db: sqlite_utils.Database, changed_plan_ids: list[str]) -> None:
    """`prune_units` where the indexes on `unit_id` exist (an incremental build): a lookup per unit,
    not a scan of every responsibility (0.05 s at 1,000 plans)."""
    db.conn.execute("DELETE FROM units WHERE NOT EXISTS (SELECT 1 FROM task_units t WHERE t.unit_id = units.unit_id) "
                    "AND NOT EXISTS (SELECT 1 FROM indicator_units i WHERE i.unit_id = units.unit_id)")


Save = Callable[[sqlite_utils.Database], object]
Update = Callable[[sqlite_utils.Database, list[str]], object]
Prepare = Callable[[sqlite_utils.Database], object]

Step = tuple[str, Save] | tuple[str, Save, Update] | tuple[str, Save, Update, Prepare]


def derived_steps(accuracy_file: Path | None = None) -> list[Step]:
    """Every derived step in the order it runs: units no plan names any more are pruned, the
    serving summaries (extract.storage.summaries), then the analyses across plans
    (extract.analysis: unit network, similar items, published accuracy from `accuracy_file`)."""
    analysis: list[Step] = [(s.name, s.save, s.update, s.prepare) if s.prepare else
                            (s.name, s.save, s.update) if s.update else (s.name, s.save)
                            for s in analysis_steps(accuracy_file)]
    return [("units", prune_units, prune_units_by_index), ("summaries", build_summaries, update_summaries), *analysis]


DERIVED_STEPS: list[Step] = derived_steps()


def registered_steps(steps: list[Step] | None = None) -> list[Step]:
    """`steps`, or the registered steps when None."""
    return DERIVED_STEPS if steps is None else steps


def prepare_derived_steps(conn: sqlite3.Connection, steps: list[Step] | None = None,
                          timings: dict[str, float] | None = None) -> dict[str, object]:
    """What the steps with a `prepare` read before the changed plans' rows are written, by step name."""
    db = sqlite_utils.Database(conn)
    prepared = {}
    for name, _save, *functions in registered_steps(steps):
        if len(functions) == 2:
            started = time.perf_counter()
            prepared[name] = functions[1](db)
            if timings is not None:
                timings[f"derived: {name} (prepared)"] = time.perf_counter() - started
    return prepared


def run_derived_steps(conn: sqlite3.Connection, timings: dict[str, float] | None = None,
                      changed_plan_ids: list[str] | None = None, steps: list[Step] | None = None,
                      aside: Aside | None = None, prepared: dict[str, object] | None = None) -> None:
    """Every registered step (or `steps`), in order: its update with `changed_plan_ids` where it
    has one and some plans changed (and what `prepare_derived_steps` gave it, if anything), else
    its save, or the rows `aside` computed for it; `timings` collects seconds per step."""
    db = sqlite_utils.Database(conn)
    prepared = prepared or {}
    for name, save, *update in registered_steps(steps):
        started = time.perf_counter()
        if update and changed_plan_ids is not None:
            if name in prepared:
                update[0](db, sorted(changed_plan_ids), prepared[name])
            else:
                update[0](db, sorted(changed_plan_ids))
        elif aside is not None and name in aside:
            aside.write(conn, name, timings)
        else:
            save(db)
        if timings is not None:
            timings[f"derived: {name}"] = time.perf_counter() - started
