"""The HTML format: MathML checked to be MathML only, the LaTeX beside it the document's, text escaped."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import symle
from symle.render.html import html_text, mathml


def test_every_equation_is_mathml_with_the_latex_documents_source():
    derivation = symle.derive("normal")
    page = derivation.to_html()
    maths = re.findall(r"<math .*?</math>", page, flags=re.S)
    assert maths and all(ET.fromstring(m).tag.endswith("}math") for m in maths)
    assert '<code class="tex">' not in page  # every formula converted, none left as source only
    sources = re.findall(r"<pre><code>(.*?)</code></pre>", page, flags=re.S)
    latex = derivation.to_latex()
    assert sources and all(s.replace("&amp;", "&").split(" = ")[0] in latex for s in sources)
    assert r"\hat{\mu} = \bar{x}" in page  # the estimator, copyable as LaTeX


def test_text_that_would_be_markup_is_escaped_never_passed_through():
    assert html_text("a <script>alert(1)</script> & b") == "a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b"
    shown = mathml(r"\text{<script>alert(1)</script>}")
    assert "<script>" not in shown and shown.startswith('<code class="tex">')


def test_the_command_line_writes_html_and_names_it_by_extension(tmp_path):
    target = tmp_path / "page.html"
    done = subprocess.run(
        [sys.executable, "-m", "symle", "derive", "exponential", "--no-cache", "-o", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith('<article class="derivation">')
