"""A class's results: one gradebook row per submission (CSV) and the most frequent mistakes."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from symle.checker.report import CheckReport
from symle.echo import file_text
from symle.errors import SymleError

COLUMNS = ("file", "model", "correct", "incorrect", "unreadable", "missing", "score", "error")
TOP = 10  # mistakes listed in a class summary


def row(path: Path, result: CheckReport | SymleError) -> dict[str, object]:
    """A submission's row; `score` is the fraction of its steps (missing ones included) that are correct."""
    if isinstance(result, SymleError):
        return {**dict.fromkeys(COLUMNS, ""), "file": file_text(str(path)), "score": 0, "error": str(result)}
    counts = {verdict: result.count(verdict) for verdict in ("correct", "incorrect", "unreadable", "missing")}
    total = sum(counts.values())
    score = round(counts["correct"] / total, 4) if total else 0
    return {"file": file_text(result.file), "model": result.model, **counts, "score": score, "error": ""}


def _cell(value: object) -> object:
    """A spreadsheet reads a cell starting with = + - @ as a formula: such text is quoted with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(rows: Sequence[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for values in rows:
        writer.writerow({k: _cell(v) for k, v in values.items()})
    return out.getvalue()


def summary(results: Sequence[CheckReport | SymleError]) -> str:
    """The class at a glance: submissions, steps by verdict, and the most frequent mistakes (a step's
    label with its hint, or a part left out), each with how many submissions made it."""
    reports = [r for r in results if isinstance(r, CheckReport)]
    mistakes: Counter[str] = Counter()
    for report in reports:
        seen = set()
        for step in report.steps:
            if step.verdict == "incorrect":
                seen.add(f"{step.label}: {step.hint}" if step.hint else f"{step.label}: wrong, no hint")
            elif step.verdict == "missing":
                seen.add(f"{step.label}: missing")
            elif step.verdict == "unreadable":
                seen.add(f"{step.label}: unreadable")
        mistakes.update(seen)
    verdicts = Counter(step.verdict for report in reports for step in report.steps)
    counted = ", ".join(f"{verdicts[v]} {v}" for v in ("correct", "incorrect", "unreadable", "missing"))
    lines = [f"class summary: {len(results)} submissions ({len(results) - len(reports)} unusable); steps: {counted}"]
    if mistakes:
        lines.append("most frequent mistakes (submissions):")
        lines += [f"  {count:>3}  {what}" for what, count in mistakes.most_common(TOP)]
    return "\n".join(lines)
