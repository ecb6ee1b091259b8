"""How far to trust each column: the evaluator's figures, published with the data.

`schema/accuracy.json` holds what `../shared/tools/evaluate.py --json`
measured on the dev set (written by `scripts/refresh_accuracy.py` with the
date and the corpus), so a clone without `../shared` publishes it too.
Each build loads it into the `accuracy` table, one row per measure, each
naming the column it describes:

    "targets": {"precision": 0.91, "recall": 0.88, "f1": 0.89, "tp": 610, "fp": 60, "fn": 83}
        -> targets | 量化指标 | numeric targets | indicators | prf | 0.91 | 0.88 | 0.89 | None | 693 | …
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from extract.analysis.rows import insert_rows
from extract.paths import SCHEMA_DIR

if TYPE_CHECKING:
    import sqlite_utils

ACCURACY_FILE = SCHEMA_DIR / "accuracy.json"
TABLE = "accuracy"
PLAN_FIELD_PREFIX = "plan_fields."

# measure of evaluate.py -> (Chinese name, English name, the table or column it describes)
MEASURES: dict[str, tuple[str, str, str]] = {
    "tasks": ("任务", "tasks", "tasks (kind = task)"),
    "task_units": ("任务的责任单位", "responsible units of tasks", "task_units"),
    "task_lead_units": ("任务的牵头单位", "lead units of tasks", "task_units (role = lead)"),
    "subtasks": ("分工表行", "task-division rows", "tasks (kind = subtask)"),
    "subtask_units": ("分工表行的责任单位", "responsible units of task-division rows", "task_units"),
    "targets": ("量化指标", "numeric targets", "indicators"),
    "target_canonical": ("规范指标", "canonical metric of targets", "indicators.canonical"),
    "task_number": ("任务编号", "task numbers", "tasks.number"),
    "task_deadline": ("任务完成时限", "task deadlines", "tasks.deadline"),
    "task_path": ("任务的章节路径", "outline path of tasks", "tasks.path"),
    "subtask_deadline": ("分工表行的完成时限", "deadlines of task-division rows", "tasks.deadline"),
    "subtask_parent": ("分工表行所属任务", "task of each task-division row", "tasks.parent_task_id"),
    "target_comparator": ("指标比较符", "comparators of targets", "indicators.comparator"),
    "target_year": ("指标目标年份", "target years", "indicators.year"),
    "target_task": ("指标所属任务", "task of each target", "indicators.task_id"),
    "target_kind": ("指标类型", "kinds of targets", "indicators.kind"),
    "target_baseline": ("指标基期值", "baselines of targets", "indicators.baseline_value"),
}
PLAN_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("规划标题", "plan titles"),
    "province": ("省级", "provinces"),
    "prefecture": ("地级", "prefectures"),
    "county": ("县级", "counties"),
    "issuer": ("发文机关", "issuers"),
    "doc_number": ("文号", "document numbers"),
    "issued_date": ("印发日期", "issue dates"),
    "period_start": ("规划期起始年", "first years of plan periods"),
    "period_end": ("规划期截止年", "last years of plan periods"),
}


class AccuracyFileError(ValueError):
    """The accuracy file cannot be read: names the file and the reason."""


def read_accuracy(path: Path = ACCURACY_FILE) -> dict:
    """The accuracy file's content, checked: measured_on, corpus and the evaluator's `overall`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise AccuracyFileError(f"{path}: cannot be read ({error.strerror or error})") from error
    except ValueError as error:
        raise AccuracyFileError(f"{path}: not JSON ({error})") from error
    if not isinstance(data, dict):
        raise AccuracyFileError(f"{path}: expected a JSON object, got {type(data).__name__}")
    missing = [key for key in ("measured_on", "corpus", "overall") if key not in data]
    if missing:
        raise AccuracyFileError(f"{path}: missing {', '.join(missing)} "
                                "(write it with scripts/refresh_accuracy.py)")
    if not isinstance(data["overall"], dict):
        raise AccuracyFileError(f"{path}: 'overall' is not an object")
    return data


def accuracy_rows(data: dict) -> list[dict]:
    """One row per measure of the evaluator's `overall`, in the order of MEASURES, then the plan fields.

    A measure this module does not know keeps its own name in both languages.
    """
    common = {"measured_on": data["measured_on"], "corpus": data["corpus"], "documents": data.get("documents")}
    overall = data["overall"]
    rows = []
    for measure in [*MEASURES, *sorted(m for m in overall if m not in MEASURES and m != "plan_fields")]:
        figures = overall.get(measure)
        if not isinstance(figures, dict):
            continue
        zh, en, describes = MEASURES.get(measure, (measure, measure, None))
        row = {"measure": measure, "field_zh": zh, "field_en": en, "describes": describes}
        if "f1" in figures:
            tp, fn = figures.get("tp"), figures.get("fn")
            row |= {"kind": "prf", "precision": figures.get("precision"), "recall": figures.get("recall"),
                    "f1": figures["f1"], "accuracy": None,
                    "n": tp + fn if isinstance(tp, int) and isinstance(fn, int) else None}
        else:
            row |= {"kind": "accuracy", "precision": None, "recall": None, "f1": None,
                    "accuracy": figures.get("accuracy"), "n": figures.get("n")}
        rows.append(row | common | {"ordinal": len(rows)})
    for field, value in (overall.get("plan_fields") or {}).items():
        zh, en = PLAN_FIELDS.get(field, (field, field))
        rows.append({"measure": PLAN_FIELD_PREFIX + field, "field_zh": zh, "field_en": en,
                     "describes": f"plans.{field}", "kind": "accuracy", "precision": None, "recall": None,
                     "f1": None, "accuracy": value, "n": None} | common | {"ordinal": len(rows)})
    return rows


def save_accuracy(db: sqlite_utils.Database, path: Path | None = None) -> None:
    """Replace the `accuracy` table with the figures of `path` (default: schema/accuracy.json)."""
    rows = accuracy_rows(read_accuracy(path or ACCURACY_FILE))
    db.execute(f"DELETE FROM [{TABLE}]")
    insert_rows(db, TABLE, rows)


def sentence(row: dict) -> str:
    """One line a reader can act on:
    {'field_zh': '量化指标', 'field_en': 'numeric targets', 'kind': 'prf', 'precision': 0.91, 'recall': 0.88,
     'f1': 0.89, 'n': 693, ...}
    -> '量化指标：F1 0.89（精确率 0.91，召回率 0.88，n=693）/ numeric targets: F1 0.89 (precision 0.91, recall 0.88, n=693)'
    """
    n = f"，n={row['n']}" if row.get("n") else ""
    n_en = f", n={row['n']}" if row.get("n") else ""
    if row["kind"] == "prf" and row.get("n") == 0 or row["kind"] != "prf" and row.get("accuracy") is None:
        zh, en = "未测量（标注中没有）", "not measured (none in the annotations)"
    elif row["kind"] == "prf":
        zh = f"F1 {row['f1']:.2f}（精确率 {row['precision']:.2f}，召回率 {row['recall']:.2f}{n}）"
        en = f"F1 {row['f1']:.2f} (precision {row['precision']:.2f}, recall {row['recall']:.2f}{n_en})"
    else:
        zh = f"正确率 {row['accuracy'] * 100:.0f}%" + (f"（n={row['n']}）" if row.get("n") else "")
        en = f"{row['accuracy'] * 100:.0f}% correct" + (f" (n={row['n']})" if row.get("n") else "")
    return f"{row['field_zh']}：{zh} / {row['field_en']}: {en}"
