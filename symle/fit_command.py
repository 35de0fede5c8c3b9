"""`symle fit`: its options, and the command that reads the data and prints the fit."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from symle.errors import SymleError
from symle.formats import chosen_format
from symle.outputs import emit, resolve, write_files

Adder = Callable[..., None]
PLOT_SECONDS = 30.0  # the time the figure is given after the fit, at least


def add_fit_parser(commands: Any, model_options: Adder, format_option: Adder, output_option: Adder) -> None:
    """The `fit` subcommand's parser, with the model options the other commands share."""
    fit = commands.add_parser("fit", help="evaluate the estimators on data")
    model_options(fit)
    fit.add_argument(
        "data", metavar="DATAFILE", help="one number per line, a CSV or Parquet file with --column, or - for stdin"
    )
    fit.add_argument("--column", help="the CSV or Parquet column holding the data")
    fit.add_argument("--delimiter", help="the CSV file's delimiter, e.g. ';' or tab (default: found from the header)")
    fit.add_argument(
        "--missing",
        choices=("drop", "error"),
        default="drop",
        help="rows with a missing value (an empty cell, NA): left out with a warning (drop, the default) or refused",
    )
    format_option(fit, ("text", "json"))
    output_option(fit, "; a .json name writes JSON")
    fit.add_argument("--level", type=float, default=0.95, help="level of the confidence intervals (default 0.95)")
    fit.add_argument(
        "--interval", choices=("wald", "profile"), default="wald", help="Wald (default) or profile-likelihood"
    )
    fit.add_argument(
        "--test",
        action="append",
        default=[],
        metavar="PARAM=VALUE",
        help="the likelihood-ratio, Wald and score tests of H0: PARAM = VALUE, with chi-squared p-values "
        "(several --test, or a comma list)",
    )
    fit.add_argument(
        "--counts",
        action="store_true",
        help="DATAFILE holds a discrete variable's values with their counts, two columns (value, count): each "
        "value counts as many times (frequency weights)",
    )
    fit.add_argument(
        "--interval-censored",
        metavar="LO,HI",
        help="interval-censored lifetimes: the columns of each lifetime's bounds, known only to lie in [LO, HI] "
        "(HI inf: right-censored; LO = HI: observed exactly); fitted numerically",
    )
    fit.add_argument(
        "--plot",
        metavar="FILE",
        help="also draw the fit (density over the data, QQ plot, log-likelihood) to a .png, .svg or .pdf "
        "file; needs matplotlib (pip install 'symle[plot]')",
    )


def run_fit(args: argparse.Namespace, derive: Callable[[argparse.Namespace], Any]) -> int:
    """Read the data in chunks, fit the derived model, print its summary (text) or JSON."""
    from symle.numeric.hypothesis import check_tests, parse_tests
    from symle.numeric.progress import progress_bar
    from symle.numeric.reading import Reading
    from symle.numeric.stream import open_data
    from symle.numeric.wald import check_level

    check_level(args.level, "--level")
    tests = parse_tests(args.test)
    if args.plot is not None:  # (refused before the data are read: the name, matplotlib)
        from symle.numeric.plots import plot_format, require_matplotlib

        plot_form = plot_format(args.plot)
        require_matplotlib()
        target = resolve(args.plot)  # (a folder, a missing folder: said now, not after the fit is printed)
        if target.path is not None and not target.path.parent.is_dir():
            raise SymleError(f"cannot write {args.plot}: the folder {target.path.parent} does not exist")
    reading = Reading.of(args.delimiter, args.missing)
    form = chosen_format(args.format, args.output, ("text", "json"))
    if args.interval_censored is not None:
        return _run_intervals(args, derive, reading, form)
    if args.counts or args.classes:
        from symle.grouped_fit import run_grouped

        return run_grouped(args, derive, tests, form)
    if getattr(args, "groups", None) is not None:  # several samples: the labels decide how many
        return _fit_samples(args, derive, form)
    derivation = derive(args)
    check_tests(derivation, tests)  # before the data are read: a parameter not in the model is an error at once
    model = derivation.model
    if model.censoring is not None:  # the lifetimes' column (by default the model's t) and the indicator's
        if args.plot is not None:
            raise SymleError("--plot draws the fit of an uncensored sample: a censored fit's plots are not drawn yet")
        columns = [args.column or model.var.name, model.censoring.indicator.name]
    elif model.weighting is not None:  # the values' column (by default the model's x) and the weights'
        if args.plot is not None:
            raise SymleError("--plot draws the fit of an unweighted sample: a weighted fit's plots are not drawn yet")
        columns = [args.column or model.var.name, model.weighting.weight.name]
    elif model.conditional:
        if args.plot is not None:
            raise SymleError("--plot draws the fit of one sample: a regression's plots are not drawn yet")
        if args.column is not None:
            raise SymleError("--column does not apply to a regression: use --response and --covariates")
        columns = [model.var.name, *(c.name for c in model.covariates)]
    else:
        columns = [args.column] if args.column is not None else None
    # read in chunks, whatever the file's size: the memory used is bounded by the chunk
    with progress_bar(open_data(args.data, columns, reading=reading)) as data:
        result = derivation.fit_result(data, args.level, interval=args.interval, test=tests)
    drawn = None
    if args.plot is not None:
        from symle.numeric.plots import figure_bytes
        from symle.supervisor import allow

        allow(max(args.timeout, PLOT_SECONDS))  # (the profile curves and the drawing: time of their own)
        drawn = figure_bytes(result.plot(), plot_form)
    emit(json.dumps(result.to_dict(), indent=2) if form == "json" else result.to_text(), args.output)
    if drawn is not None:
        write_files({args.plot: drawn})
    return 0


def _run_intervals(
    args: argparse.Namespace, derive: Callable[[argparse.Namespace], Any], reading: Any, form: str
) -> int:
    """--interval-censored LO,HI: the two bound columns read whole, the uncensored model's ∏ [F(hᵢ) − F(lᵢ)]
    maximised (symle.numeric.intervals)."""
    import numpy as np

    from symle.model.formula import split_names
    from symle.numeric.data import infinity_allowed
    from symle.numeric.intervals import fit_intervals, interval_bounds
    from symle.numeric.stream import open_data

    names = split_names(args.interval_censored, "--interval-censored")
    if len(names) != 2:
        raise SymleError(
            "--interval-censored LO,HI: give the two columns of the bounds, e.g. --interval-censored lo,hi"
        )
    clashes = [
        option
        for option, given in (
            ("--censored", args.censored is not None),
            ("--column", args.column is not None),
            ("--test", bool(args.test)),
            ("--plot", args.plot is not None),
            ("--interval profile", args.interval != "wald"),
        )
        if given
    ]
    if clashes:
        raise SymleError(f"--interval-censored does not combine with {clashes[0]} yet")
    with infinity_allowed():  # hi = inf: right-censored
        chunks = list(open_data(args.data, list(names), reading=reading).chunks())
    lo, hi = interval_bounds(*(np.concatenate([c.arrays[n] for c in chunks]) if chunks else [] for n in names))
    result = fit_intervals(derive(args), lo, hi, args.level)  # (the bounds checked before the derivation's time)
    emit(json.dumps(result.to_dict(), indent=2) if form == "json" else result.to_text(), args.output)
    return 0


def _fit_samples(args: argparse.Namespace, derive: Callable[[argparse.Namespace], Any], form: str) -> int:
    """`symle fit FAMILY data.csv --column x --groups g [--shared NAMES]`: the groups counted from the labels."""
    from symle.numeric.samples_data import check_groups, labelled, present_labels, read_labelled

    if args.column is None:
        raise SymleError("--groups COLUMN: give the observations' column with --column")
    if args.plot is not None or args.test or args.interval != "wald" or args.censored or args.covariates:
        raise SymleError(
            "--groups: several samples are fitted with Wald intervals only (no --plot, --test, "
            "--interval profile, --censored or --covariates)"
        )
    values, labels = read_labelled(args.data, args.column, args.groups, args.delimiter)
    if args.missing == "error" and len(labelled(values, labels)[0]) != len(values):
        raise SymleError("--missing error: a row has a missing observation or group label")
    check_groups(labelled(values, labels)[2], present_labels(labels), None)
    derivation = derive(argparse.Namespace(**{**vars(args), "groups": str(len(labelled(values, labels)[2]))}))
    result = derivation.fit_result(values, args.level, groups=labels)
    emit(json.dumps(result.to_dict(), indent=2) if form == "json" else result.to_text(), args.output)
    return 0
