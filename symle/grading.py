"""`symle check`: one homework file, or a class's folder against an assignment, with a gradebook
and a summary of the class's most frequent mistakes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from symle.echo import LINE_CHARS, shown, shown_lines
from symle.errors import SymleError
from symle.flags import said
from symle.formats import chosen_format
from symle.outputs import emit, write_text
from symle.supervisor import allow


def run_check(args: argparse.Namespace) -> int:
    """One file: its report, exit 0 (all correct) or 1; an unusable file is an error (exit 2).
    Batch (several paths or a folder): one report per file, errors reported and skipped, exit the worst.
    Each file has --timeout seconds, reading included."""
    from symle.checker import batch, check_file, error_line, homework_files
    from symle.checker.gradebook import csv_text, row, summary

    form = chosen_format(args.format, args.output, ("text", "json"))
    assignment = _assignment(args)
    if len(args.paths) == 1 and not Path(args.paths[0]).is_dir() and args.gradebook is None:
        report = check_file(args.paths[0], args.timeout, assignment)
        emit(report.to_json() if form == "json" else report.to_text(), args.output)
        return report.exit_status
    files = [str(path) for path in homework_files(args.paths)]
    allow(args.timeout * len(files) + args.timeout)
    status = 0
    written: list[str] = []  # with -o, the reports are written together at the end
    results: list[tuple[Path, object]] = []
    for path, result in batch(files, args.timeout, assignment):
        results.append((path, result))
        if isinstance(result, SymleError):
            message = shown(said(result), LINE_CHARS)
            if form == "json":
                written.append(error_line(str(path), message))
            else:
                sys.stderr.write(f"symle: error: {shown(path)}: {message}\n")
            status = max(status, result.exit_status)
        else:
            written.append(result.to_json(indent=None) if form == "json" else result.to_text() + "\n")
            status = max(status, result.exit_status)
        if args.output is None:
            for line in written:
                emit(line, None)
            sys.stdout.flush()
            written.clear()
    if form == "text" and len(results) > 1:
        written.append(shown_lines(summary([r for _, r in results])))  # type: ignore[misc]
    if args.output is None:
        for line in written:
            emit(line, None)
    else:
        emit("\n".join(line.rstrip("\n") for line in written), args.output)
    if args.gradebook is not None:
        write_text(args.gradebook, csv_text([row(path, result) for path, result in results]))  # type: ignore[arg-type]
    return status


def _assignment(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The model (and parts) imposed on every file: --assignment SPEC.toml [--problem K], or --model."""
    from symle.checker import Assignment
    from symle.checker.assignment import from_worksheet
    from symle.model.spec import ModelSpec

    flags = [f"--{n}" for n in ("var", "params", "support", "response", "covariates") if getattr(args, n) is not None]
    flags += ["--known"] if args.known else []
    if args.assignment is not None and args.model is not None:
        raise SymleError("give --assignment or --model, not both")
    if args.model is None and flags:
        raise SymleError(f"{flags[0]} applies with --model")
    if args.problem is not None and args.assignment is None:
        raise SymleError("--problem applies with --assignment")
    if args.assignment is not None:
        return from_worksheet(args.assignment, args.problem)
    if args.model is None:
        return None
    return Assignment(ModelSpec.of_options(args))
