"""The important journeys in a real browser: headless Chromium from Debian's
`chromium` package driven by Selenium, against `datasette` served as a
subprocess. Install with `bash scripts/install_browser.sh` (apt-get install
chromium chromium-driver fonts-noto-cjk); without it these tests skip.
Screenshots go to screenshots/.
"""
from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "screenshots"
SCRIPT = "<script>alert(1)</script>"
# Plans of the seed corpus that state a nursing-bed share (护理型床位占比), by county.
NURSING_BED_SHARE = {"崇明区": "60", "浦东新区": "60", "如皋市": "75"}

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (bash scripts/install_browser.sh)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_db(kb_db, tmp_path_factory) -> tuple[Path, str]:
    """The seed database, one document with a <script> appended (offsets still hold)."""
    db = tmp_path_factory.mktemp("browser") / "kb.db"
    shutil.copy(kb_db, db)
    with sqlite3.connect(db) as conn:
        plan_id, doc_id = conn.execute("select plan_id, doc_id from plans order by plan_id limit 1").fetchone()
        conn.execute("update documents set text = text || ? where doc_id = ?", ["\n" + SCRIPT + "\n", doc_id])
    return db, plan_id


@pytest.fixture(scope="module")
def server(browser_db):
    db, _ = browser_db
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port),
         "--metadata", str(ROOT / "metadata.yml"), "--plugins-dir", str(ROOT / "plugins")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(exist_ok=True)
    yield browser
    browser.quit()


def expected_targets(db: Path, word: str) -> set[str]:
    """Targets whose searched columns (quote, metric) contain the word."""
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("select indicator_id from indicators where quote like ? or metric like ?",
                                           [f"%{word}%"] * 2)}


def test_search_finds_nursing_bed_targets(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/-/search-zh")
    box = driver.find_element(By.ID, "search-zh-q")
    box.send_keys("护理型床位")
    box.submit()
    results = driver.find_elements(By.CSS_SELECTOR, "li.result-indicators")
    driver.save_screenshot(str(SCREENSHOTS / "search_nursing_beds.png"))
    found = {a.get_attribute("href").rsplit("#target-", 1)[1]
             for a in driver.find_elements(By.CSS_SELECTOR, "li.result-indicators > a")}
    assert expected_targets(browser_db[0], "护理型床位") <= found
    assert all(r.find_elements(By.TAG_NAME, "mark") for r in results)


def test_datasette_search_box(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/kb/indicators")
    box = driver.find_element(By.ID, "_search")
    box.send_keys("护理型床位")
    box.submit()
    driver.save_screenshot(str(SCREENSHOTS / "indicators_search_box.png"))
    count = len(expected_targets(browser_db[0], "护理型床位"))
    assert f"{count} row" in driver.find_element(By.CSS_SELECTOR, "h3").text


def test_target_sentence_highlighted_on_reading_page(driver, server):
    from selenium.webdriver.common.by import By

    driver.get(server + "/-/search-zh?q=" + "护理型床位")
    link = driver.find_element(By.CSS_SELECTOR, "li.result-indicators > a")
    target = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    focus = driver.find_element(By.CSS_SELECTOR, "mark.target.focus")
    driver.save_screenshot(str(SCREENSHOTS / "reading_page_target.png"))
    assert target in focus.get_attribute("data-ids")
    assert "护理型床位" in "".join(m.text for m in driver.find_elements(By.CSS_SELECTOR, "mark.target.focus"))
    assert driver.execute_script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight;",
                                 focus)


def test_metric_comparison_shows_nursing_bed_share(driver, server):
    from selenium.webdriver.common.by import By

    driver.get(server + "/kb/metric_by_district?metric=nursing_bed_share")
    table = driver.find_element(By.CSS_SELECTOR, "table.rows-and-columns")
    driver.execute_script("arguments[0].scrollIntoView()", table)
    driver.save_screenshot(str(SCREENSHOTS / "metric_by_district_nursing_bed_share.png"))
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]
    for county, value in NURSING_BED_SHARE.items():
        assert any(county in row and any(cell.startswith(value) for cell in row) for row in rows), county


def test_document_script_renders_as_text(driver, server, browser_db):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver.get(server + f"/-/plan/{browser_db[1]}")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text
    assert SCRIPT in driver.find_element(By.ID, "doc").text
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    driver.save_screenshot(str(SCREENSHOTS / "reading_page_script_escaped.png"))
