"""`symle serve` in a real browser (headless Chromium driven by Selenium, one browser and one server for
the module): type a density and see the MathML rendered, download its files (.tex, .md, .json, .py and,
where pdflatex is installed, the PDF), check a homework and read the verdicts, upload data and read the
table (a Parquet file's columns listed to choose from; the fit's figure, inline), download a worksheet's
sheet and key. Skipped where no Chromium and chromedriver are installed
(Debian: apt-get install chromium chromium-driver), except under CI (CI=true, .ci/run installs them), where
a missing browser fails the tests. SYMLE_GALLERY=1 also writes the pages' screenshots to docs/gallery/serve/."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette")
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = next(filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None)
DRIVER = shutil.which("chromedriver")
MISSING = CHROMIUM is None or DRIVER is None
if MISSING and os.environ.get("CI"):
    raise RuntimeError(
        "CI: the browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)"
    )
pytestmark = pytest.mark.skipif(MISSING, reason="no Chromium with chromedriver")
ROOT = Path(__file__).parents[2]
GALLERY = ROOT / "docs" / "gallery" / "serve"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    command = [sys.executable, "-m", "symle", "serve", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/static/symle.css", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + process.stderr.read1().decode())
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    arguments = ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,900")
    for argument in (*arguments, "--safebrowsing-disable-download-protection"):  # a .py is not held back
        options.add_argument(argument)
    prefs = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
        "profile.default_content_setting_values.automatic_downloads": 1,  # one page, several downloads
    }
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    clipboard = ["clipboardReadWrite", "clipboardSanitizedWrite"]  # (a person's click grants the writing)
    driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": clipboard})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _shot(driver, name: str, tmp_path: Path) -> None:
    target = GALLERY if os.environ.get("SYMLE_GALLERY") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(target / f"{name}.png"))


def test_a_typed_density_is_derived_and_its_mathml_rendered(server, browser, tmp_path):
    browser.get(server + "/")
    browser.find_element(By.ID, "density").send_keys("lambda*exp(-lambda*x)")
    browser.find_element(By.ID, "params").send_keys("lambda")
    browser.find_element(By.ID, "support").send_keys("x > 0")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.derivation")))
    maths = browser.find_elements(By.CSS_SELECTOR, ".equation math")
    assert len(maths) > 5
    assert all(m.size["height"] > 10 and m.size["width"] > 20 for m in maths[:5])  # laid out as mathematics
    result = browser.find_element(By.CSS_SELECTOR, "section.step:last-of-type")
    assert "λ" in result.text and "¯" in result.text  # λ̂ = 1/x̄, as MathML
    source = result.find_element(By.CSS_SELECTOR, "details.tex code").get_attribute("textContent")
    assert source == r"\hat{\lambda} = \frac{1}{\bar{x}}"  # its LaTeX, to copy
    assert "density=lambda" in browser.find_element(By.CSS_SELECTOR, ".share a").text  # the link gives it again
    _shot(browser, "derive", tmp_path)
    copy = result.find_element(By.CSS_SELECTOR, "button.copy")  # symle.js: a button beside each LaTeX
    copy.click()
    WebDriverWait(browser, 10).until(lambda _: copy.text != "Copy LaTeX")
    pasted = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0], () => arguments[0](null))")
    assert pasted == source


def _downloaded(browser, name: str) -> Path:
    """The file the browser saved as `name`, once it is whole."""
    target = browser.downloads / name
    WebDriverWait(browser, 30).until(lambda _: target.exists() and target.stat().st_size > 0)
    return target


@pytest.fixture
def without_scripts(browser):
    """JavaScript off: the page must work as plain HTML (its one script only adds copy buttons)."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_each_download_is_what_it_claims(server, without_scripts):
    browser = without_scripts
    browser.get(server + "/?density=lambda*exp(-lambda*x)&params=lambda&support=x+>+0")
    assert browser.find_elements(By.CSS_SELECTOR, "details.tex code")  # the LaTeX to copy by hand
    assert not browser.find_elements(By.CSS_SELECTOR, "button.copy")  # (no script ran)
    links = {
        a.get_attribute("textContent").split()[0]: a for a in browser.find_elements(By.CSS_SELECTOR, ".downloads a")
    }
    pdf = shutil.which("pdflatex") is not None
    assert sorted(links) == sorted([".tex", ".md", ".json", ".py"] + ([".pdf"] if pdf else []))
    for link in links.values():
        link.click()
    tex = _downloaded(browser, "derivation.tex").read_text()
    assert r"\hat{\lambda} &= \frac{1}{\bar{x}}" in tex and tex.startswith(r"\subsection*")
    markdown = _downloaded(browser, "derivation.md").read_text()
    assert markdown.startswith("## Maximum likelihood for the density") and r"\hat{\lambda}" in markdown
    facts = json.loads(_downloaded(browser, "derivation.json").read_text())
    assert facts["model"] == "lambda*exp(-lambda*x)" and facts["parameters"] == ["lambda"]
    fitter: dict = {}
    exec(compile(_downloaded(browser, "derivation.py").read_text(), "derivation.py", "exec"), fitter)
    assert fitter["fit"]([1.0, 3.0])["lambda"] == pytest.approx(0.5)  # 1/x̄: the fitter fits
    if pdf:
        document = _downloaded(browser, "derivation.pdf")
        assert document.read_bytes().startswith(b"%PDF-")
        if shutil.which("pdftotext"):
            words = subprocess.run(["pdftotext", str(document), "-"], capture_output=True, text=True).stdout
            assert "Maximum likelihood" in words


def test_a_homework_is_checked_and_its_verdicts_read(server, browser, tmp_path):
    browser.get(server + "/check")
    homework = tmp_path / "homework.txt"
    homework.write_text(
        "model: exponential\nloglik: l(lambda) = n*log(lambda) - lambda*sum(x_i)\n"
        "score lambda: n/lambda - sum(x_i)\nmle lambda: lambdahat = 1/sum(x_i)\n"
    )
    browser.find_element(By.ID, "files").send_keys(str(homework))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.verdicts")))
    verdicts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.verdicts td.verdict")]
    assert verdicts == ["correct", "correct", "incorrect"]
    assert "missing factor n" in browser.find_element(By.CSS_SELECTOR, "tr.incorrect").text
    _shot(browser, "check", tmp_path)


def test_data_are_fitted_their_column_chosen_and_the_figure_shown(server, browser, tmp_path):
    pa = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    data = tmp_path / "waits.parquet"
    parquet.write_table(pa.table({"day": [1, 2, 3, 4], "wait": [1.2, 0.5, 2.2, 0.9]}), data)
    browser.get(server + "/fit")
    Select(browser.find_element(By.ID, "family")).select_by_visible_text("exponential")
    browser.find_element(By.ID, "data").send_keys(str(data))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "select#column")))
    column = Select(browser.find_element(By.ID, "column"))
    assert [o.text for o in column.options] == ["(choose a column)", "day", "wait"]  # the file's, listed
    column.select_by_visible_text("wait")
    browser.find_element(By.ID, "data").send_keys(str(data))  # chosen again: nothing sent is kept
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.fit table")))
    cells = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "section.fit tbody td")]
    assert cells[0] == "lambda" and cells[1] == "0.8333333333"
    if browser.find_elements(By.ID, "draw"):  # matplotlib on the server: the figure, drawn under the CSP
        image = browser.find_element(By.CSS_SELECTOR, "figure.plot img")
        assert browser.execute_script("return arguments[0].naturalWidth", image) > 400
        browser.execute_script("arguments[0].scrollIntoView()", image)
    _shot(browser, "fit", tmp_path)


def test_a_worksheets_sheet_and_key_download(server, browser, tmp_path):
    browser.get(server + "/worksheet")
    spec = 'title = "Week 3"\n\n[[problem]]\nmodel = "exponential"\n'
    browser.find_element(By.ID, "spec").send_keys(spec)
    _shot(browser, "worksheet", tmp_path)
    browser.find_element(By.CSS_SELECTOR, 'button[value="sheet"]').click()
    sheet = _downloaded(browser, "sheet.tex").read_text()
    browser.find_element(By.CSS_SELECTOR, 'button[value="key"]').click()
    key = _downloaded(browser, "key.tex").read_text()
    assert "Week 3" in sheet and "Week 3" in key
    assert r"\hat{\lambda}" in key and r"\hat{\lambda}" not in sheet  # the key holds the answers
