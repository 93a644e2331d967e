"""The step-through player, its quiz and the gate view in a real headless browser
(Debian's chromium and chromedriver; `make test` installs them when missing): load the
saved page, press Next, the slider and the arrow keys, type quiz answers right and
wrong, and check what is on screen: captions, numbers, colours, positions."""

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import autograd
import viz
from autograd import Value, examples
from viz import palette

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1000,800"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    assert chromium and driver, ("the browser test needs chromium and chromedriver: "
                                 "run `make test` (make browser installs them)")
    options = Options()
    options.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def neuron():
    o, inputs = examples.neuron()
    o.backward()
    return o, inputs


def caption(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".tg-caption").text


# What the page shows, read from the DOM: each box's position and size, its texts, fill.
SCREEN = """
var out = {};
document.querySelectorAll("svg g.node").forEach(function (g) {
  var key = g.getAttribute("data-tg"), box = g.getBoundingClientRect();
  var shape = g.querySelector("path, polygon, ellipse");
  var texts = Array.prototype.map.call(g.querySelectorAll("text"), function (t) {
    var r = t.getBoundingClientRect();
    return {text: t.textContent, fill: t.getAttribute("fill"), left: r.left, right: r.right};
  });
  var s = shape.getBoundingClientRect();
  out[key] = {x: box.x, y: box.y, w: box.width, h: box.height, fill: shape.getAttribute("fill"),
              stroke: shape.getAttribute("stroke"), left: s.left, right: s.right, texts: texts};
});
return out;
"""


def test_player_steps_with_buttons_slider_and_keys(browser, tmp_path):
    x, w = Value(2.0, label="x"), Value(-3.0, label="w<script>")
    z = (x * w).tanh()
    z.label = "z"
    z.backward()
    player = viz.step_through(z)
    browser.get(player.save(tmp_path / "steps.html").as_uri())
    assert caption(browser) == player.captions[0]
    counter = browser.find_element(By.CSS_SELECTOR, ".tg-counter")
    assert counter.text == f"1 / {len(player)}"

    browser.find_element(By.CSS_SELECTOR, ".tg-next").click()
    assert caption(browser) == player.captions[1]
    assert counter.text == f"2 / {len(player)}"
    slider = browser.find_element(By.CSS_SELECTOR, ".tg-slider")
    assert slider.get_attribute("value") == "1"
    edge = browser.find_element(By.CSS_SELECTOR, 'g[data-tg="v2->op3"] path')
    assert edge.get_attribute("stroke") == "#ff8c00"                   # the current edge

    root = browser.find_element(By.CSS_SELECTOR, ".tg-player")
    root.send_keys(Keys.ARROW_RIGHT)
    assert caption(browser) == player.captions[2]
    root.send_keys(Keys.ARROW_LEFT)
    root.send_keys(Keys.ARROW_LEFT)
    assert caption(browser) == player.captions[0]
    assert edge.get_attribute("stroke") == "#555555"                   # unmarked again
    browser.find_element(By.CSS_SELECTOR, ".tg-prev").click()   # stays at the first frame
    assert counter.text == f"1 / {len(player)}"

    assert browser.execute_script("return window.injected === undefined")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    png = tmp_path / "player.png"
    assert browser.save_screenshot(str(png)) and png.read_bytes().startswith(b"\x89PNG")


def test_boxes_never_move_and_show_each_frames_numbers_on_one_colour_scale(browser, tmp_path):
    o, _ = neuron()
    graph = autograd.trace(o)
    steps = list(graph.backward_steps())
    scale = max([1.0] + [abs(s.parent_grad) for s in steps])
    player = viz.step_through(o)
    browser.get(player.save(tmp_path / "steps.html").as_uri())
    first = browser.execute_script(SCREEN)
    legend = browser.find_element(By.CSS_SELECTOR, ".tg-legend").get_attribute("innerHTML")
    grads = {n.id: 1.0 if n is graph.outputs[0] else 0.0 for n in graph}
    root = browser.find_element(By.CSS_SELECTOR, ".tg-player")
    for k in range(len(player)):
        if k:
            root.send_keys(Keys.ARROW_RIGHT)
            grads[steps[k - 1].parent.id] = steps[k - 1].parent_grad
        screen = browser.execute_script(SCREEN)
        for key, box in screen.items():
            assert (box["x"], box["y"], box["w"], box["h"]) == \
                (first[key]["x"], first[key]["y"], first[key]["w"], first[key]["h"]), key
            if not key.startswith("v"):
                continue
            g = grads[int(key[1:])]
            shown = [t["text"] for t in box["texts"] if t["text"].startswith("grad ")]
            assert shown == [f"grad {viz.captions.number(g)}"], (k, key)
            assert box["fill"] == palette.fill(g, scale)               # one fixed scale
            for t in box["texts"]:                                   # readable, inside
                assert palette.contrast(t["fill"] or "#000000", box["fill"]) >= 4.5
                assert box["left"] <= t["left"] and t["right"] <= box["right"], (k, key)
                if t["text"].startswith(("data ", "grad ")):         # and centred
                    middle = (box["left"] + box["right"]) / 2
                    assert abs((t["left"] + t["right"]) / 2 - middle) < 1.5, (k, key, t)
        out = f"v{graph.outputs[0].id}"
        assert screen[out]["fill"] == first[out]["fill"]     # o: grad 1 all along
        assert browser.find_element(By.CSS_SELECTOR, ".tg-legend") \
            .get_attribute("innerHTML") == legend
    # and back to the start: the state is rebuilt, not left over
    browser.execute_script("var s = document.querySelector('.tg-slider'); s.value = '0';"
                           "s.dispatchEvent(new Event('input'));")
    again = browser.execute_script(SCREEN)
    assert {k: (b["fill"], [t["text"] for t in b["texts"]]) for k, b in again.items()} == \
        {k: (b["fill"], [t["text"] for t in b["texts"]]) for k, b in first.items()}


def answer(browser, text: str) -> None:
    box = browser.find_element(By.CSS_SELECTOR, ".tg-answer")
    box.clear()
    box.send_keys(text + Keys.ENTER)


def test_quiz_checks_typed_answers_right_and_wrong(browser, tmp_path):
    o, _ = neuron()
    quiz = viz.step_through(o, mode="forward", quiz=True)
    browser.get(quiz.save(tmp_path / "quiz.html").as_uri())
    score = browser.find_element(By.CSS_SELECTOR, ".tg-score")
    feedback = browser.find_element(By.CSS_SELECTOR, ".tg-feedback")
    next_button = browser.find_element(By.CSS_SELECTOR, ".tg-next")
    assert score.text == "Score: 0 / 0 (5 questions)"
    next_button.click()
    # asked, not told: the box shows "?", the caption the question, Next waits
    assert caption(browser) == "%5 = x1 * w1 = ?"
    assert browser.find_element(By.CSS_SELECTOR, 'g[data-tg="v5"] text[data-tg-cell="data"]') \
        .text == "data ?"
    assert browser.find_element(By.CSS_SELECTOR, ".tg-tolerance").text == "(within ±0.06)"
    assert browser.find_element(By.CSS_SELECTOR, ".tg-quiz label").text == \
        "Your answer (within ±0.06):"
    assert not next_button.is_enabled()

    answer(browser, "abc")                               # not a number: not scored
    assert feedback.text == "Type a number, like -1.5 or 1/2." and score.text.startswith(
        "Score: 0 / 0")
    answer(browser, "−6")                                # right (a typographic minus)
    assert feedback.text == "✓ Right: %5 = x1 * w1 = 2 * (-3) = -6"
    assert "tg-right" in feedback.get_attribute("class")
    assert score.text.startswith("Score: 1 / 1")
    assert browser.find_element(By.CSS_SELECTOR, 'g[data-tg="v5"] text[data-tg-cell="data"]') \
        .text == "data -6"
    assert caption(browser) == quiz.captions[1]

    next_button.click()
    next_button.click()                                   # no skipping the question
    assert caption(browser) == "%6 = x2 * w2 = ?"
    answer(browser, "5")                                  # 0 * 1: wrong
    assert feedback.text == "✗ Not quite (you typed 5): %6 = x2 * w2 = 0 * 1 = 0"
    assert "tg-wrong" in feedback.get_attribute("class")
    assert score.text.startswith("Score: 1 / 2")
    browser.find_element(By.CSS_SELECTOR, ".tg-prev").click()   # answered steps stay answered
    browser.find_element(By.CSS_SELECTOR, ".tg-next").click()
    assert score.text.startswith("Score: 1 / 2") and feedback.text.startswith("✗ Not quite")


def test_backward_quiz_asks_for_the_contribution(browser, tmp_path):
    o, _ = neuron()
    quiz = viz.step_through(o, quiz=True)
    browser.get(quiz.save(tmp_path / "quiz.html").as_uri())
    root = browser.find_element(By.CSS_SELECTOR, ".tg-player")
    for k in range(1, len(quiz)):
        root.send_keys(Keys.ARROW_RIGHT)
        assert caption(browser) == quiz.frames[k].question
        if k == len(quiz) - 2:                            # x1: 0.5 · (-3)
            answer(browser, "-1.5")
        else:
            browser.find_element(By.CSS_SELECTOR, ".tg-reveal").click()
        assert caption(browser) == quiz.captions[k]
    feedback = browser.find_element(By.CSS_SELECTOR, ".tg-feedback")
    assert feedback.text.startswith("The answer: do/dw1 += do/d%5 · ∂%5/∂w1")
    assert "tg-wrong" not in feedback.get_attribute("class")    # shown, not marked wrong
    assert browser.find_element(By.CSS_SELECTOR, ".tg-score").text == "Score: 1 / 9 (9 questions)"


def test_a_hostile_label_stays_text(browser, tmp_path):
    x = Value(2.0, label='</script><img src=x onerror="window.injected=1">')
    y = x * 3
    y.label = "<b>y</b>"
    y.backward()
    for quiz in (False, True):
        browser.get(viz.step_through(y, quiz=quiz).save(tmp_path / f"evil{quiz}.html").as_uri())
        browser.find_element(By.CSS_SELECTOR, ".tg-next").click()
        assert browser.execute_script("return window.injected === undefined")
        assert not browser.find_elements(By.CSS_SELECTOR, ".tg-player img, .tg-player b")
        assert "<b>y</b>" in caption(browser)


def test_gate_view_renders_readably(browser, tmp_path):
    o, (x1, *_rest) = neuron()
    graph = autograd.trace(o)
    node = graph[5].value                                  # %5 = x1 * w1
    path = tmp_path / "gate.svg"
    path.write_bytes(viz.gate(node, root=o).pipe(format="svg"))
    browser.get(path.as_uri())
    texts = browser.execute_script("""
      return Array.prototype.map.call(document.querySelectorAll("text"), function (t) {
        var r = t.getBoundingClientRect();
        return [t.textContent, r.left, r.top, r.right, r.bottom];
      });""")
    shown = [t[0].strip() for t in texts]
    for line in ("do/dx1 = do/d%5 · ∂%5/∂x1", "= 0.5 · (-3) =", "-1.5", "∂%5/∂x1 = -3",
                 "x1 = 2", "w1 = -3", "%5 = 2 * (-3)", "-6"):
        assert line in shown, line
    for i, a in enumerate(texts):                           # no text on top of another
        assert a[3] > a[1] and a[4] > a[2]
        for b in texts[i + 1:]:
            overlap = min(a[3], b[3]) - max(a[1], b[1]), min(a[4], b[4]) - max(a[2], b[2])
            lines = 0.3 * min(a[4] - a[2], b[4] - b[2])     # a line's box holds its leading
            assert not (overlap[0] > 1 and overlap[1] > lines), (a[0], b[0])


def test_an_edge_drawn_through_its_label_lights_up_whole(browser, tmp_path):
    o, _ = neuron()
    player = viz.step_through(o, show_local=True)
    browser.get(player.save(tmp_path / "local.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, ".tg-next").click()       # o's grad flows to n
    halves = browser.find_elements(By.CSS_SELECTOR, 'g[data-tg="v8->op9"] path')
    assert len(halves) == 2
    assert all(p.get_attribute("stroke") == "#ff8c00" for p in halves)


def test_two_players_in_one_page_as_in_a_notebook(browser, tmp_path):
    o, _ = neuron()
    player = viz.step_through(o)
    quiz = viz.step_through(o, mode="forward", quiz=True)
    cells = "".join(f'<div class="output">{p._repr_html_()}</div>'
                    for p in (player, player, quiz))           # one shown twice, as re-run
    page = tmp_path / "notebook.html"
    page.write_text(f'<!DOCTYPE html><meta charset="utf-8"><body>{cells}</body>',
                    encoding="utf-8")
    browser.get(page.as_uri())
    players = browser.find_elements(By.CSS_SELECTOR, ".tg-player")
    assert len(players) == 3
    players[1].find_element(By.CSS_SELECTOR, ".tg-next").click()
    shown = [p.find_element(By.CSS_SELECTOR, ".tg-caption").text for p in players]
    assert shown == [player.captions[0], player.captions[1], quiz.captions[0]]
    players[2].find_element(By.CSS_SELECTOR, ".tg-next").click()
    players[2].find_element(By.CSS_SELECTOR, ".tg-answer").send_keys("-6" + Keys.ENTER)
    assert players[2].find_element(By.CSS_SELECTOR, ".tg-score").text.startswith("Score: 1 / 1")
    assert players[0].find_element(By.CSS_SELECTOR, ".tg-caption").text == player.captions[0]


# ---- a big diagram in a notebook cell: readable type, scrolled sideways ---------------------

TYPE = """
var box = document.querySelector(".cell > div"), svg = box.querySelector("svg");
var sizes = Array.prototype.map.call(svg.querySelectorAll("g.node text"), function (t) {
  return t.getScreenCTM().a * parseFloat(t.getAttribute("font-size"));
});
return {px: Math.max.apply(null, sizes), width: svg.getBoundingClientRect().width,
        scrolls: box.scrollWidth > box.clientWidth + 1, hint: document.body.innerText};
"""


def test_a_big_diagram_keeps_readable_type_and_scrolls_in_a_notebook_cell(browser, tmp_path):
    import nn
    model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
    xor = (model([Value(1.0), Value(0.0)]) - 1.0) ** 2
    xor.backward()
    o, _ = neuron()
    for root, big in ((xor, True), (o, False)):
        html = viz.draw(root, preset="notebook", colour=True,
                        group_scopes=True)._repr_mimebundle_()["text/html"]
        page = tmp_path / f"cell_{big}.html"
        page.write_text(f'<html><body style="margin:0"><div class="cell" style="width:900px">'
                        f"{html}</div></body></html>", encoding="utf-8")
        browser.get(page.as_uri())
        seen = browser.execute_script(TYPE)
        assert seen["px"] >= 9.9, seen                 # boxes' type: at least 10 px
        assert seen["scrolls"] is big and ("scroll sideways" in seen["hint"]) is big, seen
        if not big:
            assert seen["width"] <= 900                  # a small graph fits the cell
    # the player too: readable type, scrolled sideways
    html = viz.step_through(xor).html_block()
    page = tmp_path / "player_cell.html"
    page.write_text(f'<html><body style="margin:0"><div class="cell" style="width:900px">'
                    f"{html}</div></body></html>", encoding="utf-8")
    browser.get(page.as_uri())
    seen = browser.execute_script(TYPE.replace('".cell > div"', '".tg-diagram"'))
    assert seen["px"] >= 9.9 and seen["scrolls"], seen
