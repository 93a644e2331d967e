"""The step-through player in a real headless browser (Debian's chromium and chromedriver;
`make test` installs them when missing): load the saved page, press Next and the arrow
keys, check the frame and caption change, take a screenshot."""

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import viz
from autograd import Value

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,900"]


@pytest.fixture
def browser(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    assert chromium and driver, ("the browser test needs chromium and chromedriver: "
                                 "run `make test` (make browser installs them)")
    options = Options()
    options.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def visible_caption(browser) -> str:
    frames = browser.find_elements(By.CSS_SELECTOR, ".tg-frame")
    shown = [f for f in frames if f.is_displayed()]
    assert len(shown) == 1
    return shown[0].find_element(By.CSS_SELECTOR, ".tg-caption").text


def test_player_steps_with_buttons_slider_and_keys(browser, tmp_path):
    x, w = Value(2.0, label="x"), Value(-3.0, label="w<script>")
    z = (x * w).tanh()
    z.label = "z"
    player = viz.step_through(z)
    page = player.save(tmp_path / "steps.html")
    browser.get(page.as_uri())
    assert visible_caption(browser) == player.captions[0]
    counter = browser.find_element(By.CSS_SELECTOR, ".tg-counter")
    assert counter.text == f"1 / {len(player)}"

    browser.find_element(By.CSS_SELECTOR, ".tg-next").click()
    assert visible_caption(browser) == player.captions[1]
    assert counter.text == f"2 / {len(player)}"
    slider = browser.find_element(By.CSS_SELECTOR, ".tg-slider")
    assert slider.get_attribute("value") == "1"
    shown = [f for f in browser.find_elements(By.CSS_SELECTOR, ".tg-frame") if f.is_displayed()]
    assert 'stroke="#ff8c00"' in shown[0].get_attribute("innerHTML")   # the current edge

    root = browser.find_element(By.CSS_SELECTOR, ".tg-player")
    root.send_keys(Keys.ARROW_RIGHT)
    assert visible_caption(browser) == player.captions[2]
    root.send_keys(Keys.ARROW_LEFT)
    root.send_keys(Keys.ARROW_LEFT)
    assert visible_caption(browser) == player.captions[0]
    browser.find_element(By.CSS_SELECTOR, ".tg-prev").click()   # stays at the first frame
    assert counter.text == f"1 / {len(player)}"

    assert browser.execute_script("return window.injected === undefined")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    png = tmp_path / "player.png"
    assert browser.save_screenshot(str(png)) and png.read_bytes().startswith(b"\x89PNG")
