"""What a form or query string gave, as symle's inputs: the model's fields (a family picked or a density
typed, its variable, parameters, support and known values), the query string that shares it, and which
form field an error's `field` marks."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from symle.errors import ParseError
from symle.model.tokens import MAX_TEXT_BYTES

MODEL_FIELDS = ("family", "density", "var", "params", "support", "known")
TYPED_FIELDS = (
    ("var", "Variable", "x"),
    ("params", "Parameters", "lam"),
    ("support", "Support", "x > 0"),
    ("known", "Known values", "sigma2=1, m=10"),
)
FIELD_OF_ERROR = {"model": "model", "var": "var", "params": "params", "support": "support", "known": "known"}
# each input a page's form gives, by the label the page shows it with (model_fields.html, fit.html, worksheet.html)
LABELS = {
    "model": "Family or density",
    **{name: label for name, label, _ in TYPED_FIELDS},
    "data": "Data file",
    "column": "Column",
    "format": "Format",
    "assignment": "A worksheet spec",
    "problem": "Its problem",
}


def label(field: str) -> str:
    """The input `field` as a page's message names it: its form field's label, quoted; an input the page
    has no field for (groups, weights, ...) by its name."""
    return f"“{LABELS[field]}”" if field in LABELS else field.replace("_", " ")


def model_form(values: Mapping[str, str]) -> dict[str, str]:
    """The model fields as typed (missing ones empty), for the form to show them again."""
    return {name: str(values.get(name, "")) for name in MODEL_FIELDS}


def model_request(form: Mapping[str, str]) -> dict[str, object] | None:
    """The derivation asked for, as symle.serve.jobs reads it; None when neither a family nor a density is
    given. A typed density wins over the family picked; known values are a comma list (NAME or NAME=VALUE)."""
    for name, text in form.items():  # refused here, before a worker is asked: as the formula reader would
        if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
            field = "model" if name in ("family", "density") else name
            raise ParseError(f"{name}: text is longer than {MAX_TEXT_BYTES} bytes", field=field)
    density = form["density"].strip()
    model = density or form["family"].strip()
    if not model:
        return None
    request: dict[str, object] = {"model": model}
    if density:
        for name in ("var", "params", "support"):
            if form[name].strip():
                request[name] = form[name].strip()
    known = tuple(item.strip() for item in form["known"].split(",") if item.strip())
    if known:
        request["known"] = known
    return request


def share_query(form: Mapping[str, str]) -> str:
    """The query string that gives this derivation again (a shareable link): the fields given only."""
    return urlencode([(name, form[name]) for name in MODEL_FIELDS if form[name].strip()])


def request_key(request: Mapping[str, object], kind: str) -> tuple[object, ...]:
    return (kind, *sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in request.items()))  # type: ignore[arg-type]
