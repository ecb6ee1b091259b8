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
import time
import urllib.request
from pathlib import Path

import pytest

from serving.config import serve_command

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
    process = subprocess.Popen(serve_command(db, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
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


# --- Comparison pages: charts, the map, the matrix and the timeline -----------------------------

def wait_for(driver, css: str, timeout: float = 15):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_elements(By.CSS_SELECTOR, css)


def full_page_screenshot(driver, name: str) -> None:
    """The whole page, not just the window (the window is restored afterwards)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 4000))
    driver.save_screenshot(str(SCREENSHOTS / name))
    driver.set_window_size(1400, 1000)


def nursing_bed_plans(db: Path) -> dict[str, set[float]]:
    """plan_id -> the nursing-bed shares it states (restatements left out)."""
    plans: dict[str, set[float]] = {}
    with sqlite3.connect(db) as conn:
        for plan_id, value in conn.execute("select plan_id, value from indicators "
                                           "where canonical = 'nursing_bed_share' and same_as is null"):
            plans.setdefault(plan_id, set()).add(value)
    return plans


def draws_glyphs(driver, text: str, selector: str = "svg.bar-chart text") -> bool:
    """Whether the page's chart font draws each character differently from a missing glyph (U+E000, a box)."""
    return driver.execute_script("""
        const font = getComputedStyle(document.querySelector(arguments[1])).font;
        const pixels = (ch) => { const c = document.createElement('canvas'); c.width = c.height = 40;
            const x = c.getContext('2d'); x.font = font; x.fillText(ch, 5, 30);
            return x.getImageData(0, 0, 40, 40).data.join(','); };
        const box = pixels('\\uE000');
        return Array.from(arguments[0]).every(ch => pixels(ch) !== box);""", text, selector)


def boxes_overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_metric_chart_shows_every_nursing_bed_share(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/-/compare/nursing_bed_share"]').click()
    bars = wait_for(driver, "svg.bar-chart g.bar")
    full_page_screenshot(driver, "compare_nursing_bed_share.png")
    shown: dict[str, set[float]] = {}
    for bar in bars:
        shown.setdefault(bar.get_attribute("data-plan"), set()).add(float(bar.get_attribute("data-value")))
    assert shown == nursing_bed_plans(browser_db[0])
    labels = [b.find_element(By.CSS_SELECTOR, "text.label").text for b in bars]
    texts = [b.find_element(By.CSS_SELECTOR, "text.value-text").text for b in bars]
    for county, value in NURSING_BED_SHARE.items():
        assert any(county in label and text.startswith("≥" + value) for label, text in zip(labels, texts)), county
    assert sum("崇明区" in label for label in labels) == 2
    widths = [float(b.find_element(By.CSS_SELECTOR, "rect.value").get_attribute("width")) for b in bars]
    assert all(w > 0 for w in widths)
    boxes = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.bar-chart text')).map(t => t.getBoundingClientRect().toJSON())")
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if boxes_overlap(a, b)]
    assert draws_glyphs(driver, "护理型床位"), "Chinese drawn as boxes: install fonts-noto-cjk"
    source = bars[0].find_element(By.TAG_NAME, "a")
    target = source.get_dom_attribute("href").rsplit("#", 1)[1]
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", source)
    focus = wait_for(driver, "mark.target.focus")[0]
    assert target in focus.get_attribute("data-ids")


def canvas_bar_count(driver, canvas) -> int:
    """Bars in a vega canvas: runs of the bar colour down the pixel column that crosses most of them."""
    return driver.execute_script("""
        const c = arguments[0], data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const isBar = (x, y) => { const i = 4 * (y * c.width + x);
            return data[i + 3] > 200 && data[i + 2] > data[i] + 50 && data[i + 2] > 120 && data[i] < 120; };
        let best = 0;
        for (let x = 0; x < c.width; x++) {
            let runs = 0, inside = false;
            for (let y = 0; y < c.height; y++) {
                const hit = isBar(x, y);
                if (hit && !inside) runs++;
                inside = hit;
            }
            best = Math.max(best, runs);
        }
        return best;""", canvas)


def test_vega_bar_chart_preset(driver, server):
    from selenium.webdriver.common.by import By

    driver.get(server + "/kb/metric_by_district")
    link = driver.find_element(By.CSS_SELECTOR, '.metadata-description a[href*="#g.mark=bar"]')
    assert "metric=nursing_bed_share" in link.get_attribute("href")
    link.click()
    canvas = wait_for(driver, ".vega-embed canvas")[0]
    rows = len(driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr"))
    # The charting options, the chart and the first table rows in one window.
    driver.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + scrollY - 320)", canvas)
    driver.save_screenshot(str(SCREENSHOTS / "metric_by_district_vega_bars.png"))
    assert canvas.size["width"] > 100 and canvas.size["height"] > 50
    assert canvas_bar_count(driver, canvas) == rows
    # English column names keep their Chinese labels beside them.
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]
    assert any("county" in h and "县级" in h for h in headers)


def test_map_shows_a_marker_per_plan(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/kb/plans_map"]').click()
    wait_for(driver, ".leaflet-marker-icon")
    time.sleep(1)  # markercluster adds its layers in chunks
    map_element = driver.find_element(By.CSS_SELECTOR, ".leaflet-container")
    driver.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + scrollY - 150)", map_element)
    driver.save_screenshot(str(SCREENSHOTS / "plans_map.png"))
    shown = 0
    for icon in driver.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon"):
        classes = icon.get_attribute("class")
        shown += int(icon.text) if "marker-cluster" in classes else 1
    with sqlite3.connect(browser_db[0]) as conn:
        located = conn.execute("select count(*) from plans p join places pl on pl.admin_code = p.admin_code "
                               "where pl.latitude is not null").fetchone()[0]
    assert shown == located


def test_function_matrix_renders(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/-/functions"]').click()
    rows = wait_for(driver, "table.functions tbody tr.function")
    full_page_screenshot(driver, "function_matrix.png")
    with sqlite3.connect(browser_db[0]) as conn:
        functions, plans = conn.execute(
            "select count(distinct u.function_code), count(distinct t.plan_id) from task_units tu "
            "join units u on u.unit_id = tu.unit_id join tasks t on t.task_id = tu.task_id").fetchone()
    assert len(rows) == functions
    headers = driver.find_elements(By.CSS_SELECTOR, "table.functions thead th.plan")
    assert len(headers) == plans
    boxes = [h.rect for h in headers]
    assert all(a["x"] + a["width"] <= b["x"] + 1 for a, b in zip(boxes, boxes[1:])), "plan headers overlap"
    assert "民政" in rows[0].text or "乡镇" in rows[0].text


def test_timeline_renders(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/-/timeline"]').click()
    rows = wait_for(driver, "table.timeline tbody tr.plan")
    full_page_screenshot(driver, "deadlines_timeline.png")
    years = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "table.timeline thead th.year")]
    assert "2025" in years
    assert driver.find_elements(By.CSS_SELECTOR, "table.timeline td.in-period")
    with sqlite3.connect(browser_db[0]) as conn:
        due_2025 = conn.execute("select count(*) from indicators where year = 2025 and same_as is null").fetchone()[0]
    column = years.index("2025")
    counted = 0
    for row in rows:
        cell = row.find_elements(By.TAG_NAME, "td")[column].text
        counted += sum(int(part.split()[1]) for part in cell.splitlines() if part.startswith("指标"))
    assert counted == due_2025


# --- Across plans: the unit network, a unit, two plans of one place ------------------------------

def chongming_plans(db: Path) -> tuple[str, str]:
    """(2021 plan, 2022 plan): the Chongming elderly-care plans of corpus files 001 and 000."""
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("select substr(d.file_name, 1, 3), p.plan_id from plans p "
                                "join documents d on d.doc_id = p.doc_id where d.file_name glob '00[01]_*'"))
    return ids["001"], ids["000"]


def click(driver, element) -> None:
    """A click that SVG links and links under other elements receive alike."""
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", element)


def test_unit_network_of_a_plan(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    later = chongming_plans(browser_db[0])[1]
    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/-/network"]').click()
    driver.find_element(By.CSS_SELECTOR, f'a[href="/-/network/{later}"]').click()
    nodes = wait_for(driver, "svg.unit-network a.node")
    full_page_screenshot(driver, "unit_network_chongming_2022.png")
    with sqlite3.connect(browser_db[0]) as conn:
        units = conn.execute("select count(*) from unit_stats where plan_id = ?", [later]).fetchone()[0]
        links = conn.execute("select count(*) from unit_network where plan_id = ?", [later]).fetchone()[0]
    assert len(nodes) == units
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.unit-network line.edge")) == links
    assert draws_glyphs(driver, "民政局", "svg.unit-network text"), "Chinese drawn as boxes: install fonts-noto-cjk"
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg.unit-network text')).map(t => t.getBoundingClientRect().toJSON())")
    assert not [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if boxes_overlap(a, b)]
    hub = next(n for n in nodes if n.find_element(By.TAG_NAME, "text").text == "民政局")
    click(driver, hub)
    assert wait_for(driver, "h1")[0].text.startswith("崇明区民政局")


def test_unit_page_lists_tasks_and_partners(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    driver.get(server + "/-/units")
    first = wait_for(driver, "table.units tr.unit a")[0]
    unit = first.get_attribute("href").rsplit("/", 1)[1]
    first.click()
    rows = wait_for(driver, "table.tasks tr.task")
    full_page_screenshot(driver, "unit_page.png")
    with sqlite3.connect(browser_db[0]) as conn:
        tasks = conn.execute("select count(distinct task_id) from task_units where unit_id = ?", [unit]).fetchone()[0]
        partners = conn.execute("select count(*) from unit_partners where unit_id = ? and plan_id is null",
                                [unit]).fetchone()[0]
    assert len(rows) == tasks
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.partners tr.partner")) == partners
    source = rows[0].find_element(By.TAG_NAME, "a")
    anchor = source.get_attribute("href").rsplit("#", 1)[1]
    source.click()
    assert anchor in wait_for(driver, "span.task.focus")[0].get_attribute("data-ids")


def test_chongming_2021_against_2022(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    earlier, later = chongming_plans(browser_db[0])
    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'a[href="/-/diff"]').click()
    driver.find_element(By.CSS_SELECTOR, f'a[href="/-/diff/{earlier}/{later}"]').click()
    rows = wait_for(driver, "table.task-diff tbody tr")
    full_page_screenshot(driver, "diff_chongming_2021_2022.png")
    statuses = {r.get_attribute("class") for r in rows}
    assert {"status-kept", "status-changed", "status-new", "status-dropped"} <= statuses
    changed = driver.find_elements(By.CSS_SELECTOR, "table.target-diff td.differs")
    assert changed
    orange = driver.execute_script("return getComputedStyle(arguments[0]).color", changed[0])
    assert orange == "rgb(177, 90, 0)"
    targets = driver.find_element(By.CSS_SELECTOR, "table.target-diff")
    driver.execute_script("arguments[0].scrollIntoView()", targets)
    driver.save_screenshot(str(SCREENSHOTS / "diff_chongming_targets.png"))
    share = next(r for r in driver.find_elements(By.CSS_SELECTOR, "table.target-diff tbody tr")
                 if "nursing_bed_share" in r.text)
    sides = share.find_elements(By.CSS_SELECTOR, 'a[href*="focus=target-"]')
    assert len(sides) == 2
    anchor = sides[1].get_attribute("href").rsplit("#", 1)[1]
    sides[1].click()
    assert anchor in wait_for(driver, "mark.target.focus")[0].get_attribute("data-ids")


def test_similar_elsewhere_from_a_task_to_another_plan(driver, server, browser_db):
    from selenium.webdriver.common.by import By

    with sqlite3.connect(browser_db[0]) as conn:
        task, other = conn.execute("select task_id, similar_id from similar_tasks where rank = 1 "
                                   "order by score desc limit 1").fetchone()
    driver.get(server + f"/kb/tasks/{task}")
    block = wait_for(driver, "section.similar-elsewhere")[0]
    assert "其他地区的类似任务" in block.text
    block.find_element(By.CSS_SELECTOR, f'a[href*="task-{other}"]').click()
    focus = wait_for(driver, "span.task.focus")[0]
    assert f"task-{other}" in focus.get_attribute("data-ids")
    aside = driver.find_element(By.CSS_SELECTOR, "aside.similar-focus")
    assert aside.find_elements(By.TAG_NAME, "li")
    driver.save_screenshot(str(SCREENSHOTS / "reading_page_similar_elsewhere.png"))
