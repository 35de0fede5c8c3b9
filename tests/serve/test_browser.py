"""`symle serve` in a real browser (headless Chromium driven by Selenium): type a density and see the
MathML rendered, download a file, check a homework and read the verdicts, upload data and read the table.
Skipped where no Chromium and chromedriver are installed (Debian: apt-get install chromium chromium-driver),
except under CI (CI=true, .ci/run installs them), where a missing browser fails the tests.
The MathML page runs by default; the other pages, whose routes tests/serve/test_routes.py covers, with
-m slow. SYMLE_GALLERY=1 also writes the pages' screenshots to docs/gallery/serve/."""

from __future__ import annotations

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
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
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
    browser.find_element(By.CSS_SELECTOR, '.downloads a[href^="/download.tex"]').click()
    target = browser.downloads / "derivation.tex"
    WebDriverWait(browser, 20).until(lambda _: target.exists() and target.stat().st_size > 0)
    assert r"\hat{\lambda}" in target.read_text()


@pytest.mark.slow  # (the route is tested through TestClient by default)
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


@pytest.mark.slow  # (the route is tested through TestClient by default)
def test_data_are_fitted_and_the_table_read(server, browser, tmp_path):
    data = tmp_path / "waits.csv"
    data.write_text("wait\n1.2\n0.5\n2.2\n0.9\n")
    browser.get(server + "/fit")
    Select(browser.find_element(By.ID, "family")).select_by_visible_text("exponential")
    browser.find_element(By.ID, "data").send_keys(str(data))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.fit table")))
    cells = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "section.fit tbody td")]
    assert cells[0] == "lambda" and cells[1] == "0.8333333333"
    _shot(browser, "fit", tmp_path)


@pytest.mark.slow  # (the route is tested through TestClient by default)
def test_the_worksheet_page_shows_its_form(server, browser, tmp_path):
    browser.get(server + "/worksheet")
    browser.find_element(By.ID, "spec").send_keys((ROOT / "examples" / "worksheet.toml").read_text()[:400])
    assert browser.find_element(By.CSS_SELECTOR, 'button[value="key"]').is_displayed()
    _shot(browser, "worksheet", tmp_path)
