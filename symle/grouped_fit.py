"""`symle fit --counts` and `symle fit --classes`: grouped data read from a small file and fitted.

A count file (value, count) is a discrete variable's values with how many times each was seen: the
frequency-weighted fit of the values (symle.model.weighting), each value counting as many times as its
count. A class file (lower, upper, count) is a histogram of a continuous variable: the multinomial
likelihood of the counts, fitted numerically (symle.numeric.classes)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from symle.errors import SymleError
from symle.outputs import emit


def run_grouped(args: argparse.Namespace, derive: Callable[[argparse.Namespace], Any], tests: Any, form: str) -> int:
    """Read the count or class file, fit, print the fit (text or JSON)."""
    given = [f"--{name}" for name in ("column", "weights", "censored", "plot") if getattr(args, name, None)]
    if args.counts and args.classes:
        given.insert(0, "--classes")
    if args.response or args.covariates:
        given.append("--response/--covariates")
    kind = "--counts" if args.counts else "--classes"
    if given:
        raise SymleError(f"{kind} reads its file's columns by position: {given[0]} does not apply with it")
    if args.interval != "wald":
        raise SymleError(f"{kind}: only Wald intervals are given for grouped data (--interval wald)")
    if tests:
        raise SymleError(f"{kind}: tests (--test) are not given for grouped data yet")
    if args.counts:
        from symle.model.weighting import DEFAULT_WEIGHT
        from symle.numeric.grouped_files import read_counts

        grouped = read_counts(args.data, args.delimiter)  # (read first: a bad file is said before deriving)
        args.weights = DEFAULT_WEIGHT
        derivation = derive(args)
        values, counts = grouped.columns
        table = {derivation.model.var.name: values, DEFAULT_WEIGHT: counts}
        result = derivation.fit_result(table, args.level)
        weights = {**result.extras["weights"], "counts": True}
        result = dataclasses.replace(result, extras={**result.extras, "weights": weights})
    else:
        from symle.model.spec import ModelSpec
        from symle.numeric.classes import fit_classes
        from symle.numeric.grouped_files import read_classes
        from symle.pipeline import Options, Stage
        from symle.pipeline import derive as run_pipeline

        grouped = read_classes(args.data, args.delimiter)
        # the class probabilities are the model's: its page is not needed to fit
        model = run_pipeline(ModelSpec.of_options(args), Options(args.timeout), stop=Stage.MODEL)
        result = fit_classes(model, grouped, args.level)
    emit(json.dumps(result.to_dict(), indent=2) if form == "json" else result.to_text(), args.output)
    return 0
