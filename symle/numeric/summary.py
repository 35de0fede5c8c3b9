"""The fit's summary table, as text and as HTML: parameter, estimate, standard error, interval and
how the estimate was found, then n, the log-likelihood, AIC and BIC. Layout only: every number is
the FitResult's (its to_dict), formatted here."""

from __future__ import annotations

import html
import math
from decimal import Decimal
from typing import Any

from symle.echo import shown

METHOD_WORDS = {"closed-form": "closed form", "numeric": "numeric", "boundary": "boundary"}
INTERVAL_WORDS = {"wald": "Wald", "profile": "profile-likelihood"}
WORDS = {"lr": "likelihood ratio", "wald": "Wald", "score": "score"}  # the tests' statistics, in order
HEADER = ("parameter", "estimate", "std. error", "interval", "method")


def percent(level: float) -> str:
    """The level as a percentage with the digits it was given: 95, 99.9, 99.99999999999999 (never
    rounded to 100 or 0, which no interval is)."""
    value = Decimal(repr(level)).scaleb(2).normalize()
    return f"{value:f}" if value >= Decimal("0.0001") else f"{value:g}"


def table_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """One row of text cells a parameter: a missing standard error or interval is a dash."""
    errors = result.get("standard_errors", {})
    intervals = result.get("confidence_intervals", {})
    scales = result.get("interval_scales", {})
    rows = []
    for name, value in result["estimates"].items():
        se = errors.get(name)
        bounds = intervals.get(name)
        if bounds is None:
            shown = "-"
        else:
            scale = scales.get(name)
            shown = f"[{bounds[0]:.6g}, {bounds[1]:.6g}]" + ("" if scale in (None, "identity") else f" ({scale} scale)")
            shown += " (exact)" if name in result.get("exact_intervals", ()) else ""
        method = result["method"][name]
        words = METHOD_WORDS.get(method, method)
        rows.append((name, f"{value:.10g}", "-" if se is None else f"{se:.6g}", shown, words))
    return rows


def interval_heading(result: dict[str, Any]) -> str:
    kind = INTERVAL_WORDS.get(result.get("interval", "wald"), "")
    if set(result["estimates"]) <= set(result.get("exact_intervals", ())):  # (each row says so when they mix)
        kind = "exact"
    return f"{percent(result['level'])}% {kind} interval" if "level" in result else "interval"


def fit_line(result: dict[str, Any]) -> str:
    """n, the log-likelihood, AIC and BIC on one line."""
    counts = result.get("censoring")
    n = result["n"]
    if counts is not None:  # a censored model's fit
        n = f"{n} ({counts['failures']} failures, {counts['censored']} censored)"
    groups = result.get("groups")
    if groups is not None:  # several samples: each group's number, label and size
        n = f"{n} (" + ", ".join(f"group {g['group']} = {shown(g['label'])}: {g['n']}" for g in groups) + ")"
    classes = result.get("classes")
    if classes is not None:  # counts in classes: the sample size is the total count
        n = f"{n} observations in {classes['classes']} classes"
    weights = result.get("weights")
    if weights is not None:  # a weighted fit: its size is the total weight, the expanded sample's
        total = f"{weights['total']:.10g}"
        if weights.get("counts"):  # a count file: each value with how many times it was seen
            return f"n = {total} observations of {result['n']} distinct values   " + _likelihood_line(result)
        n = f"{n} rows of total weight {total} (standard errors and BIC those of the expanded sample, n = {total}"
        n += ")" if weights["whole_numbers"] else "; the weights are not all whole numbers)"
    return f"n = {n}   " + _likelihood_line(result)


def _likelihood_line(result: dict[str, Any]) -> str:
    return f"log-likelihood = {result['loglik']:.10g}   AIC = {result['aic']:.10g}   BIC = {result['bic']:.10g}"


def text_table(result: dict[str, Any]) -> list[str]:
    """The table's lines, columns aligned (left for names and words, right for numbers)."""
    header = (*HEADER[:3], interval_heading(result), HEADER[4])
    rows = [header, *table_rows(result)]
    widths = [max(len(row[k]) for row in rows) for k in range(len(header))]
    right = (False, True, True, False, False)
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(row, widths, right, strict=True)]
        lines.append("  " + "   ".join(cells).rstrip())
    return lines


def html_table(result: dict[str, Any]) -> str:
    """The table as HTML for a notebook: a caption with the model, a row a parameter, then n, ℓ, AIC, BIC."""
    header = (*HEADER[:3], interval_heading(result), HEADER[4])
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in table_rows(result)
    )
    foot = html.escape(fit_line(result))
    caption = html.escape(f"{result['model']}: maximum-likelihood fit")
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in result["warnings"])
    return (
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        f'<tfoot><tr><td colspan="{len(header)}">{foot}</td></tr></tfoot></table>'
        + (f"<ul>{warnings}</ul>" if warnings else "")
    )


def information_criteria(loglik: float, k: int, n: int) -> dict[str, float]:
    """AIC = 2k − 2ℓ and BIC = k log n − 2ℓ, k the number of parameters estimated."""
    return {"aic": 2 * k - 2 * loglik, "bic": k * math.log(n) - 2 * loglik}


def hypothesis_lines(result: dict[str, Any]) -> list[str]:
    """The tests' lines of the text summary: each statistic with its χ²₁ p-value."""
    lines = []
    for name, test in (result.get("tests") or {}).items():
        lines.append(f"  test of H0: {name} = {test['null']:.10g}   (each statistic against chi-squared, 1 df)")
        for key in WORDS:
            cell = test[key]
            lines.append(f"    {WORDS[key]:<16} {cell['statistic']:>12.6g}   p = {cell['p_value']:.4g}")
    return lines
