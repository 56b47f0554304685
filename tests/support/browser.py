"""A real browser for the end-to-end tests: Debian's chromium driven by Playwright, and what
the tests measure in it (screenshots, overflow, the smallest text on screen, axe-core).

Screenshots land in test-artifacts/ (gitignored) so a person can look at what was tested and,
when a check fails, at the page it failed on.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
# Installed by scripts/test.sh from the npm registry at the version pinned in package.json.
AXE = REPO / "tests/e2e/axe/node_modules/axe-core/axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, viewport: dict, **options) -> Page:
    """A page in a fresh context; a phone-sized viewport also gets a phone's touch and scale."""
    if viewport["width"] < 600:
        options = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True, **options}
    return browser.new_context(viewport=viewport, **options).new_page()


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# Every visible piece of text with the size it is drawn at on screen: CSS pixels for HTML,
# and for SVG the font size scaled by how much the drawing is shrunk or stretched.
_TEXT_SIZES = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest('title, desc, script, style')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !el.checkVisibility({visibilityProperty: true})) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) size *= Math.abs(el.getScreenCTM().a);
    sizes.push([Math.round(size * 10) / 10, node.textContent.trim().slice(0, 40)]);
  }
  return sizes;
}"""


def smallest_text(page: Page) -> tuple[float, str]:
    """The smallest visible text on the page, in CSS pixels, and what it says."""
    return min(page.evaluate(_TEXT_SIZES), default=(99.0, ""))


def axe_violations(page: Page, name: str, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core in the page (the context must bypass the page's CSP to inject it); returns
    one line per violation of the given impacts, and keeps the full report as an artefact."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core is missing at {AXE}: run scripts/test.sh, which installs it")
    page.add_script_tag(path=str(AXE))
    report = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [v for v in report["violations"] if v["impact"] in impacts]
    kept = ARTIFACTS / f"{name}.axe.json"
    kept.unlink(missing_ok=True)
    if found:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(found, indent=2))
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at " + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in found
    ]
