"""The web pages in a real browser: `svodka serve` (uvicorn) started on loopback in a process
of its own, Debian's headless Chromium driven with Selenium (chromedriver): home → search
«Токаева» → the entity with «президент» and its meetings; a document's highlights, a fact's link
that scrolls to its sentence and lights it; the tracker's chart drawn by plotly.js; markup in a
document shown as text, no script run."""
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

import web_samples
from svodka.kb import KnowledgeBase

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
DOCS = Path(__file__).resolve().parent.parent / "docs"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    where = tmp_path_factory.mktemp("browser")
    db = where / "kb.db"
    with KnowledgeBase(str(db), pipeline=pipeline) as kb:
        web_samples.build(kb, where)
    port = _free_port()
    svodka = Path(sys.executable).with_name("svodka")
    proc = subprocess.Popen([str(svodka), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, SVODKA_TOKEN=""))
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/api/v1", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("svodka serve stopped: " + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    assert shutil.which(CHROMIUM) and shutil.which(DRIVER), ".ci/run installs chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=ru"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def wait(check, timeout: float = 15):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.1)
    return False


def no_dialog(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def shot(driver, name: str) -> None:
    """Keep a screenshot for the README (docs/) when asked to: SVODKA_SCREENSHOTS=1."""
    if os.environ.get("SVODKA_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        driver.save_screenshot(str(DOCS / f"{name}.png"))


def test_search_to_the_entity_with_its_role_and_meetings(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server + "/")
    shot(browser, "home")
    box = browser.find_element(By.CSS_SELECTOR, ".big-search input[name=q]")
    box.send_keys("Токаева")
    box.submit()
    assert wait(lambda: "/search" in browser.current_url)
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".snippet mark")]
    assert marks and all(m.startswith("Токаев") for m in marks)
    browser.find_element(By.CSS_SELECTOR, ".entity-matches a.chip-PER").click()
    assert wait(lambda: "/entities/" in browser.current_url)
    roles = browser.find_element(By.ID, "roles").text
    assert "президент" in roles and "Казахстан" in roles
    meetings = browser.find_element(By.ID, "meetings").text
    assert "Сердар Бердымухамедов" in meetings and "Владимир Путин" in meetings
    assert wait(lambda: browser.find_elements(By.CSS_SELECTOR, "figure.drawn[data-chart=mentions-chart] svg"))
    shot(browser, "entity")


def test_a_fact_link_scrolls_to_its_highlighted_sentence(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server + f"/documents/{web_samples.SEED_ID}")
    people = browser.find_elements(By.CSS_SELECTOR, ".text a.ent-PER")
    assert any(p.text == "Токаев" and "персона" in p.get_attribute("title") for p in people)
    assert browser.find_elements(By.CSS_SELECTOR, ".text .val-MONEY")
    link = browser.find_element(By.CSS_SELECTOR, "#facts-agreement a.src")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert wait(lambda: browser.current_url.endswith("#" + target))
    sentence = browser.find_element(By.ID, target)
    assert wait(lambda: sentence.value_of_css_property("background-color") in ("rgba(253, 230, 138, 1)",
                                                                              "rgb(253, 230, 138)"))  # :target lit
    inside = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(), box = arguments[0].closest('.doc-text').getBoundingClientRect();"
        "return r.top >= box.top - 1 && r.top < box.bottom;", sentence)
    assert inside, "the sentence is scrolled into view"
    shot(browser, "document")


def test_the_tracker_chart_is_drawn(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server + "/track?metric=товарооборот&scope=Казахстан,Туркменистан")
    assert wait(lambda: browser.find_elements(By.CSS_SELECTOR, "figure.drawn[data-chart=track-chart] svg .scatterlayer"))
    assert "пока не достигнута" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "tracker")


def test_markup_in_a_document_is_shown_as_text_and_never_run(server, browser):
    from selenium.webdriver.common.by import By
    for url in ("/documents/xss", "/agreements", "/search?q=Компания"):
        browser.get(server + url)
        time.sleep(0.5)
        assert no_dialog(browser), url
        assert web_samples.SCRIPT in browser.find_element(By.TAG_NAME, "main").text, url
        assert not browser.find_elements(By.CSS_SELECTOR, "main img"), url
