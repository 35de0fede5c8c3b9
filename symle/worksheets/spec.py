"""Worksheet specs: the TOML file read and checked into frozen values, one ProblemSpec a problem."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symle.echo import shown
from symle.errors import SymleError, WorksheetError
from symle.files import TooLarge, TooSlow, read_bounded
from symle.model.catalogue import FAMILIES
from symle.model.spec import ModelSpec

PARTS = ("likelihood", "loglik", "score", "mle", "second-order", "fisher", "variance", "bias")
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
}
MAX_SPEC_BYTES = 1_000_000
SPEC_KEYS = {"title", "course", "date", "problem", "integrate", "timeout"}


@dataclass(frozen=True)
class ProblemSpec:
    """One problem as the spec gives it: its model (a catalogue name, or a typed density with its
    parameters; a regression with its response and covariates), functions to estimate by
    invariance, and the parts to ask (None: all that apply)."""

    model: ModelSpec
    functions: tuple[tuple[str, str], ...] = ()
    ask: tuple[str, ...] | None = None


@dataclass(frozen=True)
class WorksheetSpec:
    title: str
    problems: tuple[ProblemSpec, ...]
    course: str = ""
    date: str = ""
    integrate: bool = False
    timeout: float = 10.0


# ---------------------------------------------------------------------------------------------
# reading the spec


def _fail(where: str, message: str) -> WorksheetError:
    return WorksheetError(f"{where}: {message}")


def read_spec(spec_or_path: str | Path | Mapping[str, Any] | WorksheetSpec, seconds: float = 10.0) -> WorksheetSpec:
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
    title = data.get("title", "Maximum likelihood")
    if not isinstance(title, str):
        raise _fail(where, "title must be a string")
    problems = data.get("problem")
    if not isinstance(problems, list) or not problems:
        raise _fail(where, "no problems: add [[problem]] tables")
    timeout = data.get("timeout", 10.0)
    if not isinstance(timeout, (int, float)) or timeout <= 0:
        raise _fail(where, "timeout must be a positive number of seconds")
    return WorksheetSpec(
        title=title,
        problems=tuple(_problem(p, f"{where}: problem {k}") for k, p in enumerate(problems, start=1)),
        course=str(data.get("course", "")),
        date=str(data.get("date", "")),
        integrate=bool(data.get("integrate", False)),
        timeout=float(timeout),
    )


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(","))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _fail(where, f"{what} must be a list of strings")


def _problem(data: Any, where: str) -> ProblemSpec:
    if not isinstance(data, Mapping):
        raise _fail(where, "must be a table")
    unknown = set(data) - PROBLEM_KEYS
    if unknown:
        raise _fail(where, f"unknown key {sorted(unknown)[0]!r} (keys: {', '.join(sorted(PROBLEM_KEYS))})")
    if ("model" in data) == ("density" in data):
        raise _fail(where, "give either model (a catalogue name) or density (a formula)")
    if "model" in data:
        model = data["model"]
        if not isinstance(model, str) or model not in FAMILIES:
            raise _fail(where, f"unknown model {model!r} (known: {', '.join(FAMILIES)})")
        if {"params", "var", "support"} & set(data):
            raise _fail(where, "params, var and support belong to a typed density, not a catalogue model")
        params = None
    else:
        model = data["density"]
        if not isinstance(model, str):
            raise _fail(where, "density must be a string")
        if "params" not in data:
            raise _fail(where, 'a typed density needs params, e.g. params = ["theta"]')
        params = _strings(data["params"], where, "params")
    known = data.get("known", {})
    if isinstance(known, list):
        known_items = tuple((name, None) for name in _strings(known, where, "known"))
    elif isinstance(known, Mapping):
        known_items = tuple((str(k), None if v is None else str(v)) for k, v in known.items())
    else:
        raise _fail(where, "known must be a table ({ m = 10 }) or a list of names")
    functions = data.get("functions", {})
    if not isinstance(functions, Mapping) or not all(isinstance(v, str) for v in functions.values()):
        raise _fail(where, 'functions must be a table of formulas, e.g. { mean = "1/lambda" }')
    ask = None
    if "ask" in data:
        ask = _strings(data["ask"], where, "ask")
        wrong = [a for a in ask if a not in PARTS]
        if wrong:
            raise _fail(where, f"unknown part {wrong[0]!r} in ask (parts: {', '.join(PARTS)})")
    for key in ("var", "support", "response"):
        if key in data and not isinstance(data[key], str):
            raise _fail(where, f"{key} must be a string")
    if "var" in data and "response" in data:
        raise _fail(where, "give var or response (a regression's), not both")
    covariates = _strings(data["covariates"], where, "covariates") if "covariates" in data else ()
    try:
        model_spec = ModelSpec.of(
            model,
            var=data.get("var"),
            params=params,
            support=data.get("support"),
            known=dict(known_items),
            response=data.get("response"),
            covariates=covariates or None,
        )
    except SymleError as exc:
        raise _fail(where, str(exc)) from None
    return ProblemSpec(model_spec, tuple((str(k), v) for k, v in functions.items()), ask)
