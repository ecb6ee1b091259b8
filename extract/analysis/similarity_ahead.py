"""Similarity's items loaded ahead: the unchanged plans' vectors made while the workers extract.

An incremental update of similar items needs the vector of every task and
target of the corpus (`similarity.load_items`: 0.75 s at 1,000 plans, every
plan's stored words unpacked and weighed), though only the changed plans'
are new. The build loads them while its workers extract the changed
documents, once the removed plans' rows have left: the items then in the
database are those of the plans that stay. When the workers' rows are
written, `ItemsAhead.now` adds the changed plans' items alone
(`vectors.add_items`), which gives the arrays `load_items` would.

    ahead = load_ahead(db)                         # while the workers extract
    ...                                            # their rows are written
    update_similar(db, changed_plan_ids, ahead)    # the items: ahead.now(db, kind, changed)
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from extract.analysis.similarity import SOURCES, load_items
from extract.analysis.vectors import Items, add_items, make_items


# Adding items costs more per item than making them all: past this share of the items loaded
# ahead (1,000 plans' tasks: 61 added in 8 ms, all made in 0.1 s; 21,666 added to as many in 0.16 s),
# the items are made again from the rows loaded ahead and the new ones.
ADD_AT_MOST = 0.25


@dataclass
class ItemsAhead:
    """The items of each kind ('tasks', 'targets') of the plans in the database when it was loaded,
    and the rows they were made from."""
    items: dict[str, Items]
    rows: dict[str, list[tuple]]

    def now(self, db: sqlite_utils.Database, kind: str, changed: set[str]) -> Items:
        """The items `load_items(db, kind)` gives now that the plans `changed` were written or removed.

        A changed plan that was loaded ahead (its rows were replaced since) means
        starting again: the items are loaded from the database as a whole."""
        before = self.items[kind]
        if changed & set(before.plan_ids):
            return load_items(db, kind)
        added = SOURCES[kind].rows(db, sorted(changed))
        if len(added) > ADD_AT_MOST * len(before.ids):
            return make_items(self.rows[kind] + added)
        try:
            return add_items(before, added)
        except ValueError:   # an item id also in another plan: not an addition
            return load_items(db, kind)


def load_ahead(db: sqlite_utils.Database) -> ItemsAhead:
    """The items of every plan in the database now (the `prepare` of the similarity step)."""
    rows = {kind: source.rows(db) for kind, source in SOURCES.items()}
    return ItemsAhead({kind: make_items(found) for kind, found in rows.items()}, rows)

