"""The desk page in a real browser: headless Chromium driven by selenium, as desk staff use it.

    python Tests/Browser/test_page.py --url http://127.0.0.1:8080/ [--screenshots DIR]

Fills the form for the README's retail flow and reads the decision, switches language, pastes a
flow with a misspelt key and reads the located error, and uploads a scenario suite. Prints one
line per check and a closing "N passed, N failed" line; exits 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# The README's example: 150,000 loyalty members' contact details to a German parent.
RETAIL_OUTCOME = "contract-or-certification"

# A flow whose fifth line misspells `recipient`: the error must be located there.
BAD_FLOW = """\
date: 2025-06-10
exporter:
  ciio: false
  sector: retail
recipent:
  country: DE
items:
  - {name: member e-mails, class: personal, individuals: 1000}
"""
BAD_FLOW_LINE = 5

# One case that holds and one whose expectation is wrong, so that the table shows both.
SUITE = """\
suite: Desk page check — two cases
defaults:
  date: 2025-06-10
  exporter: {ciio: false, name: Example Retail Co., sector: retail}
  recipient: {country: DE}
cases:
  - name: trade documents without personal information
    flow:
      purpose: international-trade
      items:
        - {name: invoices, class: general}
    expect:
      outcome: exempt
  - name: members' contact details expected exempt (wrong on purpose)
    flow:
      items:
        - {name: member contacts, class: personal, individuals: 150000}
    expect:
      outcome: exempt
"""

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


class Checks:
    """Records each check rather than stopping at the first, so one run shows every failure."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def expect(self, condition: bool, what: str, detail: object = "") -> bool:
        if condition:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f": {detail!r}" if detail != "" else ""))
        return condition


def browser(chromium: str, chromedriver: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1700", "--lang=zh-CN", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The Debian driver is given by path, so selenium never tries to download one.
    return webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))


def text(driver: webdriver.Chrome, selector: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, selector).text.strip()


def wait_for(driver: webdriver.Chrome, condition, what: str, seconds: float = 20):
    try:
        return WebDriverWait(driver, seconds).until(condition)
    except TimeoutException as error:
        raise AssertionError(f"timed out waiting for {what}") from error


def shoot(driver: webdriver.Chrome, folder: Path | None, name: str) -> None:
    if folder is None:
        return
    # The whole page, not just the window, so that the result below the form is in the picture.
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(1400, max(900, min(int(height) + 40, 4000)))
    driver.save_screenshot(str(folder / name))
    print(f"     screenshot {folder / name}")


def vocabulary_loaded(driver: webdriver.Chrome) -> bool:
    return len(driver.find_elements(By.CSS_SELECTOR, "#exporter-sector option")) > 1


def fill_item(row, name: str, kind: str, individuals: str = "", subjects: str = "") -> None:
    row.find_element(By.CSS_SELECTOR, ".item-name").send_keys(name)
    Select(row.find_element(By.CSS_SELECTOR, ".item-kind")).select_by_value(kind)
    if individuals:
        row.find_element(By.CSS_SELECTOR, ".item-individuals").send_keys(individuals)
    if subjects:
        row.find_element(By.CSS_SELECTOR, ".item-subjects").send_keys(subjects)


def set_date(driver: webdriver.Chrome, selector: str, value: str) -> None:
    # A date input's typing order follows the browser's locale; setting the value does not.
    driver.execute_script(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));", selector, value)


def fill_retail_form(driver: webdriver.Chrome, checks: Checks) -> None:
    """The README's retail flow, typed into the form the way staff do, with one row added and removed."""
    zone = Select(driver.find_element(By.ID, "exporter-zone")).first_selected_option.get_attribute("value")
    checks.expect(zone == "lingang", "the desk's zone is preselected", zone)
    driver.find_element(By.ID, "exporter-name").send_keys("Example Retail Co.")
    driver.find_element(By.ID, "exporter-id").send_keys("91310000MA1FL00000")
    Select(driver.find_element(By.ID, "exporter-ciio")).select_by_value("false")
    Select(driver.find_element(By.ID, "exporter-sector")).select_by_value("retail")
    driver.find_element(By.ID, "recipient-name").send_keys("Example GmbH")
    driver.find_element(By.ID, "recipient-country").send_keys("de")
    Select(driver.find_element(By.ID, "recipient-kind")).select_by_value("company")
    Select(driver.find_element(By.ID, "flow-purpose")).select_by_value("other")
    set_date(driver, "#flow-date", "2025-06-10")
    driver.find_element(By.ID, "prior-personal").send_keys("0")
    driver.find_element(By.ID, "prior-sensitive").send_keys("0")

    rows = driver.find_elements(By.CSS_SELECTOR, "#items-body tr")
    checks.expect(len(rows) == 1, "the form starts with one item row", len(rows))
    fill_item(rows[0], "loyalty members' contact details", "catalog:customer.contact", "150000", "members")
    driver.find_element(By.ID, "add-item").click()
    driver.find_element(By.ID, "add-item").click()
    driver.find_element(By.ID, "add-item").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#items-body tr")
    checks.expect(len(rows) == 4, "add-item adds rows", len(rows))
    fill_item(rows[1], "loyalty members' purchase history", "catalog:customer.purchase-history", "120000", "members")
    fill_item(rows[2], "to be removed", "class:sensitive-personal", "5000000")
    fill_item(rows[3], "store sales statistics", "class:general")
    rows[2].find_element(By.CSS_SELECTOR, ".remove-item").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#items-body tr")
    checks.expect(len(rows) == 3, "a removed row is gone", len(rows))


def check_form(driver: webdriver.Chrome, checks: Checks, shots: Path | None) -> None:
    checks.expect(text(driver, "h1") == "数据出境合规自评", "the page opens in Chinese for a Chinese browser", text(driver, "h1"))
    fill_retail_form(driver, checks)

    driver.find_element(By.ID, "submit-form").click()
    wait_for(driver, EC.visibility_of_element_located((By.ID, "result")), "the decision")
    code = text(driver, "#outcome-code")
    checks.expect(code == RETAIL_OUTCOME, f"the retail flow decides {RETAIL_OUTCOME}", code)
    outcome_class = driver.find_element(By.ID, "outcome").get_attribute("class")
    checks.expect(f"outcome-{RETAIL_OUTCOME}" in outcome_class, "the outcome is coloured by its code", outcome_class)
    label_zh = text(driver, "#outcome-label")
    checks.expect(bool(HAN.search(label_zh)), "the outcome label is in Chinese", label_zh)

    zh = driver.find_element(By.CSS_SELECTOR, "#explanation-zh p")
    en = driver.find_element(By.CSS_SELECTOR, "#explanation-en p")
    checks.expect(zh.is_displayed() and bool(HAN.search(zh.text)), "the Chinese explanation is shown", zh.text[:80])
    checks.expect(en.is_displayed() and bool(LATIN.search(en.text)), "the English explanation is shown", en.text[:80])
    first = driver.find_element(By.CSS_SELECTOR, "#explanations > section:not([hidden])").get_attribute("id")
    checks.expect(first == "explanation-zh", "the chosen language's explanation comes first", first)

    rules = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#result-rules li")]
    checks.expect(any("cn.provisions.art8" in r for r in rules), "the deciding rule is listed with its id", rules)
    checks.expect(any("Provisions Art. 8" in r for r in rules), "the deciding rule carries its citation", rules)
    obligations = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#result-obligations li")]
    checks.expect(any("SCCM Art. 7" in o for o in obligations), "the obligations carry citations", obligations)
    counters = driver.find_elements(By.CSS_SELECTOR, "#result-counters tr")
    counter_text = " ".join(row.text for row in counters)
    checks.expect(bool(counters) and ("150,000" in counter_text or "150000" in counter_text),
                  "the counters show the members once (150,000, not 270,000)", counter_text)
    digest = text(driver, "#result-digest")
    checks.expect(digest.startswith("sha256:"), "the policy digest is shown", digest)
    checks.expect(text(driver, "#policy-packs") not in ("", "—"), "the footer names the policy packs", text(driver, "#policy-packs"))
    shoot(driver, shots, "01-decision-zh.png")

    driver.find_element(By.ID, "lang-en").click()
    checks.expect(text(driver, "h1") == "Data export compliance check", "the language switch changes the title", text(driver, "h1"))
    checks.expect(text(driver, "fieldset legend") == "Exporter", "the language switch changes the labels", text(driver, "fieldset legend"))
    label_en = text(driver, "#outcome-label")
    checks.expect(label_en != label_zh and not HAN.search(label_en), "the outcome label is now in English", label_en)
    first = driver.find_element(By.CSS_SELECTOR, "#explanations > section:not([hidden])").get_attribute("id")
    checks.expect(first == "explanation-en", "English now comes first, Chinese still shown", first)
    checks.expect(driver.find_element(By.CSS_SELECTOR, "#explanation-zh p").is_displayed(), "the Chinese explanation stays visible")
    sector = Select(driver.find_element(By.ID, "exporter-sector")).first_selected_option
    checks.expect(sector.get_attribute("value") == "retail" and not HAN.search(sector.text),
                  "choices keep their value and change their label", sector.text)
    shoot(driver, shots, "02-decision-en.png")

    driver.refresh()
    wait_for(driver, vocabulary_loaded, "the vocabulary after reload")
    checks.expect(text(driver, "h1") == "Data export compliance check", "the chosen language persists across a reload", text(driver, "h1"))


def check_labels(driver: webdriver.Chrome, checks: Checks) -> None:
    # Every control staff can reach has a name a screen reader reads out.
    unnamed = driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea, button')].filter((e) => {
          if (e.type === 'hidden') return false;
          const labelled = e.id && document.querySelector(`label[for="${e.id}"]`);
          const named = (e.getAttribute('aria-label') || '').trim() || (e.textContent || '').trim();
          return !labelled && !named;
        }).map((e) => e.outerHTML.slice(0, 80));""")
    checks.expect(not unnamed, "every control has a label", unnamed)


def check_tabs_by_keyboard(driver: webdriver.Chrome, checks: Checks) -> None:
    tab = driver.find_element(By.ID, "tab-form")
    tab.click()
    tab.send_keys(Keys.ARROW_RIGHT)
    active = driver.switch_to.active_element.get_attribute("id")
    checks.expect(active == "tab-paste" and driver.find_element(By.ID, "panel-paste").is_displayed(),
                  "the arrow key moves to the next tab and shows its panel", active)


def check_paste(driver: webdriver.Chrome, checks: Checks, shots: Path | None) -> None:
    driver.find_element(By.ID, "tab-paste").click()
    area = driver.find_element(By.ID, "paste-text")
    area.clear()
    # Set as one value: typing into a textarea would let nothing auto-indent, but is slow.
    driver.execute_script("arguments[0].value = arguments[1];", area, BAD_FLOW)
    driver.find_element(By.ID, "submit-paste").click()
    wait_for(driver, EC.visibility_of_element_located((By.ID, "errors")), "the error panel")
    checks.expect(not driver.find_element(By.ID, "result").is_displayed(), "no decision is shown for a bad flow")
    entries = driver.find_elements(By.CSS_SELECTOR, "#errors-list li")
    joined = "\n".join(e.text for e in entries)
    checks.expect(bool(entries), "the error lists diagnostics", text(driver, "#errors"))
    checks.expect(f"line {BAD_FLOW_LINE}" in joined, f"the error is located at line {BAD_FLOW_LINE}", joined)
    checks.expect("recipent" in joined, "the error quotes the misspelt key", joined)
    checks.expect("recipient" in joined, "the error suggests the right key", joined)
    shoot(driver, shots, "03-located-error.png")
    driver.find_element(By.ID, "lang-zh").click()
    located = text(driver, "#errors-list")
    checks.expect(f"第 {BAD_FLOW_LINE} 行" in located, "the location is told in Chinese after switching", located)
    driver.find_element(By.ID, "lang-en").click()

    # A good flow afterwards clears the error.
    example = "{\n  \"date\": \"2025-06-10\",\n  \"exporter\": {\"ciio\": false},\n  \"recipient\": {\"country\": \"DE\"},\n" \
              "  \"purpose\": \"international-trade\",\n  \"items\": [{\"name\": \"invoices\", \"class\": \"general\"}]\n}\n"
    driver.execute_script("arguments[0].value = arguments[1];", area, example)
    driver.find_element(By.ID, "submit-paste").click()
    wait_for(driver, EC.visibility_of_element_located((By.ID, "result")), "the decision of the pasted JSON")
    checks.expect(text(driver, "#outcome-code") == "exempt", "a pasted JSON flow is decided", text(driver, "#outcome-code"))
    checks.expect(not driver.find_element(By.ID, "errors").is_displayed(), "the earlier error is cleared")


def check_suite(driver: webdriver.Chrome, checks: Checks, shots: Path | None, folder: Path) -> None:
    driver.find_element(By.ID, "tab-suite").click()
    suite = folder / "desk-suite.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    driver.find_element(By.ID, "suite-file").send_keys(str(suite))
    driver.find_element(By.ID, "submit-suite").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "table.suite tbody tr")), "the suite's results")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.suite tbody tr")
    checks.expect(len(rows) == 2, "the suite table has a row per case", len(rows))
    classes = [row.get_attribute("class") for row in rows]
    checks.expect(classes[:1] == ["case case-pass"] and classes[1:2] == ["case case-fail"],
                  "the holding case passes and the wrong one fails", classes)
    if len(rows) == 2:
        checks.expect("outcome" in rows[1].text and "exempt" in rows[1].text, "the failing case shows its mismatch", rows[1].text)
    summary = text(driver, ".suite-summary")
    checks.expect("1" in summary and "fail" in summary.lower(), "the summary counts the failure", summary)
    shoot(driver, shots, "04-suite.png")


def check_console(driver: webdriver.Chrome, checks: Checks) -> None:
    # A Content-Security-Policy violation or a script error shows up here and nowhere else. The
    # browser's own request for /favicon.ico is not the page's.
    try:
        entries = driver.get_log("browser")
    except Exception as error:  # the log is a Chromium extension; its absence is not the page's fault
        print(f"     browser log unavailable: {error}")
        return
    def expected(message: str) -> bool:
        # The bad flow's 400 answer is part of the test; Chromium logs every 4xx response it sees.
        return "favicon.ico" in message or ("/v1/check" in message and "status of 400" in message)
    severe = [e["message"] for e in entries if e.get("level") == "SEVERE" and not expected(e.get("message", ""))]
    checks.expect(not severe, "the browser console has no errors", severe)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the page's address, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--screenshots", help="folder for PNG screenshots (created)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium"))
    parser.add_argument("--chromedriver", default=os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    args = parser.parse_args()

    shots = Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    checks = Checks()
    driver = browser(args.chromium, args.chromedriver)
    try:
        with tempfile.TemporaryDirectory(prefix="xborder-browser-") as scratch:
            driver.get(args.url)
            wait_for(driver, vocabulary_loaded, "the vocabulary to fill the form")
            driver.execute_script("window.localStorage.clear()")
            driver.refresh()
            wait_for(driver, vocabulary_loaded, "the vocabulary to fill the form")
            for step in (lambda: check_labels(driver, checks),
                         lambda: check_form(driver, checks, shots),
                         lambda: check_tabs_by_keyboard(driver, checks),
                         lambda: check_paste(driver, checks, shots),
                         lambda: check_suite(driver, checks, shots, Path(scratch)),
                         lambda: check_console(driver, checks)):
                try:
                    step()
                except Exception:
                    checks.failed += 1
                    print("FAIL a step stopped early:")
                    traceback.print_exc(file=sys.stdout)
                    if shots:
                        driver.save_screenshot(str(shots / f"failure-{checks.failed}.png"))
    finally:
        driver.quit()
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 and checks.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
