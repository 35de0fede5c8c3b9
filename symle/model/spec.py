"""ModelSpec: what a person asked to derive (a catalogue name or a typed density), as one frozen value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from symle.echo import shown
from symle.errors import ParseError, about, named
from symle.model.formula import split_names
from symle.model.interval import split_items

Known = tuple[tuple[str, str | None], ...]


DEFAULT_INDICATOR = "delta"  # the censoring indicator's name when none is given (printed δ)


@dataclass(frozen=True)
class ModelSpec:
    """The model as given: `model` is a catalogue name or a density formula; a typed density names
    its `params` (`theta` or `theta:positive`), `var` and `support`; `known` fixes parameters (a
    value's text, or None to keep one symbolic); a conditional model (regression) names its
    `response` and `covariates`. Hashable, so derivations can be remembered per spec."""

    model: str
    var: str | None = None
    params: tuple[str, ...] | None = None
    support: str | None = None
    known: Known = ()
    response: str | None = None
    covariates: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()  # the covariates declared 0/1 group indicators (`--covariates g:indicator`)
    censored: str | None = None  # right censoring: the indicator's name (1 an observed failure, 0 censored)
    weights: str | None = None  # frequency weights: the weight's name (observation i counts wᵢ times)
    classes: bool = False  # data in classes (a, b] with counts m: the multinomial likelihood ∏ pᵢ^mᵢ
    censoring: str = "right"  # what δ = 0 says: the lifetime exceeds tᵢ ("right") or is below it ("left")
    groups: int | None = None  # several samples: the number of groups (symle.model.samples)
    shared: tuple[str, ...] = ()  # with groups: the parameters common to all groups

    @classmethod
    def of(
        cls,
        model: str,
        *,
        var: str | None = None,
        params: str | Sequence[str] | None = None,
        support: str | None = None,
        known: Sequence[str] | Mapping[str, object] | None = None,
        response: str | None = None,
        covariates: str | Sequence[str] | None = None,
        censored: str | None = None,
        weights: str | None = None,
        classes: bool = False,
        censoring: str | None = None,
        groups: int | None = None,
        shared: str | Sequence[str] | None = None,
    ) -> ModelSpec:
        """A spec from the loose forms the command line and the Python API accept: comma lists or
        sequences, `NAME[=VALUE]` items or a mapping for the known parameters."""
        if not isinstance(model, str):
            raise ParseError("the model must be a catalogue name or a density formula (text)")
        texts = {"var": var, "support": support, "response": response, "censored": censored, "weights": weights}
        for what, value in texts.items():
            if value is not None and not isinstance(value, str):
                raise ParseError(f"{what} must be text, not {type(value).__name__}")
        with about("params"):
            items = None if params is None else tuple(item.strip() for item in _texts(params, "params", brackets=True))
        with about("covariates"):
            names, indicators = _covariates(covariates)
        with about("response"):
            if response is not None:
                split_names(response, named("response"))
        with about("censored"):
            if censored is not None:
                split_names(censored, named("censored"))
            if censoring is not None and censoring not in ("right", "left"):
                raise ParseError(
                    f"censoring={censoring!r}: give 'right' or 'left' (interval bounds: intervals=(lo, hi))"
                )
            if censoring is not None and censored is None:
                censored = DEFAULT_INDICATOR
        with about("weights"):
            if weights is not None:
                split_names(weights, named("weights"))
        if not isinstance(classes, bool):
            raise ParseError(f"classes must be True or False, not {type(classes).__name__}")
        with about("shared"):
            given = [] if shared is None else _texts(shared, "shared")
            shared_ = tuple(split_names(",".join(given), named("shared"))) if given else ()
            if shared_ and groups is None:
                raise ParseError(
                    f"{named('shared')} names the parameters common to several samples: give {named('groups')} too"
                )
        with about("groups"):
            if groups is not None and (isinstance(groups, bool) or not isinstance(groups, int)):
                raise ParseError(f"groups must be a whole number of groups (2, 3, ...), not {groups!r}")
        with about("known"):
            known_ = parse_known(known)
        return cls(
            model,
            var,
            items,
            support,
            known_,
            response,
            names,
            indicators,
            censored,
            weights,
            classes,
            censoring or "right",
            groups,
            shared_,
        )

    @classmethod
    def of_options(cls, options: object) -> ModelSpec:
        """The spec the command line's model options give (`model`, `var`, `params`, `support`, `known`,
        `response`, `covariates` and optionally `censored`, `weights` and `classes` attributes): derive,
        fit, codegen, and check --model."""
        return cls.of(
            options.model,  # type: ignore[attr-defined]
            var=options.var,  # type: ignore[attr-defined]
            params=options.params,  # type: ignore[attr-defined]
            support=options.support,  # type: ignore[attr-defined]
            known=options.known,  # type: ignore[attr-defined]
            response=options.response,  # type: ignore[attr-defined]
            covariates=options.covariates,  # type: ignore[attr-defined]
            censored=getattr(options, "censored", None),
            weights=getattr(options, "weights", None),
            classes=bool(getattr(options, "classes", False)),
            censoring=getattr(options, "censoring", None),
            groups=_count(getattr(options, "groups", None)),
            shared=getattr(options, "shared", None),
        )

    @property
    def typed(self) -> bool:
        """A density formula rather than a catalogue name."""
        return self.params is not None or self.var is not None or self.support is not None


def _count(groups: object) -> object:
    """--groups K as a number (the command line's text); anything else as given, for `of` to judge."""
    if not isinstance(groups, str):
        return groups
    if not groups.strip().isdigit():
        raise ParseError(
            f"{named('groups')} {shown(groups)}: give the number of groups (2, 3, ...); `symle fit` takes the "
            f"column of group "
            "labels"
        )
    return int(groups)


def _texts(items: object, what: str, example: str = "['a', 'b'] or 'a,b'", brackets: bool = False) -> list[str]:
    """A comma list, or a sequence of texts: anything else (a number, a mapping) is refused by name.
    With `brackets`, a comma inside an interval's brackets does not split (theta:[0,1/2],sigma2)."""
    if isinstance(items, str):
        return split_items(items) if brackets else items.split(",")
    if isinstance(items, Sequence) and not isinstance(items, (bytes, bytearray)):
        for item in items:
            if not isinstance(item, str):
                raise ParseError(f"{what}: {item!r} is not text (give e.g. {what}={example})")
        return list(items)
    raise ParseError(f"{what} must be text or a sequence of texts (e.g. {what}={example}), not {type(items).__name__}")


def _covariates(covariates: str | Sequence[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A conditional model's covariates (`x1,g:indicator`): their names, and those declared 0/1 indicators."""
    if covariates is None:
        return (), ()
    declared = [item.partition(":") for item in ",".join(_texts(covariates, "covariates")).split(",")]
    names = tuple(split_names(",".join(name for name, _, _ in declared), named("covariates")))
    indicators: list[str] = []
    for name, _, kind in declared:
        if kind.strip() not in ("", "indicator"):
            raise ParseError(
                f"{named('covariates')} {name.strip()}:{kind.strip()}: unknown kind (give {name.strip()}:indicator "
                f"for a 0/1 group indicator, or the name alone for a number)"
            )
        if kind.strip():
            indicators.append(name.strip())
    return names, tuple(indicators)


def parse_known(items: Sequence[str] | Mapping[str, object] | None) -> Known:
    """`--known NAME[=VALUE]` items (or a mapping) as ((name, value text or None), ...)."""
    if items is None:
        return ()
    if isinstance(items, Mapping):
        for key in items:
            if not isinstance(key, str):
                raise ParseError(f"known: the name {key!r} is not text")
        pairs = [(k, None if v is None else str(v)) for k, v in items.items()]
        for name, _ in pairs:
            split_names(name, named("known"))
        return tuple(pairs)
    known: dict[str, str | None] = {}
    for item in [items] if isinstance(items, str) else _texts(items, "known", "['sigma2=1']"):
        name, _, value = item.partition("=")
        name = name.strip()
        split_names(name, named("known"))
        if name in known:
            raise ParseError(f"{named('known')}: {name!r} is given twice")
        if "=" in item and not value.strip():
            raise ParseError(f"{named('known')} {name}=: the value is missing")
        known[name] = value.strip() if "=" in item else None
    return tuple(known.items())
