"""The Fit page's work in a worker: the columns of an uploaded data file (a Parquet file's schema, a CSV
file's header), the fit (the summary table and the report `symle fit` prints) and its figure (`symle fit
--plot`'s, as a PNG the page shows inline), or the line saying why there is no figure. The data go to a
temporary file named data<suffix>, never the upload's name, which the messages say in its place."""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from symle.errors import DataError, NotSupported, SymleError
from symle.serve.jobs import derivation_of

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".dat", ".parquet")
MATPLOTLIB_MISSING = "The figure needs matplotlib on the server: pip install 'symle[plot]'."


def can_draw() -> bool:
    """Whether matplotlib is installed (looked up, not imported: the server's process never draws)."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def columns_of(path: Path) -> tuple[str, ...]:
    """The columns a data file names (a Parquet file's schema, the header line of a CSV or text file);
    none for one number a line, or a file that cannot be read (the fit then says why)."""
    from symle.numeric.parquet import MAGIC
    from symle.numeric.reading import HEAD_BYTES, detect_delimiter, first_line, header_cells

    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if head[: len(MAGIC)] == MAGIC:
        try:
            from pyarrow import parquet

            return tuple(parquet.ParquetFile(str(path)).schema_arrow.names)
        except Exception:  # noqa: BLE001 - pyarrow missing or the file unreadable: the fit names the cause
            return ()
    line = first_line(head)
    return tuple(cell for cell in header_cells(line, detect_delimiter(line, None)) or () if cell)


def fit_output(request: Mapping[str, Any], data: bytes, name: str, column: str | None, draw: bool) -> dict[str, Any]:
    """The fit of the uploaded data: {"columns"} and either {"table", "text", "figure" or "figure_note"}
    or {"error", "field"} when the data cannot be fitted (the page lists the columns to choose from).
    The summary table is HTML escaped by symle.numeric.summary; a model that cannot be derived raises."""
    from symle.echo import shown

    suffix = Path(name).suffix.lower() or ".txt"
    if suffix not in DATA_SUFFIXES:
        raise DataError(f"a data file must be one of {', '.join(DATA_SUFFIXES)}", field="data")
    derivation = derivation_of(request)
    with tempfile.TemporaryDirectory(prefix="symle-serve-") as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(data)
        answer: dict[str, Any] = {"columns": columns_of(path)}
        try:
            result = derivation.fit_result(str(path), column=column or None)
        except SymleError as exc:
            field = exc.field or ("column" if column or len(answer["columns"]) > 1 else "data")
            # (the inputs it names keep their marks: the page words them as its fields' labels)
            return {**answer, "error": exc.text.replace(str(path), shown(name)), "field": field}
    answer.update(table=result.to_html(), text=result.to_text())
    if draw:
        answer.update(_figure(derivation, result))
    return answer


def _figure(derivation: Any, result: Any) -> dict[str, str]:
    """{"figure": a data: URI of the PNG, "figure_alt": what it shows} or {"figure_note": why none}."""
    model = derivation.model
    if model.censoring is not None or model.weighting is not None or model.conditional:
        return {"figure_note": "The figure is drawn for one uncensored, unweighted sample: not for this model."}
    try:
        from symle.numeric.plots import figure, figure_bytes, require_matplotlib

        require_matplotlib()
    except NotSupported:
        return {"figure_note": MATPLOTLIB_MISSING}
    if result.drawing is None:
        return {"figure_note": "This fit keeps no data to draw."}
    drawn = result.drawing(result.to_dict())
    png = figure_bytes(figure(drawn), "png")
    return {"figure": "data:image/png;base64," + base64.b64encode(png).decode("ascii"), "figure_alt": alt_text(drawn)}


def alt_text(drawn: Any) -> str:
    """What the figure shows, in words, from the numbers it is drawn from (symle.numeric.plot_data)."""
    shape = "probabilities over the observed frequencies" if drawn.discrete else "density over a histogram"
    names = [c.name for c in drawn.curves]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    kind = "profile log-likelihood" if any(c.profile for c in drawn.curves) else "log-likelihood"
    kind += "s" if len(names) > 1 else ""
    each = "each estimate" if len(names) > 1 else "the estimate"
    intervals = [c.interval is not None for c in drawn.curves]
    level = f"{drawn.level:.0%}"
    marked = (
        f"{each} and its {level} interval marked"
        if all(intervals)
        else f"{each} marked, and its {level} interval where there is one"
        if any(intervals)
        else f"{each} marked"
    )
    return (
        f"{drawn.model}, n = {len(drawn.data)}: the fitted {shape} of the data, a QQ plot of the data against "
        f"the fitted distribution's quantiles, and the {kind} of {listed}, {marked}."
    )
