"""Browser test of ``warta serve`` (issue 9): headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium) loads every page from a live uvicorn on loopback,
checks its key content, that the console logged no error and that no request left loopback,
and saves a screenshot of each page under ``tests/output/``.

Skipped with the reason when no chromium/chromedriver binary is installed
(``apt-get install -y chromium chromium-driver``) or the Selenium package is missing.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="warta serve needs the web extra: pip install 'warta[web]'")
pytest.importorskip("selenium", reason="the browser test drives Chromium with selenium")

from test_web import live_server, web_store  # noqa: F401
from warta.web import create_app

OUTPUT = Path(__file__).resolve().parent / "output"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _chrome(javascript: bool = True) -> Iterator[Any]:
    """Headless Chromium under chromedriver (skips the test when either is missing); with
    ``javascript`` False, scripts are switched off in the profile."""
    chromium = _binary("chromium", "chromium-browser", "google-chrome")
    driver_bin = _binary("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip(
            "no chromium/chromedriver binary found: apt-get install -y chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        # anything not on loopback fails to resolve (and is still logged below if tried)
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(executable_path=driver_bin), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from _chrome()


@pytest.fixture(scope="module")
def no_js_browser() -> Iterator[Any]:
    yield from _chrome(javascript=False)


@pytest.fixture(scope="module")
def site(web_store: Path) -> Iterator[str]:  # noqa: F811
    with live_server(create_app(web_store)) as port:
        yield f"http://127.0.0.1:{port}"


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _visit(driver: Any, url: str, shot: str, status: int = 200) -> None:
    """Load ``url``, fail on console errors or requests off loopback, save a screenshot.
    With an error ``status`` expected, Chromium's own line about it is the one allowed."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)
    OUTPUT.mkdir(exist_ok=True)
    driver.save_screenshot(str(OUTPUT / f"web-{shot}.png"))
    requests = _requests(driver)
    # the capture works: it saw the page itself and its stylesheet
    assert url in requests or any(r.split("#")[0] == url.split("#")[0] for r in requests), (
        url,
        requests,
    )
    errors = [
        e
        for e in driver.get_log("browser")
        if e["level"] in ("SEVERE", "ERROR")
        and not (status != 200 and f"status of {status}" in e["message"])
    ]
    assert not errors, errors
    for request in requests:
        parsed = urllib.parse.urlsplit(request)
        if parsed.scheme in ("data", "about"):
            continue
        assert parsed.hostname in ("127.0.0.1", "localhost", "::1"), request


def test_every_page_in_chromium(browser: Any, site: str) -> None:
    import httpx
    from selenium.webdriver.common.by import By

    def css(selector: str) -> list[Any]:
        return browser.find_elements(By.CSS_SELECTOR, selector)

    articles = httpx.get(f"{site}/api/articles", params={"limit": 500}).json()["items"]

    _visit(browser, f"{site}/", "search")
    assert browser.title.startswith("Search")
    assert len(css("ol.articles li")) == min(50, len(articles))
    assert articles[0]["title"] in browser.find_element(By.TAG_NAME, "main").text

    word = max(articles[0]["snippet"].split(), key=len).strip(",.:;()\"'")
    _visit(browser, f"{site}/?q={urllib.parse.quote(word)}", "search-query")
    assert css("ol.articles li")

    quoted = next(
        a
        for a in articles
        if httpx.get(f"{site}/api/articles/{a['hash']}").json()["record"].get("quotes")
    )
    _visit(browser, f"{site}/articles/{quoted['hash']}", "article")
    assert css("mark.ent") and css(".quote .speaker")
    # the highlighted entity keeps its background colour from the stylesheet
    colour = css("mark.ent")[0].value_of_css_property("background-color")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")

    _visit(browser, f"{site}/entities", "entities")
    link = css("table a")[0]
    name = link.text
    href = link.get_attribute("href")
    _visit(browser, href, "entity")
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert css(".bars .bar")

    _visit(browser, f"{site}/timeline", "timeline")
    assert css("svg.timeline rect") and css("ul.legend li")

    _visit(browser, f"{site}/map", "map")
    assert len(css("svg.map path.land")) > 3 and css("svg.map circle.place")

    _visit(browser, f"{site}/conflicts", "conflicts")
    assert "disagree" in browser.find_element(By.TAG_NAME, "h1").text

    _visit(browser, f"{site}/articles/nothing-here", "error", status=404)
    assert "Error 404" in browser.find_element(By.TAG_NAME, "h1").text


def test_pages_work_with_javascript_off(site: str) -> None:
    """No page ships a script: everything is server-rendered, so JavaScript off changes
    nothing (checked on the HTML itself, without a browser)."""
    import httpx

    for page in ("/", "/entities", "/timeline", "/map", "/conflicts"):
        html = httpx.get(site + page).text
        assert "<script" not in html.lower(), page


def test_pager_links_with_javascript_off(no_js_browser: Any, site: str) -> None:
    """With scripts switched off, clicking "next" walks a list to its end and every page
    renders (the pager is a plain link)."""
    import httpx
    from selenium.webdriver.common.by import By

    # scripts really are off: this page's script would retitle it
    no_js_browser.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert no_js_browser.title == "off"
    for page, api, selector in (
        ("/", "/api/articles", "ol.articles li"),
        ("/entities", "/api/entities", "table tr td:first-child a"),
        ("/timeline", "/api/events", "table tr td:first-child"),
    ):
        total = httpx.get(site + api).json()["total"]
        _visit(no_js_browser, f"{site}{page}?limit=7", "nojs" + page.replace("/", "-"))
        seen = len(no_js_browser.find_elements(By.CSS_SELECTOR, selector))
        clicks = 0
        while links := no_js_browser.find_elements(By.CSS_SELECTOR, 'a[rel="next"]'):
            # readable: not the header's white on the page's near-white
            assert links[0].value_of_css_property("color") != "rgba(255, 255, 255, 1)"
            assert links[0].is_displayed()
            links[0].click()
            clicks += 1
            rows = no_js_browser.find_elements(By.CSS_SELECTOR, selector)
            assert 0 < len(rows) <= 7
            seen += len(rows)
        assert seen == total, (page, seen, total)
        assert clicks == (total - 1) // 7
        assert not [e for e in no_js_browser.get_log("browser") if e["level"] == "SEVERE"]
