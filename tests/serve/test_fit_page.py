"""The Fit page: a Parquet (or CSV) table's columns listed to choose from, the fit's figure inline as a
PNG (a data: URI the CSP allows, its alt text saying what it shows), and the line saying how to get it
where matplotlib is missing."""

from __future__ import annotations

import base64
import io
import re

import pytest

pytest.importorskip("starlette")
pa = pytest.importorskip("pyarrow")
from pyarrow import parquet  # noqa: E402

from symle.serve import fitting  # noqa: E402

WAITS = [1.2, 0.5, 2.2, 0.9]


def _parquet(**columns: list) -> bytes:
    out = io.BytesIO()
    parquet.write_table(pa.table(columns), out)
    return out.getvalue()


def _post(client, data: bytes, name: str, **fields: str):
    return client.post("/fit", data={"family": "exponential", **fields}, files={"data": (name, data, "x/y")})


def test_a_tables_columns_are_listed_to_choose_from(client):
    table = _parquet(wait=WAITS, label=["a", "b", "c", "d"])
    unnamed = _post(client, table, "waits.parquet")
    assert unnamed.status_code == 400 and "symle: error: waits.parquet:" in unnamed.text
    assert re.findall(r"<option>(\w+)</option>", unnamed.text) == ["wait", "label"]
    assert re.search(r'<select id="column" name="column" aria-invalid="true"', unnamed.text)
    chosen = _post(client, table, "waits.parquet", column="wait")
    assert chosen.status_code == 200 and "0.8333333333" in chosen.text  # 1/x̄ = 4/4.8
    assert re.search(r"<option selected>wait</option>", chosen.text)  # kept, to fit another column
    words = _post(client, table, "waits.parquet", column="label")
    assert words.status_code == 400 and "column &#39;label&#39; holds string, not numbers" in words.text
    csv = _post(client, b"a;wait\n1;1.2\n2;0.5\n", "t.csv")
    assert re.findall(r"<option>(\w+)</option>", csv.text) == ["a", "wait"]  # a CSV's header, its delimiter
    unnamed_cell = _post(client, b",wait\n1,1.2\n2,0.5\n", "t.csv")  # a header cell left empty: not listed
    assert unnamed_cell.status_code == 400 and re.findall(r"<option>(\w+)</option>", unnamed_cell.text) == ["wait"]
    single = _post(client, b"1.2\n0.5\n2.2\n0.9\n", "w.txt")
    assert single.status_code == 200 and '<input id="column"' in single.text  # no columns to list


def test_the_figure_is_an_inline_png_with_its_description(client):
    pytest.importorskip("matplotlib")
    drawn = _post(client, "\n".join(map(str, WAITS)).encode(), "w.txt", draw="on")
    assert drawn.status_code == 200
    assert "img-src 'self' data:" in drawn.headers["content-security-policy"]
    uri, alt = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', drawn.text).groups()
    assert base64.b64decode(uri).startswith(b"\x89PNG\r\n\x1a\n")
    assert alt.startswith("exponential, n = 4: the fitted density over a histogram")
    assert "log-likelihood of lambda, the estimate and its 95% interval marked" in alt
    plain = _post(client, "\n".join(map(str, WAITS)).encode(), "w.txt")  # the box unticked
    assert plain.status_code == 200 and "<img" not in plain.text


def test_without_matplotlib_the_page_says_how_to_get_it(client, monkeypatch):
    monkeypatch.setattr(fitting, "can_draw", lambda: False)
    page = client.get("/fit")
    assert fitting.MATPLOTLIB_MISSING.replace("'", "&#39;") in page.text and 'name="draw"' not in page.text
    fitted = _post(client, b"1.2\n0.5\n", "w.txt", draw="on")
    assert fitted.status_code == 200 and "<img" not in fitted.text


def test_a_model_whose_figure_is_not_drawn_says_so():
    pytest.importorskip("matplotlib")
    import symle

    derivation = symle.derive("weibull", known=["k=1"])  # drawn: one sample, no censoring
    assert "figure" in fitting._figure(derivation, derivation.fit_result(WAITS))
    regression = symle.derive("poisson-regression")
    assert fitting._figure(regression, None) == {
        "figure_note": "The figure is drawn for one uncensored, unweighted sample: not for this model."
    }
