"""Worksheet specs: the TOML file read and checked into frozen values, one ProblemSpec a problem."""

from __future__ import annotations

import datetime
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symle.echo import quoted, shown
from symle.errors import SymleError, WorksheetError
from symle.files import TooLarge, TooSlow, read_bounded
from symle.followups.hypothesis import parse_test
from symle.followups.invariance import parse_functions
from symle.model.catalogue import FAMILIES
from symle.model.spec import DEFAULT_INDICATOR, ModelSpec
from symle.model.tokens import check_name
from symle.options import DERIVE_SECONDS, Options, allowed

PARTS = ("likelihood", "loglik", "score", "mle", "second-order", "fisher", "variance", "bias", "lrt")
PROBLEM_KEYS = {
    "model",
    "density",
    "var",
    "params",
    "support",
    "known",
    "functions",
    "ask",
    "response",
    "covariates",
    "test",
    "censored",
}
MAX_SPEC_BYTES = 1_000_000
MAX_LINE = 1_000  # characters of the title, course and date
SPEC_KEYS = {"title", "course", "date", "problem", "integrate", "timeout"}


@dataclass(frozen=True)
class ProblemSpec:
    """One problem as the spec gives it: its model (a catalogue name, or a typed density with its
    parameters; a regression with its response and covariates), functions to estimate by
    invariance, the parts to ask (None: all that apply), and the hypothesis the part `lrt` tests:
    (name,) or (name, value text), `test = "lambda"` or `"lambda=2"` (a one-parameter model's own
    parameter when not given)."""

    model: ModelSpec
    functions: tuple[tuple[str, str], ...] = ()
    ask: tuple[str, ...] | None = None
    test: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorksheetSpec:
    title: str
    problems: tuple[ProblemSpec, ...]
    course: str = ""
    date: str = ""
    integrate: bool = False
    timeout: float = DERIVE_SECONDS


# ---------------------------------------------------------------------------------------------
# reading the spec


def _fail(where: str, message: str) -> WorksheetError:
    return WorksheetError(f"{where}: {message}")


def read_spec(
    spec_or_path: str | Path | Mapping[str, Any] | WorksheetSpec, seconds: float = DERIVE_SECONDS
) -> WorksheetSpec:
    """A spec from a path to a TOML file, TOML text, or an already parsed mapping; a file that is a
    pipe gets `seconds` to be read."""
    where = "worksheet spec"
    if isinstance(spec_or_path, WorksheetSpec):
        return spec_or_path
    if isinstance(spec_or_path, Mapping):
        data: Mapping[str, Any] = spec_or_path
    else:
        text_given = isinstance(spec_or_path, str) and ("\n" in spec_or_path or "[[problem]]" in spec_or_path)
        if text_given:
            source = str(spec_or_path)
        else:
            path = Path(spec_or_path)
            where = shown(path)
            try:
                raw = read_bounded(path, MAX_SPEC_BYTES, seconds)
                if b"\0" in raw:
                    raise _fail(where, "not a text file (it contains NUL bytes)")
                source = raw.decode("utf-8")
            except TooLarge:
                raise _fail(where, f"longer than {MAX_SPEC_BYTES // 1000} kB: not a worksheet spec") from None
            except TooSlow as exc:
                raise _fail(where, f"a pipe or device with {exc}") from None
            except FileNotFoundError:
                raise _fail(where, "no such file") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise _fail(where, f"cannot read it ({exc})") from None
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise _fail(where, f"not valid TOML ({exc})") from None
    return _spec(data, where)


def _spec(data: Mapping[str, Any], where: str) -> WorksheetSpec:
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise _fail(where, f"unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(SPEC_KEYS))})")
    problems = data.get("problem")
    if not isinstance(problems, list) or not problems:
        raise _fail(where, "no problems: add [[problem]] tables")
    integrate = data.get("integrate", False)
    if not isinstance(integrate, bool):
        raise _fail(where, "integrate must be true or false (a TOML boolean, not text)")
    timeout = data.get("timeout", DERIVE_SECONDS)
    if not allowed(timeout):
        raise _fail(where, f"timeout must be a positive number of seconds, at most {Options.MAX_TIMEOUT:g}")
    return WorksheetSpec(
        title=_line(data, "title", "Maximum likelihood", where),
        problems=tuple(_problem(p, f"{where}: problem {k}") for k, p in enumerate(problems, start=1)),
        course=_line(data, "course", "", where),
        date=_line(data, "date", "", where),
        integrate=integrate,
        timeout=float(timeout),
    )


def _line(data: Mapping[str, Any], key: str, default: str, where: str) -> str:
    """The title, course or date: text of at most MAX_LINE characters (a TOML date is its ISO form)."""
    value = data.get(key, default)
    if key == "date" and isinstance(value, datetime.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise _fail(where, f"{key} must be a string")
    if len(value) > MAX_LINE:
        raise _fail(where, f"{key} is {len(value)} characters long: at most {MAX_LINE}")
    return value


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(","))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _fail(where, f"{what} must be a list of strings")


def _text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(where, f"{key} must be a string")
    return value


def _known(value: Any, where: str) -> tuple[tuple[str, str | None], ...]:
    """known = { m = 10 } (a number or a formula's text each; None from Python keeps it symbolic) or
    known = ["m"] (kept symbolic)."""
    if isinstance(value, list):
        return tuple((name, None) for name in _strings(value, where, "known"))
    if not isinstance(value, Mapping):
        raise _fail(where, "known must be a table ({ m = 10 }) or a list of names")
    items = []
    for name, given in value.items():
        number = isinstance(given, (int, float)) and not isinstance(given, bool)
        if not (given is None or isinstance(given, str) or number and math.isfinite(given)):
            raise _fail(where, f"known {quoted(str(name))}: the value must be a finite number or a formula (text)")
        items.append((name, None if given is None else str(given)))
    return tuple(items)


def _problem(data: Any, where: str) -> ProblemSpec:
    if not isinstance(data, Mapping):
        raise _fail(where, "must be a table")
    unknown = set(data) - PROBLEM_KEYS
    if unknown:
        raise _fail(where, f"unknown key {quoted(min(map(str, unknown)))} (keys: {', '.join(sorted(PROBLEM_KEYS))})")
    if ("model" in data) == ("density" in data):
        raise _fail(where, "give either model (a catalogue name) or density (a formula)")
    var, support, response = (_text(data, key, where) for key in ("var", "support", "response"))
    params = None
    if "model" in data:
        model = data["model"]
        if not isinstance(model, str) or model not in FAMILIES:
            raise _fail(where, f"unknown model {quoted(str(model))} (known: {', '.join(FAMILIES)})")
        if {"params", "var", "support"} & set(data):
            raise _fail(where, "params, var and support belong to a typed density, not a catalogue model")
    else:
        model = _text(data, "density", where) or ""
        if "params" not in data:
            raise _fail(where, 'a typed density needs params, e.g. params = ["theta"]')
        params = _strings(data["params"], where, "params")
    ask = None
    if "ask" in data:
        ask = _strings(data["ask"], where, "ask")
        wrong = [a for a in ask if a not in PARTS]
        if wrong:
            raise _fail(where, f"unknown part {quoted(wrong[0])} in ask (parts: {', '.join(PARTS)})")
    if var is not None and response is not None:
        raise _fail(where, "give var or response (a regression's), not both")
    covariates = _strings(data["covariates"], where, "covariates") if "covariates" in data else ()
    known = _known(data.get("known", {}), where)
    functions = data.get("functions", {})
    if not isinstance(functions, Mapping):
        raise _fail(where, 'functions must be a table of formulas, e.g. { mean = "1/lambda" }')
    censored = data.get("censored", False)
    if not isinstance(censored, bool):
        raise _fail(where, "censored must be true or false (true: right-censored lifetimes, indicator delta)")
    if censored and (response is not None or covariates):
        raise _fail(where, "censored lifetimes have no response or covariates")
    try:
        _check_names(params or (), var, response, covariates, known)
        functions = parse_functions(functions, "functions")
        test = parse_test(data["test"], "test") if "test" in data else ()
        model_spec = ModelSpec.of(
            model,
            var=var,
            params=params,
            support=support,
            known=dict(known),
            response=response,
            covariates=covariates or None,
            censored=DEFAULT_INDICATOR if censored else None,
        )
    except SymleError as exc:
        raise _fail(where, exc.text) from None
    return ProblemSpec(model_spec, tuple(functions.items()), ask, test)


def _check_names(
    params: tuple[str, ...],
    var: str | None,
    response: str | None,
    covariates: tuple[str, ...],
    known: tuple[tuple[str, str | None], ...],
) -> None:
    """Every name of a problem by the one rule of names (check_name), an error naming its key."""
    given = {
        "params": [p.partition(":")[0].strip() for p in params],
        "var": [var] if var is not None else [],
        "response": [response] if response is not None else [],
        "covariates": list(covariates),
        "known": [name for name, _ in known],
    }
    for key, names in given.items():
        for name in names:
            check_name(name, key)
