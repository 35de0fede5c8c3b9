"""The command line: derive, fit, families; user errors are one line on stderr and exit 2."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from symle import __version__
from symle.comparing import add_compare_parser, run_compare
from symle.echo import LINE_CHARS, shown
from symle.errors import ParseError, SymleError
from symle.fit_command import add_fit_parser, run_fit
from symle.flags import said
from symle.formats import chosen_format, terminal_progress
from symle.grading import run_check
from symle.lean import without_units
from symle.options import CHECK_SECONDS, DERIVE_SECONDS, Options, allowed
from symle.outputs import emit
from symle.render.formats import DERIVATION_FORMATS, WORKSHEET_FORMATS, describe
from symle.serve import add_serve_parser, run_serve
from symle.supervisor import allow, supervise


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage block) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"symle: error: {shown(message, LINE_CHARS)}\n")
        raise SystemExit(2)


def _timeout_option(parser: argparse.ArgumentParser, default: float | None, text: str) -> None:
    parser.add_argument("--timeout", type=float, default=default, metavar="S", help=text)


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", help="a catalogue name (see `symle families`) or a density formula")
    parser.add_argument("--var", help="the observed variable of a typed density (default x)")
    parser.add_argument("--params", help="comma list of the parameters of a typed density, e.g. mu,sigma2")
    parser.add_argument("--support", help="the support, e.g. 'x > 0', '0 < x < 1', 'x in {0, 1, ...}'")
    parser.add_argument(
        "--known",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help="a known parameter, with a value or kept symbolic (repeatable)",
    )
    _timeout_option(
        parser,
        DERIVE_SECONDS,
        f"time budget in seconds for the whole command, reading included (default {DERIVE_SECONDS:g})",
    )
    parser.add_argument("--response", help="the response of a conditional model (regression); replaces --var")
    parser.add_argument(
        "--covariates",
        help="comma list of the covariates of a conditional model, e.g. x or x1,x2 (g:indicator: a 0/1 indicator)",
    )
    parser.add_argument(
        "--no-normalise-check", action="store_true", help="skip checking that a typed density integrates to 1"
    )
    parser.add_argument(
        "--censored",
        nargs="?",
        const="delta",
        metavar="NAME",
        help="right-censored lifetimes: NAME is the indicator, 1 for an observed failure and 0 for a lifetime "
        "censored at its time (default delta); fit reads it from the data's column NAME",
    )
    parser.add_argument(
        "--weights",
        nargs="?",
        const="w",
        metavar="NAME",
        help="frequency weights: observation i stands for NAME_i identical observations (default w; need not be "
        "whole numbers); fit reads them from the data's column NAME",
    )
    parser.add_argument(
        "--classes",
        action="store_true",
        help="data in classes (a, b] with counts m, a histogram: the multinomial likelihood of the counts, the "
        "class probabilities from the cdf; fit reads a file of three columns, lower, upper (may be inf), count",
    )
    parser.add_argument(
        "--censoring",
        choices=("right", "left"),
        help="what a 0 of the --censored indicator says: right (default), the lifetime exceeds its time; left, "
        "it is below it",
    )
    parser.add_argument(
        "--groups",
        metavar="K|COLUMN",
        help="several samples: derive takes the number of groups K (2, 3, ...), fit the data's column of group labels",
    )
    parser.add_argument(
        "--shared",
        metavar="NAMES",
        help="with --groups: comma list of the parameters common to all groups, e.g. sigma2",
    )


def _format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str | None = None) -> None:
    """--format; without it, the -o file's extension decides (symle.formats), else the first choice."""
    shown_default = default or f"from -o's extension, else {choices[0]}"
    described = describe(choices)
    parser.add_argument(
        "--format", choices=choices, default=default, help=f"the output's format ({described}; default {shown_default})"
    )


def _output_option(parser: argparse.ArgumentParser, extension: str) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help=f"write to FILE instead of standard output{extension}")


def _class_options(check: argparse.ArgumentParser) -> None:
    """What a lecturer grading a class adds to `check`: the model imposed, and a gradebook."""
    check.add_argument(
        "--assignment", metavar="SPEC.toml", help="a worksheet spec whose model and parts every file must answer"
    )
    check.add_argument("--problem", type=int, metavar="K", help="the assignment's problem K (when it has several)")
    check.add_argument("--model", help="the model every file is about (a family or a density), instead of its own")
    for name in ("var", "params", "support", "response", "covariates"):
        check.add_argument(f"--{name}", help=f"with --model: as for `symle derive --{name}`")
    check.add_argument(
        "--known", action="append", default=[], metavar="NAME[=VALUE]", help="with --model: known values"
    )
    check.add_argument("--gradebook", metavar="FILE.csv", help="also write one CSV row per file: counts and a score")


def _cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache", action="store_true", help="derive afresh, without the cache of outputs (also SYMLE_NO_CACHE=1)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symle", description="Symbolic maximum-likelihood derivations.")
    parser.add_argument("--version", action="version", version=f"symle {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    derive = commands.add_parser("derive", help="derive the maximum-likelihood estimators")
    _model_options(derive)
    _format_option(derive, DERIVATION_FORMATS)
    derive.add_argument("--standalone", action="store_true", help="a whole LaTeX document (implies --format latex)")
    derive.add_argument(
        "--interval-censored",
        action="store_true",
        help="the page of interval-censored lifetimes, each known only to lie in [l_i, h_i] (fit them with "
        "symle fit --interval-censored LO,HI)",
    )
    _output_option(derive, "; its extension sets the format: .tex, .md, .json, .txt, .html, or .pdf (compiled LaTeX)")
    _cache_option(derive)
    derive.add_argument(
        "--function",
        action="append",
        default=[],
        metavar="NAME=EXPR",
        help="also estimate a function of the parameters by invariance, e.g. sd=sqrt(sigma2)",
    )
    derive.add_argument(
        "--test",
        metavar="PARAM[=VALUE]",
        help="also derive the likelihood-ratio, Wald and score tests of H0: PARAM = VALUE (a symbol without one)",
    )

    add_fit_parser(commands, _model_options, _format_option, _output_option)

    codegen = commands.add_parser("codegen", help="write a self-contained Python module that fits the model")
    _model_options(codegen)
    _output_option(codegen, "")
    _cache_option(codegen)

    check = commands.add_parser("check", help="check a homework derivation step by step")
    check.add_argument(
        "paths",
        nargs="+",
        metavar="FILE_OR_DIR",
        help="a homework file, or several files and folders (batch: one JSON object a line)",
    )
    _format_option(check, ("text", "json"))
    _output_option(check, "; a .json name writes JSON")
    _class_options(check)
    _timeout_option(
        check, CHECK_SECONDS, f"each file's budget in seconds: reading, deriving, judging (default {CHECK_SECONDS:g})"
    )

    worksheet = commands.add_parser("worksheet", help="an exercise sheet (or its answer key) from a TOML spec")
    worksheet.add_argument("spec", metavar="SPEC.toml", help="the worksheet: title, problems (see examples/)")
    worksheet.add_argument("-o", "--output", metavar="FILE", required=True, help="the .tex or .md file to write")
    worksheet.add_argument("--solutions", action="store_true", help="the answer key instead of the exercise sheet")
    _format_option(worksheet, WORKSHEET_FORMATS)
    worksheet.add_argument("--pdf", action="store_true", help="also build FILE's PDF with latexmk or pdflatex")
    _timeout_option(worksheet, None, "each problem's budget in seconds (default: the spec's timeout, else 10)")

    add_compare_parser(commands, _output_option, _timeout_option)

    add_serve_parser(commands)

    families = commands.add_parser("families", help="list the catalogue")
    _format_option(families, ("text", "json"))
    _timeout_option(families, 60.0, "time budget in seconds (default 60)")
    return parser


def _derivation(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from symle.api import derive
    from symle.followups.invariance import parse_functions
    from symle.model.spec import ModelSpec

    return derive(
        ModelSpec.of_options(args),
        timeout=args.timeout,
        normalise_check=not args.no_normalise_check,
        integrate=args.command == "derive",
        functions=parse_functions(getattr(args, "function", None), "--function"),
        test=getattr(args, "test", None) if args.command == "derive" else None,
    )


def _cached(args: argparse.Namespace, make: Callable[[], tuple[str, bool]], **resolved: str) -> str:
    """The command's output, from the cache of outputs when it holds it (symle.cache): keyed by
    every option but where the output goes, and by what was resolved from it (the format an -o
    file's extension chose)."""
    from symle.cache import remembered

    request = {k: v for k, v in vars(args).items() if k not in ("output", "no_cache")} | resolved
    return remembered(args.command, request, make, use=not args.no_cache)


def run_derive(args: argparse.Namespace) -> int:
    form = chosen_format(args.format, args.output, (*DERIVATION_FORMATS, "pdf"), args.standalone)
    if form == "pdf":
        from symle.worksheets.pdf import TIMEOUT_SECONDS, engine_available

        engine_available()  # before deriving: no LaTeX engine is an error at once
    text = _cached(args, lambda: _derived(args, form), format=form)
    if form == "pdf":
        from symle.outputs import write_files
        from symle.worksheets.pdf import compile_pdf

        allow(2 * TIMEOUT_SECONDS)
        say = terminal_progress("derive")
        if say is not None:
            say("compiling the PDF")
        write_files({args.output: compile_pdf(text)})
        return 0
    emit(text, args.output)
    return 0


def _derived(args: argparse.Namespace, form: str) -> tuple[str, bool]:
    """The document in `form` (a PDF's LaTeX, standalone), and whether it may be cached."""
    from symle.render.derivation import render_as

    if getattr(args, "interval_censored", False):
        from symle.interval_page import interval_page

        return interval_page(args, form), True
    derivation = _derivation(args)
    name = "latex" if form == "pdf" else form
    return render_as(derivation, name, args.standalone or form == "pdf"), not derivation.depends_on_speed


def run_codegen(args: argparse.Namespace) -> int:
    emit(_cached(args, lambda: _generated(args)), args.output)
    return 0


def _generated(args: argparse.Namespace) -> tuple[str, bool]:
    from symle.numeric.codegen import generate

    if args.groups is not None:  # the generated module's fit would take indicator columns no one has
        raise SymleError("codegen does not yet generate several samples' fitter: use symle fit --groups COLUMN")
    derivation = _derivation(args)
    return generate(derivation), not derivation.depends_on_speed


def run_worksheet(args: argparse.Namespace) -> int:
    """The sheet or key; each problem has --timeout seconds (or the spec's), the LaTeX runs theirs."""
    from symle.worksheets import read_spec, write_worksheet
    from symle.worksheets.pdf import TIMEOUT_SECONDS

    pdf_named = Path(args.output).suffix.lower() == ".pdf"  # refused by write_worksheet, with its reason
    form = chosen_format(args.format, None if pdf_named else args.output, WORKSHEET_FORMATS)
    spec = read_spec(args.spec, args.timeout or DERIVE_SECONDS)
    if args.timeout is not None:
        spec = dataclasses.replace(spec, timeout=args.timeout)
    allow(spec.timeout * (len(spec.problems) + 1) + (2 * TIMEOUT_SECONDS if args.pdf else 0))
    say = terminal_progress("worksheet")
    write_worksheet(spec, args.output, solutions=args.solutions, format=form, pdf=args.pdf, progress=say)
    if say is not None:
        sys.__stderr__.write("\r\x1b[K")  # the progress line gone once the sheet is written
    return 0


def run_families(args: argparse.Namespace) -> int:
    from symle.listing import catalogue_rows

    rows = catalogue_rows()
    if args.format == "json":
        emit(json.dumps(rows, indent=2), None)
        return 0
    lines = []
    for row in rows:
        methods = ", ".join(f"{p}: {m}" for p, m in row["methods"].items())
        aliases = f"   (also {', '.join(row['aliases'])})" if row["aliases"] else ""
        lines += [f"{row['name']}{aliases}", f"  {row['density']},  {row['support']}"]
        lines += [f"  {row['parametrisation']}", f"  estimators: {methods}", ""]
    emit("\n".join(lines).rstrip("\n"), None)
    return 0


COMMANDS = {
    "derive": run_derive,
    "fit": lambda args: run_fit(args, _derivation),
    "codegen": run_codegen,
    "check": run_check,
    "compare": run_compare,
    "worksheet": run_worksheet,
    "families": run_families,
}


def _formula_arguments(argv: Sequence[str]) -> list[str]:
    """A formula that starts with a minus sign ('-a*exp(-a*x)') is an argument, not an option:
    it gets a leading space, which argparse does not take for an option and the formula reader
    ignores."""
    return [f" {a}" if a.startswith("-") and not a.startswith("--") and _FORMULA.search(a) else a for a in argv]


_FORMULA = re.compile(r"[*/^()+ ]")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_formula_arguments(sys.argv[1:] if argv is None else argv))
    if args.command == "serve":  # a server runs until stopped: not a supervised command with a deadline
        try:
            return run_serve(args)
        except SymleError as exc:
            return _report(exc)
    command = COMMANDS[args.command]
    try:
        seconds = DERIVE_SECONDS if args.timeout is None else args.timeout
        if not allowed(seconds):
            raise ParseError(f"--timeout must be a positive number of seconds, at most {Options.MAX_TIMEOUT:g}")
        what = f"symle {args.command} (give it more time with --timeout, now {seconds:g} s)"
        # every command runs supervised: killed at its deadline, and writing nothing once killed
        return supervise(seconds, what, lambda: _outcome(command, args))
    except SymleError as exc:  # the supervised command ran out of time, or its files could not be written
        return _report(exc)
    except KeyboardInterrupt:
        sys.stderr.write("symle: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader left (`| head`): stop quietly, as a command killed by SIGPIPE
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exiting flushes nowhere
        return 141


def _outcome(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """The command's exit status, its errors reported as one line on stderr: a user's error exits
    2, a bug of ours 1 (SYMLE_DEBUG=1 shows its traceback). NumPy's warnings are not shown: a
    result that is not finite is an error of its own."""
    without_units()  # (SymPy without its unit systems: none of our expressions holds one)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return command(args)
    except SymleError as exc:
        return _report(exc)
    except RecursionError:
        sys.stderr.write("symle: error: the input is nested too deeply\n")
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, not a traceback, and not exit 2
        if os.environ.get("SYMLE_DEBUG"):
            raise
        what = shown(f"{type(exc).__name__}: {exc}", LINE_CHARS)
        sys.stderr.write(f"symle: internal error ({what}); set SYMLE_DEBUG=1 for details\n")
        return 1


def _report(exc: SymleError) -> int:
    """The error as one line: whatever user text its message echoes is escaped here at the latest; an
    error about the time budget (its field "timeout") says which option gives more."""
    message = said(exc)
    if exc.field == "timeout" and "--timeout" not in message:
        message += "; give it more time with --timeout"
    sys.stderr.write(f"symle: error: {shown(message, LINE_CHARS)}\n")
    return exc.exit_status
