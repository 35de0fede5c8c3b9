"""`symle compare`: several catalogue families fitted to the same data, tabled by AIC with BIC, and
the likelihood-ratio test between each pair of nested families (symle.numeric.nesting)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from symle.echo import shown
from symle.errors import DataError, ParseError
from symle.options import DERIVE_SECONDS
from symle.outputs import emit
from symle.supervisor import allow

__all__ = ["compare", "compare_text", "run_compare"]


def compare(
    data: Any,
    families: Sequence[str],
    *,
    column: str | None = None,
    delimiter: str | None = None,
    missing: str = "drop",
    timeout: float = DERIVE_SECONDS,
) -> dict[str, Any]:
    """Fit each family to the data (a file's path, "-", numbers, a Series, a table with `column`):
    its log-likelihood, k, AIC, BIC and estimates, the families sorted by AIC (those that cannot fit
    the data last, with the reason), and the likelihood-ratio tests between nested families."""
    from symle.api import derive
    from symle.model.names import family
    from symle.numeric.nesting import likelihood_ratio, nested_pairs
    from symle.numeric.reading import Reading

    if isinstance(families, str) or not families:
        raise ParseError("compare needs a list of families, e.g. ['exponential', 'gamma']")
    entries = [family(str(name)) for name in families]  # an unknown name: the closest ones
    for entry in entries:
        if entry.covariates:  # (said before deriving anything)
            raise ParseError(f"{entry.name} is a regression: compare fits families of one variable")
    names = [entry.name for entry in entries]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ParseError(f"{repeated[0]} is named twice: name each family once")
    derivations = {name: derive(name, timeout=timeout) for name in names}
    _same_kind(derivations)
    values, source, notes = _values(data, column, Reading.of(delimiter, missing))
    rows, failed = [], []
    for name, derivation in derivations.items():
        try:
            fitted = derivation.fit_result(values).to_dict()
        except DataError as exc:
            failed.append({"model": name, "error": str(exc)})
            continue
        keys = ("loglik", "aic", "bic", "estimates", "method", "warnings")
        rows.append({"model": name, "k": len(fitted["estimates"]), **{key: fitted[key] for key in keys}})
    if not rows:
        raise DataError(f"no family fits these data ({failed[0]['model']}: {failed[0]['error']})")
    rows.sort(key=lambda row: row["aic"])
    for row in rows:
        row["delta_aic"] = row["aic"] - rows[0]["aic"]
    loglik = {row["model"]: row["loglik"] for row in rows}
    tests = [likelihood_ratio(n, loglik[n.small], loglik[n.large]) for n in nested_pairs(list(loglik))]
    return {
        "data": source,
        "n": len(values),
        "criterion": "aic",
        "models": rows + failed,
        "tests": tests,
        "warnings": list(notes),
    }


def _same_kind(derivations: dict[str, Any]) -> None:
    """AIC compares densities with densities and probabilities with probabilities, not the two."""
    kinds = {name: d.model.support.discrete for name, d in derivations.items()}
    if len(set(kinds.values())) > 1:
        discrete = next(name for name, kind in kinds.items() if kind)
        continuous = next(name for name, kind in kinds.items() if not kind)
        raise ParseError(
            f"{discrete} is discrete and {continuous} continuous: their likelihoods (a probability and a density) "
            "are not comparable; compare families of one kind"
        )


def _values(data: Any, column: str | None, reading: Any) -> tuple[Any, str, tuple[str, ...]]:
    """The observations read once, into memory: a file (or "-") as `symle fit` reads it, anything
    else as Derivation.fit does; with the file's name and what reading changed."""
    from symle.numeric.spill import scan
    from symle.numeric.stream import open_data
    from symle.numeric.values import observations

    if isinstance(data, (str, Path)):
        opened = open_data(data, [column] if column else None, reading=reading)
        columns = scan(opened, ["x"], lambda chunk: None)
        try:
            return columns.gather()["x"], opened.name, columns.notes
        finally:
            columns.close()
    sample = observations(data, ["x"], [column] if column else None, reading.missing)
    return sample.values, "<data>", sample.notes


def compare_text(result: dict[str, Any]) -> str:
    """The comparison as a terminal shows it: the table, best first, then the tests."""
    fitted = [row for row in result["models"] if "error" not in row]
    lines = [
        f"Comparing {len(result['models'])} families on {shown(result['data'])} (n = {result['n']}), best first by AIC",
        "",
    ]
    cells = [("family", "log-likelihood", "k", "AIC", "BIC", "ΔAIC")]
    cells += [
        (
            r["model"],
            f"{r['loglik']:.10g}",
            str(r["k"]),
            f"{r['aic']:.10g}",
            f"{r['bic']:.10g}",
            f"{r['delta_aic']:.4g}",
        )
        for r in fitted
    ]
    widths = [max(len(row[k]) for row in cells) for k in range(6)]
    for row in cells:
        numbers = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        lines.append("  " + "   ".join([row[0].ljust(widths[0]), *numbers]))
    lines += [f"  {row['model']}: not fitted ({row['error']})" for row in result["models"] if "error" in row]
    if result["tests"]:
        lines += ["", "Likelihood-ratio tests of nested families, 2 log Λ = 2(ℓ larger − ℓ smaller):"]
        for test in result["tests"]:
            edge = ", on the boundary" if test["boundary"] else ""
            lines.append(
                f"  {test['null']} within {test['alternative']} ({test['constraint']}{edge}): "
                f"2 log Λ = {test['statistic']:.6g}, df = {test['df']}, reference {test['reference']}, "
                f"p = {test['p_value']:.4g}"
            )
            if "note" in test:
                lines.append(f"    warning: {test['note']}")
    for row in fitted:
        lines.extend(f"  warning ({row['model']}): {w}" for w in row["warnings"])
    lines.extend(f"  warning: {w}" for w in result["warnings"])
    return "\n".join(lines)


def add_compare_parser(commands: Any, output: Any, timeout: Any) -> None:
    """The `compare` command's arguments (`output` and `timeout` add the options every command shares)."""
    parser = commands.add_parser("compare", help="fit several families to the same data: AIC, BIC, likelihood ratios")
    parser.add_argument("data", metavar="DATAFILE", help="one number per line, a CSV file with --column, or -")
    parser.add_argument("families", nargs="+", metavar="FAMILY", help="catalogue families, e.g. exponential gamma")
    parser.add_argument("--column", help="the CSV or Parquet column holding the data")
    parser.add_argument("--delimiter", help="the CSV file's delimiter (default: found from the header)")
    parser.add_argument("--missing", choices=("drop", "error"), default="drop", help="rows with a missing value")
    parser.add_argument("--format", choices=("text", "json"), default=None, help="text (default) or json")
    output(parser, "; a .json name writes JSON")
    timeout(parser, DERIVE_SECONDS, f"time budget in seconds for each family (default {DERIVE_SECONDS:g})")


def run_compare(args: argparse.Namespace) -> int:
    from symle.formats import chosen_format

    form = chosen_format(args.format, args.output, ("text", "json"))
    allow(args.timeout * (len(args.families) + 1))
    result = compare(
        args.data,
        args.families,
        column=args.column,
        delimiter=args.delimiter,
        missing=args.missing,
        timeout=args.timeout,
    )
    emit(json.dumps(result, indent=2, ensure_ascii=False) if form == "json" else compare_text(result), args.output)
    return 0
