// Issue 14 walked in headless Chromium, by mouse at 1280 px and by keyboard at 375 px:
// 112 as an alert, the code as a receipt, the handover (typed start, "vorige week dinsdag" as an
// answer, every answer kept), contact capture (a name alone is asked again), long text (counter,
// nothing dropped), and in the workspace the unseen count in the title, the handover summary on
// the consultation and the settings page. axe-core (WCAG 2.1 A/AA) on every state it passes.
//
// Environment: DEMO_URL, RASA_URL, WORKSPACE_URL, OFFICER (user name), PASSWORD, ARTIFACTS_DIR,
// LABEL ("before" or "after": the screenshot names), STRICT ("1": fail on every missing point;
// "0" only takes screenshots, for the before pictures of the old code).
// Prints one JSON line {"ok": true, ...}; exits 1 with a message otherwise.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
const env = process.env;
const STRICT = env.STRICT !== "0";
const LABEL = env.LABEL || "after";
const ARTIFACTS = env.ARTIFACTS_DIR || "test-artifacts/issue-14";
const TURN_TIMEOUT_MS = 60000;
const findings = {};
mkdirSync(ARTIFACTS, { recursive: true });

function check(ok, message) {
  if (!ok && STRICT) {
    throw new Error(message);
  }
  if (!ok) {
    findings[message] = true;
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${LABEL}.png`), fullPage: false });
}

async function axe(page, label) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  check(violations.length === 0, `axe (${label}): ${JSON.stringify(violations)}`);
}

async function openWidget(context) {
  const page = await context.newPage();
  page.on("pageerror", (err) => process.stderr.write(`page error: ${err.message}\n`));
  await page.addInitScript((server) => {
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.tagName === "SCRIPT" && node.hasAttribute("data-server")) {
            node.setAttribute("data-server", server);
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, env.RASA_URL);
  await page.goto(env.DEMO_URL);
  await page.locator(".sr-launcher").click();
  await waitForTurn(page, 0);
  return page;
}

const bot = (page) => page.locator(".sr-message--bot");

async function waitForTurn(page, before) {
  const deadline = Date.now() + TURN_TIMEOUT_MS;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const count = await bot(page).count();
    const state = await page.locator(".signaalroute-host").getAttribute("data-state");
    if (count !== last) {
      last = count;
      since = Date.now();
    }
    if (count > before && state === "ready" && Date.now() - since > 900) {
      return;
    }
    await page.waitForTimeout(150);
  }
  await shot(page, "timeout");
  throw new Error("no answer from the bot in time");
}

async function say(page, text, keyboard = false) {
  const before = await bot(page).count();
  const input = page.locator(".sr-input");
  if (keyboard) {
    await input.focus();
    await input.fill(text);
    await page.keyboard.press("Enter");
  } else {
    await input.click();
    await input.fill(text);
    await page.locator(".sr-form button[type=submit]").click();
  }
  await waitForTurn(page, before);
}

async function click(page, fragment, keyboard = false) {
  const button = page.locator(`.sr-choice:not([aria-disabled="true"])[data-payload*='${fragment}']`).last();
  const before = await bot(page).count();
  if (keyboard) {
    await button.focus();
    await page.keyboard.press("Enter");
  } else {
    await button.click();
  }
  await waitForTurn(page, before);
}

async function lastTexts(page, n) {
  return (await bot(page).allTextContents()).slice(-n).join("\n");
}

// ------------------------------------------------------------------ the widget, by mouse

async function widgetByMouse(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openWidget(context);
  await say(page, "Ik werk in Leiden");
  await say(page, "nee, geen direct gevaar");
  await click(page, "subject:locatie");
  await click(page, "location_signal:arbeid");
  // The code as a receipt, kept in view.
  const receipt = page.locator(".sr-receipt");
  check(await receipt.count() === 1, "no receipt panel with the reference code");
  if (await receipt.count()) {
    await receipt.scrollIntoViewIfNeeded();
    check(/SR-[A-Z0-9]{4}-[A-Z0-9]{2}/.test(await page.locator(".sr-receipt__code").textContent()), "no code on the receipt");
    check(await page.locator(".sr-receipt button", { hasText: "Print of bewaar" }).count() === 1, "no print button");
  }
  await shot(page, "code-receipt-1280");
  await axe(page, "receipt 1280");
  // The handover, started by typing the button's words.
  await say(page, "Overdracht maken");
  check(/Wat voor plek is het/.test(await lastTexts(page, 2)), "typing 'Overdracht maken' did not start the handover");
  const answers = ["een loods achter de kassen", "mannen die kisten sjouwen", "vorige week dinsdag", "ongeveer tien",
    "matrassen en kookspullen", "een man haalt ze op"];
  for (const answer of answers) {
    await say(page, answer);
  }
  const summary = await page.locator(".sr-handover, .sr-message--bot").allTextContents();
  const text = summary.join("\n");
  check(!text.includes("[VERWIJDERD]"), "the handover summary shows [VERWIJDERD]");
  check(text.includes("Wanneer: vorige week dinsdag"), "'vorige week dinsdag' was not kept as the answer");
  check(text.includes("Soort plek: een loods"), "the first answer was not kept");
  const copy = page.locator(".sr-handover button", { hasText: "Kopieer" });
  check(await copy.count() === 1, "no copy button on the handover summary");
  if (await page.locator(".sr-handover").count()) {
    await page.locator(".sr-handover").scrollIntoViewIfNeeded();
  }
  await shot(page, "handover-summary-1280");
  await axe(page, "handover 1280");
  // Contact capture: the option stays after the handover; a name alone is asked again.
  const leave = page.locator(`.sr-choice[data-payload*='contact:ja']`);
  check(await leave.count() > 0, "the contact option is gone after the handover");
  if (await leave.count()) {
    await click(page, "contact:ja");
    const form = page.locator(".sr-contact-form");
    if (await form.count()) {
      const before = await bot(page).count();
      await page.getByLabel("Je naam", { exact: true }).fill("Sanne de Vries");
      await page.locator(".sr-contact-form button").click();
      await waitForTurn(page, before);
    } else {
      await say(page, "Sanne de Vries");
    }
    const reply = await lastTexts(page, 1);
    check(!/kan nu contact met je opnemen/.test(reply), "a name alone was confirmed as reachable");
    await shot(page, "contact-name-only-1280");
    await axe(page, "contact 1280");
    if (await page.locator(".sr-contact-form").count()) {
      const before = await bot(page).count();
      await page.getByLabel("Je naam", { exact: true }).fill("Sanne de Vries");
      await page.getByLabel("Je telefoonnummer of e-mailadres").fill("06 12345678");
      await page.locator(".sr-contact-form button").click();
      await waitForTurn(page, before);
      check(/kan nu contact met je opnemen/.test(await lastTexts(page, 1)), "name and number were not saved");
      await shot(page, "contact-saved-1280");
    }
  }
  // Long text: the field grows and counts; above 10,000 characters it keeps the rest for a second message.
  const counter = page.locator(".sr-counter");
  const huge = ("Ik zag bij de loods mannen die elke dag tot laat werken en niet naar huis mogen. ").repeat(130);
  await page.locator(".sr-input").fill(huge);
  await page.locator(".sr-input").dispatchEvent("input");
  check(await counter.count() === 1 && /meer dan 10000/.test(await counter.textContent()), "no counter over the limit");
  await shot(page, "long-text-over-limit-1280");
  // A 2,500-character story is sent whole; the assistant reads it in parts, the danger at its end included.
  const story = ("Ik zag bij de loods mannen die elke dag tot laat werken en niet naar huis mogen. ").repeat(30) +
    "Vandaag zei een van hen dat de baas hem nu slaat.";
  await page.locator(".sr-input").fill(story);
  await page.locator(".sr-input").dispatchEvent("input");
  check(/van 10000 tekens/.test(await counter.textContent()), "no counter under the limit");
  await shot(page, "long-text-1280");
  await axe(page, "long text 1280");
  await say(page, story);
  const read = await lastTexts(page, 6);
  check(/in 2 delen gelezen/.test(read) && /112/.test(read), "the long story was not read to its end (no 112)");
  await shot(page, "long-text-read-in-parts-1280");
  await context.close();
}

// ------------------------------------------------------------------ the widget, by keyboard at 375 px

async function widgetByKeyboard(browser) {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await openWidget(context);
  await say(page, "Ik werk in Leiden, een man wordt nu geslagen in de loods", true);
  const alert = page.locator(".sr-alert112[role=alert]");
  check(await alert.count() > 0, "112 is no alert block");
  const focusedClass = await page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) {
      el = el.shadowRoot.activeElement;
    }
    return el ? String(el.className) : "";
  });
  check(focusedClass.includes("sr-alert112__call"), "the 112 call button does not get the focus first");
  if (await alert.count()) {
    await alert.first().scrollIntoViewIfNeeded();
    check(await page.locator(".sr-alert112__call[href='tel:112']").count() > 0, "no tel:112 button");
  }
  await shot(page, "alert-112-375");
  await axe(page, "112 at 375");
  await context.close();
}

// ------------------------------------------------------------------ the workspace

async function workspace(browser, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${env.WORKSPACE_URL}/inloggen`);
  await page.getByLabel("Gebruikersnaam").fill(env.OFFICER);
  await page.getByLabel("Wachtwoord").fill(env.PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(/consultaties/);
  const title = await page.title();
  check(/^\(\d+ nieuw/.test(title), `the list title shows no count of unseen consultations: ${title}`);
  await shot(page, `workspace-list-${width}`);
  await axe(page, `list ${width}`);
  // The acute signal of the keyboard walk comes first; the handover is on the location signal.
  const links = page.locator("main a[href^='/consultaties/']");
  await links.nth((await links.count()) - 1).click();
  await page.waitForLoadState();
  const handover = page.locator("#kop-overdracht");
  if (width === 1280) {
    check(await handover.count() === 1, "the handover summary is not on the consultation");
    if (await handover.count()) {
      await handover.scrollIntoViewIfNeeded();
    }
  }
  await shot(page, `workspace-consultation-${width}`);
  await axe(page, `consultation ${width}`);
  const settings = await page.goto(`${env.WORKSPACE_URL}/instellingen`);
  check(settings.status() === 200, "no settings page");
  if (settings.status() === 200) {
    await page.getByLabel("Jouw e-mailadres voor meldingen").fill("af@gemeente.example");
    await page.getByLabel("Naam", { exact: true }).fill("Anna de Wit");
    await page.getByLabel("Telefoonnummer").fill("071 516 5000");
    await page.getByLabel("Telefoonnummer").press("Enter");
    await page.waitForURL(/melding=opgeslagen/);
    await shot(page, `workspace-settings-${width}`);
    await axe(page, `settings ${width}`);
  }
  await context.close();
}

// ------------------------------------------------------------------ the printed route map

async function printedRouteMap(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${env.WORKSPACE_URL}/inloggen`);
  await page.getByLabel("Gebruikersnaam").fill(env.OFFICER);
  await page.getByLabel("Wachtwoord").fill(env.PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(/consultaties|cijfers/);
  const pages = {};
  for (const map of (env.PRINT_MAPS || "hollands-midden,nationaal").split(",")) {
    await page.goto(`${env.WORKSPACE_URL}/routekaarten/${map}`);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const count = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    pages[map] = count;
    check(count === 1, `the route map ${map} prints on ${count} pages, not one A4`);
    const printed = await page.evaluate(() => {
      const visible = [...document.querySelectorAll("body *")].filter((el) => {
        const style = getComputedStyle(el);
        return el.childNodes.length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) &&
          style.display !== "none" && el.offsetParent !== null;
      });
      const sizes = visible.map((el) => parseFloat(getComputedStyle(el).fontSize));
      const first = visible.length ? visible[0].textContent.trim() : "";
      return { smallest: Math.min(...sizes), first };
    });
    check(printed.smallest >= 12, `printed text of ${map} is ${printed.smallest}px (< 9 pt)`);
    check(/112/.test(printed.first), `112 is not the first thing on the printed ${map} map: ${printed.first}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `print-${map}-${LABEL}.png`), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  }
  findings.printPages = pages;
  await context.close();
}

// ------------------------------------------------------------------ "liever niet zeggen", then the region (375 px, keyboard)

async function regionAfterPrivate(browser) {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await openWidget(context);
  await say(page, "signaal over een nagelsalon waar meisjes slapen", true);
  await say(page, "nee", true);
  await click(page, "gemeente:onbekend", true);
  check(/regio noemen/.test(await lastTexts(page, 1)), "the region is not asked after 'liever niet zeggen'");
  await shot(page, "region-asked-375");
  await axe(page, "region question 375");
  await say(page, "Hollands Midden", true);
  check(/routekaart van die regio/.test(await lastTexts(page, 8)) && /Hollands Midden/.test(await lastTexts(page, 8)),
        "the region named after 'liever niet zeggen' is not used");
  await shot(page, "region-used-375");
  await context.close();
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
});
try {
  const only = (env.ONLY || "mouse,keyboard,workspace,print").split(",");
  if (only.includes("mouse")) await widgetByMouse(browser);
  if (only.includes("keyboard")) await widgetByKeyboard(browser);
  if (only.includes("keyboard")) await regionAfterPrivate(browser);
  if (only.includes("workspace")) {
    await workspace(browser, 1280);
    await workspace(browser, 375);
  }
  if (only.includes("print")) await printedRouteMap(browser);
  const printPages = findings.printPages;
  delete findings.printPages;
  console.log(JSON.stringify({ ok: true, missing: Object.keys(findings), printPages }));
} catch (err) {
  console.error(err.stack || String(err));
  process.exitCode = 1;
} finally {
  await browser.close();
}
