"""`symle serve` through Starlette's TestClient: every page, its status codes and headers, the caps, 400
with symle's one line (the form field marked), 503 with Retry-After when the queue is full."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

starlette = pytest.importorskip("starlette")
from symle.serve.limits import UPLOAD_BYTES  # noqa: E402
from symle.serve.workers import Busy  # noqa: E402

HOMEWORK = Path(__file__).parents[1] / "homework"
MISTAKE = """model: exponential
loglik: l(lambda) = n*log(lambda) - lambda*sum(x_i)
score lambda: n/lambda - sum(x_i)
mle lambda: lambdahat = 1/sum(x_i)
"""


def _secured(response, stored=True):
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self';" in response.headers["content-security-policy"]  # no inline script runs
    assert response.headers["x-content-type-options"] == "nosniff"
    assert (response.headers.get("cache-control") == "no-store") is not stored


def test_the_pages_answer_with_their_forms_and_headers(client):
    for path, field in (("/", 'name="family"'), ("/fit", 'name="data"'), ("/check", 'name="homework"')):
        response = client.get(path)
        assert response.status_code == 200 and field in response.text
        _secured(response)
        assert re.findall(r"<script[^>]*>[^<]*", response.text) == ['<script src="/static/symle.js" defer>']
    assert client.get("/worksheet").status_code == 200
    assert client.get("/static/symle.css").status_code == 200
    script = client.get("/static/symle.js")  # the one script: from this server (script-src 'self'), optional
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]


def test_a_derivation_is_mathml_shareable_and_remembered(client):
    response = client.get("/?family=exponential")
    assert response.status_code == 200
    assert response.text.count("<math") > 5 and r"\hat{\lambda}" in response.text
    assert "?family=exponential" in response.text  # the shareable link
    app = client.app
    working = app.state.pool
    app.state.pool = None  # remembered: asked again, no worker is needed
    try:
        again = client.get("/?family=exponential")
        assert again.text == response.text and again.headers["etag"] == response.headers["etag"]
        unchanged = client.get("/?family=exponential", headers={"If-None-Match": response.headers["etag"]})
        assert unchanged.status_code == 304 and not unchanged.content
        other = client.get("/?family=exponential", headers={"If-None-Match": '"not-this-page"'})
        assert other.status_code == 200 and other.text == response.text
    finally:
        app.state.pool = working


def test_downloads_are_the_command_lines_documents(client):
    tex = client.get("/download.tex?family=exponential")
    assert tex.status_code == 200 and r"\hat{\lambda}" in tex.text
    assert tex.headers["content-disposition"] == 'attachment; filename="derivation.tex"'
    assert client.get("/download.json?family=exponential").json()["model"] == "exponential"
    fitter = client.get("/download.py?family=exponential").text
    compile(fitter, "derivation.py", "exec")
    assert client.get("/download.exe?family=exponential").status_code == 404


def test_an_error_is_one_line_and_marks_its_field(client):
    response = client.get("/?family=normal&known=sigma2%3D-1")
    assert response.status_code == 400
    # the message names the input by the form's label, never by the command line's flag
    assert "symle: error: “Known values” sigma2=-1: sigma2 must be positive" in response.text
    assert "--known" not in response.text
    assert re.search(r'<input id="known"[^>]*aria-invalid="true"', response.text)
    tower = client.get("/", params={"density": "a*9^9^9^9", "params": "a"})
    assert tower.status_code == 400 and "exponent tower" in tower.text
    long = client.get("/", params={"density": "x+" * 5000 + "a", "params": "a"})
    assert long.status_code == 400 and 'id="density"' in long.text


def test_typed_text_is_escaped_never_markup(client):
    response = client.get("/", params={"density": "<script>alert(1)</script>", "params": "a"})
    assert response.status_code == 400
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text


def test_a_fit_shows_the_summary_table_and_is_not_cached(client):
    data = {"data": ("wait.csv", b"x\n1.2\n0.5\n2.2\n0.9\n", "text/csv")}
    response = client.post("/fit", data={"family": "exponential"}, files=data)
    assert response.status_code == 200
    _secured(response, stored=False)
    assert "<table>" in response.text and "0.8333333333" in response.text  # 1/x̄ = 4/4.8
    bad = client.post("/fit", data={"family": "exponential"}, files={"data": ("w.csv", b"x\n-1\n2\n", "text/csv")})
    assert bad.status_code == 400 and "symle: error:" in bad.text
    named = client.post("/fit", data={"family": "exponential", "column": "zz"}, files=data)
    assert "wait.csv: no column &#39;zz&#39;" in named.text and "/tmp" not in named.text  # the upload's name


def test_a_homework_is_marked_step_by_step(client):
    response = client.post("/check", data={"homework": MISTAKE})
    assert response.status_code == 200
    _secured(response, stored=False)
    verdicts = re.findall(r'<td class="verdict">(\w+)</td>', response.text)
    assert verdicts == ["correct", "correct", "incorrect"]
    assert "missing factor n" in response.text and "expected: <code>1/x̄</code>" in response.text
    assert client.post("/check", data={"homework": "no labels here"}).status_code == 400


def test_a_class_gives_its_gradebook_from_files_or_a_zip(client):
    names = ("exponential-plain.txt", "bernoulli.txt")
    files = [("files", (n, (HOMEWORK / n).read_bytes(), "text/plain")) for n in names]
    several = client.post("/check", files=files)
    assert several.status_code == 200 and several.headers["content-type"].startswith("text/csv")
    rows = several.text.splitlines()
    assert rows[0].startswith("file,model,correct") and len(rows) == 3
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in names:
            archive.writestr(f"../../{n}", (HOMEWORK / n).read_bytes())  # a name that would escape: only shown
    zipped = client.post("/check", files={"files": ("class.zip", packed.getvalue(), "application/zip")})
    assert zipped.status_code == 200
    shown = [r.split(",")[0] for r in zipped.text.splitlines()[1:]]
    assert shown == ["../../bernoulli.txt", "../../exponential-plain.txt"]
    assert [r.split(",", 1)[1] for r in zipped.text.splitlines()[1:]] == [r.split(",", 1)[1] for r in rows[2:0:-1]]


def test_a_worksheet_downloads_its_sheet_and_key(client):
    spec = 'title = "MLE"\n[[problem]]\nmodel = "exponential"\n'
    key = client.post("/worksheet", data={"spec": spec, "part": "key", "format": "markdown"})
    assert key.status_code == 200 and key.headers["content-disposition"] == 'attachment; filename="key.md"'
    sheet = client.post("/worksheet", data={"spec": spec, "part": "sheet", "format": "latex"})
    assert sheet.status_code == 200 and r"\begin{document}" in sheet.text or r"\section" in sheet.text
    path = client.post("/worksheet", data={"spec": "/etc/passwd", "part": "sheet"})
    assert path.status_code == 400 and "not valid TOML" in path.text  # text is never a file's name


def test_a_homework_is_checked_against_an_assignment(client):
    spec = (Path(__file__).parents[2] / "examples" / "worksheet.toml").read_text()
    asked = client.post("/check", data={"homework": MISTAKE, "assignment": spec, "problem": "1"})
    assert asked.status_code == 200
    rows = dict(re.findall(r'<tr class="(?:\w+)"><td>[^<]*</td><td>([^<]*)</td><td class="verdict">(\w+)', asked.text))
    assert rows["mle lambda"] == "incorrect" and rows["variance lambda"] == "missing"  # a part asked, not shown
    unnamed = client.post("/check", data={"homework": MISTAKE, "assignment": spec})
    count = spec.count("[[problem]]")
    says = f"symle: error: the assignment has {count} problems: say which with “Its problem” (1 to {count})"
    assert says in unnamed.text
    assert re.search(r'<input id="problem"[^>]*aria-invalid="true"', unnamed.text)
    beyond = client.post("/check", data={"homework": MISTAKE, "assignment": spec, "problem": str(count + 1)})
    assert f"there is no problem {count + 1}: the assignment has problems 1 to {count} (“Its problem”)" in beyond.text
    broken = client.post("/check", data={"homework": MISTAKE, "assignment": "[[problem]\n"})
    assert broken.status_code == 400 and "assignment: not valid TOML" in broken.text
    assert re.search(r'<textarea id="assignment"[^>]*aria-invalid="true"', broken.text)


def test_a_worksheet_downloads_as_a_pdf_where_latex_is(client):
    spec = 'title = "Week 3"\n[[problem]]\nmodel = "exponential"\n'
    offered = "<option>pdf</option>" in client.get("/worksheet").text
    assert offered is (shutil.which("pdflatex") is not None)
    answer = client.post("/worksheet", data={"spec": spec, "part": "key", "format": "pdf"})
    if not offered:
        assert answer.status_code == 400 and "use latex or markdown" in answer.text
        return
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
    assert answer.headers["content-disposition"] == 'attachment; filename="key.pdf"'


def test_requests_over_their_caps_get_413(client):
    assert client.post("/worksheet", content=b"x", headers={"content-length": "2000000"}).status_code == 413
    big = b"1\n" * (UPLOAD_BYTES // 2 + 10)
    response = client.post("/fit", data={"family": "exponential"}, files={"data": ("x.csv", big, "text/csv")})
    assert response.status_code == 413


def test_a_full_queue_answers_503_with_retry_after(client, monkeypatch):
    async def busy(*args, **kwargs):
        raise Busy

    monkeypatch.setattr(client.app.state.pool, "run", busy)
    response = client.get("/?family=gamma&known=alpha%3D2")
    assert response.status_code == 503 and response.headers["retry-after"].isdigit()
