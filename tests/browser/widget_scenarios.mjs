// Browser scenarios for the Signaalroute widget, run by test_widget_browser.py.
//
// Environment:
//   SCENARIO        which scenario to run (see SCENARIOS below)
//   DEMO_URL        the demo intranet page that embeds the widget
//   RASA_URL        optional: point the demo page's data-server at this Rasa server
//   ARTIFACTS_DIR   where screenshots go
//   ROUTE_PLAN      optional JSON: {"answers": [...], "typed": [...], "phoneDigits": "08005151"}
//
// Prints one JSON line {"ok": true, ...} on success; exits 1 with a message otherwise.
// The restart scenario prints "RESTART_NOW" and waits for a line on stdin.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

const SCENARIO = process.env.SCENARIO;
const DEMO_URL = process.env.DEMO_URL;
const RASA_URL = process.env.RASA_URL || "";
const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR || "test-artifacts/browser";
const PLAN = Object.assign(
  {
    // Button payloads chosen on the way, by answer "key:value" (docs/contracts.md).
    answers: ["acute:nee", "subject:persoon", "need:melden", "form:arbeid"],
    // Free-text answers, typed in order whenever no button fits the plan
    // (the municipality: the bot offers a few as buttons, Heerlen is typed).
    typed: ["Heerlen"],
    phoneDigits: "08005151"
  },
  process.env.ROUTE_PLAN ? JSON.parse(process.env.ROUTE_PLAN) : {}
);
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync"
];
const TURN_TIMEOUT_MS = 60000;

mkdirSync(ARTIFACTS_DIR, { recursive: true });

function fail(message) {
  throw new Error(message);
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${SCENARIO}-${name}.png`), fullPage: false });
}

/** Open the demo page; with RASA_URL the widget's data-server is pointed at it. */
async function openDemo(context) {
  const page = await context.newPage();
  page.on("pageerror", (err) => {
    process.stderr.write(`page error: ${err.message}\n`);
  });
  if (RASA_URL) {
    // Change the attribute as the parser inserts the script tag, before it runs.
    // (Rewriting the served HTML with page.route would make Chromium treat the
    // page as public and block its requests to the loopback Rasa server.)
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
    }, RASA_URL);
  }
  await page.goto(DEMO_URL);
  await page.locator(".sr-launcher").waitFor();
  return page;
}

const widget = {
  launcher: (page) => page.locator(".sr-launcher"),
  panel: (page) => page.locator(".sr-panel"),
  input: (page) => page.locator(".sr-input"),
  status: (page) => page.locator(".sr-status"),
  botMessages: (page) => page.locator(".sr-message--bot"),
  userMessages: (page) => page.locator(".sr-message--user"),
  activeChoices: (page) => page.locator('.sr-choice:not([aria-disabled="true"])'),
  card: (page) => page.locator(".sr-card"),
  state: (page) => page.locator(".signaalroute-host").getAttribute("data-state")
};

/** Wait until the bot has answered and stopped sending for a moment. */
async function waitForTurn(page, botCountBefore) {
  const deadline = Date.now() + TURN_TIMEOUT_MS;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const count = await widget.botMessages(page).count();
    const state = await widget.state(page);
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    }
    if (count > botCountBefore && state === "ready" && Date.now() - stableSince > 1000) {
      return count;
    }
    await page.waitForTimeout(150);
  }
  await screenshot(page, "timeout");
  fail(`no answer from the bot within ${TURN_TIMEOUT_MS / 1000} s (state ${await widget.state(page)})`);
}

async function phoneLinkOnCard(page) {
  const links = page.locator('.sr-card a[href^="tel:"]');
  const hrefs = await links.evaluateAll((els) => els.map((a) => a.getAttribute("href")));
  return hrefs.find((href) => href.replace(/[^0-9]/g, "").includes(PLAN.phoneDigits.replace(/^0/, ""))) || null;
}

/** The active choice whose payload carries one of the planned answers, or null. */
async function plannedChoice(page) {
  const payloads = await widget.activeChoices(page).evaluateAll((els) => els.map((b) => b.getAttribute("data-payload")));
  const index = payloads.findIndex((p) => PLAN.answers.some((a) => p.includes(`"${a}"`)));
  return index < 0 ? { payloads } : { index, payload: payloads[index], payloads };
}

/** Deepest focused element, through the widget's shadow root. */
async function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) {
      el = el.shadowRoot.activeElement;
    }
    if (!el) {
      return null;
    }
    const style = getComputedStyle(el);
    return {
      tag: el.tagName,
      className: String(el.className || ""),
      payload: el.getAttribute("data-payload"),
      text: (el.textContent || "").trim(),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    };
  });
}

async function tabTo(page, predicate, what) {
  for (let i = 0; i < 60; i += 1) {
    const el = await focused(page);
    if (el && predicate(el)) {
      return el;
    }
    await page.keyboard.press("Tab");
  }
  fail(`could not reach ${what} with Tab`);
}

/**
 * Answer the bot until a contact card with the planned phone number is shown.
 * mode "mouse" clicks; mode "keyboard" uses only Tab, Enter and Space.
 */
async function completeRoute(page, mode, { stopAfterAnswers = Infinity, onAnswer = null } = {}) {
  const typed = PLAN.typed.slice();
  let answers = 0;
  let useSpace = false;
  for (let turn = 0; turn < 25; turn += 1) {
    const href = await phoneLinkOnCard(page);
    if (href) {
      return { href, answers };
    }
    if (answers >= stopAfterAnswers) {
      return { href: null, answers };
    }
    const before = await widget.botMessages(page).count();
    const { index, payload, payloads } = await plannedChoice(page);
    if (payload === undefined && payloads.length && !typed.length) {
      await screenshot(page, "unexpected-question");
      fail(`none of the planned answers among the buttons: ${payloads.join(" | ")}`);
    }
    if (payload !== undefined) {
      if (mode === "mouse") {
        await widget.activeChoices(page).nth(index).click();
      } else {
        const el = await tabTo(page, (e) => e.payload === payload, `the button ${payload}`);
        if (!el.outline) {
          await screenshot(page, "no-focus-outline");
          fail(`focused button "${el.text}" has no visible focus outline`);
        }
        await page.keyboard.press(useSpace ? "Space" : "Enter");
        useSpace = !useSpace;
      }
    } else {
      const text = typed.shift();
      if (!text) {
        await screenshot(page, "unexpected-question");
        fail("the bot asked for more free text than the plan has");
      }
      if (mode === "mouse") {
        await widget.input(page).click();
        await widget.input(page).fill(text);
        await page.locator(".sr-form button[type=submit]").click();
      } else {
        await tabTo(page, (e) => e.className.includes("sr-input"), "the message field");
        await page.keyboard.type(text);
        await page.keyboard.press("Enter");
      }
    }
    answers += 1;
    if (onAnswer) {
      await onAnswer(answers);
    }
    await waitForTurn(page, before);
  }
  await screenshot(page, "no-card");
  fail("no contact card with the planned phone number after 25 turns");
}

async function openWidgetWithMouse(page) {
  await widget.launcher(page).click();
  await widget.panel(page).waitFor({ state: "visible" });
  await waitForTurn(page, 0);
}

async function runAxe(page, label) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  if (result.length) {
    await screenshot(page, `axe-${label}`);
    fail(`axe (${label}): ${JSON.stringify(result)}`);
  }
}

async function assertNoHorizontalScroll(page, label) {
  const overflow = await page.evaluate(() => {
    const panel = document.querySelector(".signaalroute-host").shadowRoot.querySelector(".sr-panel");
    const r = panel.getBoundingClientRect();
    return {
      pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      panelLeft: r.left,
      panelRight: r.right - window.innerWidth,
      panelTop: r.top,
      panelBottom: r.bottom - window.innerHeight,
      logScroll: (() => {
        const log = panel.querySelector(".sr-log");
        return log.scrollWidth - log.clientWidth;
      })()
    };
  });
  if (overflow.pageScroll > 0 || overflow.panelLeft < 0 || overflow.panelRight > 0 || overflow.logScroll > 0 || overflow.panelTop < 0 || overflow.panelBottom > 0) {
    await screenshot(page, `overflow-${label}`);
    fail(`widget does not fit at ${label}: ${JSON.stringify(overflow)}`);
  }
}


/** Click the active button with this visible label (exact), or fail. */
async function clickChoice(page, title) {
  const before = await widget.botMessages(page).count();
  const button = widget.activeChoices(page).filter({ hasText: title }).first();
  if (!(await button.count())) {
    const titles = await widget.activeChoices(page).allInnerTexts();
    await screenshot(page, "missing-button");
    fail(`no active button "${title}"; buttons: ${titles.join(" | ")}`);
  }
  await button.click();
  await waitForTurn(page, before);
}

/** Type a message and send it with Enter. */
async function typeMessage(page, text) {
  const before = await widget.botMessages(page).count();
  await widget.input(page).fill(text);
  await widget.input(page).press("Enter");
  await waitForTurn(page, before);
}

/** Where the first contact card of the last bot turn sits in the scrolled log (px from its edges). */
async function cardInView(page) {
  return page.evaluate(() => {
    const root = document.querySelector(".signaalroute-host").shadowRoot;
    const log = root.querySelector(".sr-log");
    const messages = Array.from(root.querySelectorAll(".sr-message"));
    let lastUser = -1;
    messages.forEach((m, i) => { if (m.classList.contains("sr-message--user")) lastUser = i; });
    const turn = messages.slice(lastUser + 1);
    const first = turn.map((m) => m.querySelector(".sr-card")).find(Boolean);
    if (!first) {
      return { found: false };
    }
    const l = log.getBoundingClientRect();
    const c = first.getBoundingClientRect();
    return {
      found: true,
      title: first.querySelector(".sr-card__title").textContent,
      top: Math.round(c.top - l.top),
      bottom: Math.round(l.bottom - c.bottom),
      whole: c.top >= l.top - 1 && c.bottom <= l.bottom + 1,
      topVisible: c.top >= l.top - 1 && c.top < l.bottom,
      taller: c.height > l.height
    };
  });
}

async function assertCardInView(page, label) {
  const view = await cardInView(page);
  // A card taller than the chat (narrow screens, zoom) starts at the top of the chat.
  if (!view.found || !(view.whole || (view.taller && view.topVisible && view.top < 40))) {
    await screenshot(page, `card-not-in-view-${label}`);
    fail(`${label}: the contact card is not fully in view: ${JSON.stringify(view)}`);
  }
  return view;
}

/** Open the widget, give the municipality and say there is danger now: the 112 advice. */
async function reach112(page) {
  await openWidgetWithMouse(page);
  await typeMessage(page, "Heerlen");
  await clickChoice(page, "Ja, er is nu gevaar");
}

// ---------------------------------------------------------------- scenarios

const SCENARIOS = {
  /** The doubt route in Den Haag: SHOP's second number is a tel: link on one line, also at 320 px. */
  async "shop-number"(browser) {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: "nl-NL" });
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    await typeMessage(page, "Den Haag");
    await clickChoice(page, "Nee, niet direct");
    await clickChoice(page, "Ik heb alleen een niet-pluisgevoel");
    await page.waitForTimeout(800);
    const view = await assertCardInView(page, "doubt route");
    const link = page.locator('.sr-card a[href="tel:+31614007438"]');
    if (!(await link.count())) {
      await screenshot(page, "no-second-number-link");
      fail("SHOP's second number 06-14007438 is not a tel: link");
    }
    await link.first().scrollIntoViewIfNeeded();
    const lines = await link.first().evaluate((a) => a.getClientRects().length);
    if (lines !== 1) {
      fail(`SHOP's second number wraps over ${lines} lines`);
    }
    const card = await widget.card(page).first().innerText();
    if (/welke hulp het slachtoffer wil:/i.test(card)) {
      fail("the doubt route's card still tells to say which help the victim wants");
    }
    await screenshot(page, "shop-card");
    await runAxe(page, "shop-card");
    await context.close();
    return { card: view.title };
  },

  /** Screenshots of the states issue 10 is about, without asserting (before/after pictures). */
  async tour(browser) {
    for (const [label, viewport] of [["desktop", { width: 1280, height: 800 }], ["375px", { width: 375, height: 700 }]]) {
      const context = await browser.newContext({ viewport, locale: "nl-NL" });
      let page = await openDemo(context);
      await reach112(page);
      await screenshot(page, `${label}-after-112`);
      await page.close();
      page = await openDemo(context);
      await openWidgetWithMouse(page);
      await completeRoute(page, "mouse");
      await page.waitForTimeout(1500);
      await screenshot(page, `${label}-end-of-route`);
      await page.getByRole("button", { name: "Gesprek wissen" }).click();
      await page.waitForTimeout(500);
      await screenshot(page, `${label}-after-clicking-gesprek-wissen`);
      await context.close();
    }
    return {};
  },

  /** 112, then "Geen direct gevaar, ga verder" by the button: the route goes on to a card in view. */
  async "acute-continue"(context) {
    const page = await openDemo(context);
    await reach112(page);
    await page.waitForTimeout(800);
    const view = await assertCardInView(page, "112");
    if (!/112/.test(view.title)) {
      fail(`the card in view after 112 is not the 112 card: ${view.title}`);
    }
    const titles = await widget.activeChoices(page).allInnerTexts();
    for (const wanted of ["Geen direct gevaar, ga verder", "Nieuw signaal"]) {
      if (!titles.includes(wanted)) {
        await screenshot(page, "acute-buttons");
        fail(`after 112 the button "${wanted}" is gone; buttons: ${titles.join(" | ")}`);
      }
    }
    const after112 = await widget.panel(page).locator(".sr-messages").innerText();
    if (/SR-[A-Z0-9]{4}-[A-Z0-9]{2}/.test(after112) || titles.some((t) => /naam en contact/i.test(t))) {
      fail("a reference code or the 'leave your name' offer came right after 112");
    }
    await screenshot(page, "after-112");
    await runAxe(page, "after-112");
    await clickChoice(page, "Geen direct gevaar, ga verder");
    const { href } = await completeRoute(page, "mouse");
    await page.waitForTimeout(800);
    const end = await assertCardInView(page, "end of route");
    await screenshot(page, "end-of-route");
    await runAxe(page, "end-of-route");
    const text = await widget.panel(page).locator(".sr-messages").innerText();
    if (!/referentiecode is SR-[A-Z0-9]{4}-[A-Z0-9]{2}/i.test(text)) {
      fail("no reference code once the route after 112 was done");
    }
    return { href, card: end.title };
  },

  /** 112, then typing "ga verder": the route goes on (it does not end the chat). */
  async "acute-typed"(context) {
    const page = await openDemo(context);
    await reach112(page);
    await typeMessage(page, "ga verder");
    const last = await widget.botMessages(page).last().innerText();
    const titles = await widget.activeChoices(page).allInnerTexts();
    await screenshot(page, "typed-ga-verder");
    if (!titles.some((t) => /persoon/i.test(t))) {
      fail(`typing "ga verder" did not continue the route: "${last}" / ${titles.join(" | ")}`);
    }
    return { titles };
  },

  /** "Gesprek wissen" asks first; "Nee" keeps everything, "Ja" clears. By keyboard too. */
  async "clear-confirm"(context) {
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    const { href } = await completeRoute(page, "mouse");
    const before = await widget.panel(page).locator(".sr-messages").innerText();
    await page.getByRole("button", { name: "Gesprek wissen" }).click();
    const dialog = widget.panel(page).locator(".sr-confirm");
    await dialog.waitFor({ state: "visible" });
    const question = await dialog.innerText();
    if (!/SR-[A-Z0-9]{4}-[A-Z0-9]{2}/.test(question)) {
      fail(`the question does not name the reference code: "${question}"`);
    }
    await screenshot(page, "confirm");
    await runAxe(page, "confirm");
    const el = await focused(page);
    if (!el || el.tag !== "BUTTON") {
      fail("focus did not move into the question");
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    if (!(await widget.panel(page).isVisible())) {
      fail("Escape in the question closed the chat");
    }
    if ((await widget.panel(page).locator(".sr-messages").innerText()) !== before) {
      fail("cancelling still changed the conversation");
    }
    const back = await focused(page);
    if (!back || !/sr-clear/.test(back.className)) {
      fail("after cancelling, focus is not back on 'Gesprek wissen'");
    }
    await page.getByRole("button", { name: "Gesprek wissen" }).click();
    await dialog.getByRole("button", { name: /Nee/ }).click();
    if ((await widget.panel(page).locator(".sr-messages").innerText()) !== before) {
      fail("'Nee' still changed the conversation");
    }
    await page.getByRole("button", { name: "Gesprek wissen" }).click();
    await dialog.getByRole("button", { name: /Ja/ }).click();
    await page.waitForFunction(() => {
      const root = document.querySelector(".signaalroute-host").shadowRoot;
      return root.querySelectorAll(".sr-message--user").length === 0 && !root.querySelector(".sr-card");
    });
    await waitForTurn(page, 0);
    await screenshot(page, "cleared");
    return { href };
  },
  /** Mouse: buttons and one typed answer to the NLA card with a tel: link. */
  async "route-mouse"(context) {
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    await screenshot(page, "open");
    const { href } = await completeRoute(page, "mouse");
    await page.waitForTimeout(800);
    // The widget itself keeps the contact card in view at the end of the route.
    const view = await assertCardInView(page, "end of route");
    await screenshot(page, "contact-card");
    return { href, card: view.title };
  },

  /** The conversation survives a reload and continues; "Gesprek wissen" forgets it. */
  async "reload-clear"(context) {
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    await completeRoute(page, "mouse", { stopAfterAnswers: 2 });
    const botBefore = await widget.botMessages(page).count();
    const userBefore = await widget.userMessages(page).count();
    const textBefore = await widget.panel(page).locator(".sr-messages").innerText();
    const sessionBefore = await page.evaluate(() => Object.keys(sessionStorage).map((k) => JSON.parse(sessionStorage.getItem(k)).sessionId)[0]);

    await page.reload();
    await widget.panel(page).waitFor({ state: "visible" });
    if ((await widget.botMessages(page).count()) !== botBefore || (await widget.userMessages(page).count()) !== userBefore) {
      fail("the conversation was not restored after reload");
    }
    if ((await widget.panel(page).locator(".sr-messages").innerText()) !== textBefore) {
      fail("restored conversation differs from before the reload");
    }
    await screenshot(page, "after-reload");
    const { href } = await completeRoute(page, "mouse");

    await page.getByRole("button", { name: "Gesprek wissen" }).click();
    await page.getByRole("button", { name: "Ja, wis het gesprek" }).click();
    await page.waitForFunction(() => {
      const root = document.querySelector(".signaalroute-host").shadowRoot;
      return root.querySelectorAll(".sr-message--user").length === 0 && !root.querySelector(".sr-card");
    });
    const status = await widget.status(page).innerText();
    if (!/gewist/.test(status)) {
      fail(`no confirmation after clearing, status: "${status}"`);
    }
    const el = await focused(page);
    if (!el || !el.className.includes("sr-input")) {
      fail("focus is not in the message field after clearing");
    }
    const sessionAfter = await page.evaluate(() => Object.keys(sessionStorage).map((k) => JSON.parse(sessionStorage.getItem(k)).sessionId)[0]);
    if (!sessionAfter || sessionAfter === sessionBefore) {
      fail("clearing did not start a new session id");
    }
    await waitForTurn(page, 0);
    await screenshot(page, "after-clear");

    // Text is never HTML: markup typed by the user shows up literally.
    const markup = '<img src="x" onerror="window.__srInjected=1"><b>vet</b>';
    await widget.input(page).fill(markup);
    await widget.input(page).press("Enter");
    await page.waitForTimeout(500);
    const last = await widget.userMessages(page).last().innerText();
    const injected = await page.evaluate(() => Boolean(window.__srInjected) || document.querySelector(".signaalroute-host").shadowRoot.querySelectorAll(".sr-messages img, .sr-messages b").length > 0);
    if (injected || !last.includes(markup)) {
      fail("user text was rendered as HTML");
    }
    await page.reload();
    await widget.panel(page).waitFor({ state: "visible" });
    if (await widget.userMessages(page).count() !== 1) {
      fail("the cleared conversation came back after a reload");
    }
    return { href, sessionChanged: true };
  },

  /** The same route with Tab, Enter and Space only. */
  async "route-keyboard"(context) {
    const page = await openDemo(context);
    await tabTo(page, (e) => e.className.includes("sr-launcher"), "the chat button");
    await page.keyboard.press("Enter");
    await widget.panel(page).waitFor({ state: "visible" });
    const first = await focused(page);
    if (!first || !first.className.includes("sr-input")) {
      fail("opening the chat did not put focus in the message field");
    }
    await waitForTurn(page, 0);
    const afterGreeting = await focused(page);
    if (!afterGreeting.className.includes("sr-input")) {
      fail("a new bot message took focus away from the message field");
    }
    await screenshot(page, "open");
    const { href } = await completeRoute(page, "keyboard", {
      onAnswer: async () => {
        await page.waitForTimeout(50);
      }
    });
    const el = await focused(page);
    if (!el || el.tag === "BODY") {
      fail("focus was lost after the last answer");
    }
    // The phone link on the card can be reached and has a visible focus.
    const link = await tabTo(page, (e) => e.tag === "A" && e.className.includes("sr-card__phone"), "the phone link");
    if (!link.outline) {
      fail("the phone link has no visible focus");
    }
    await screenshot(page, "phone-link-focused");
    // Escape closes the chat and returns focus to the chat button.
    await page.keyboard.press("Escape");
    const back = await focused(page);
    if (!back.className.includes("sr-launcher")) {
      fail("Escape did not return focus to the chat button");
    }
    return { href };
  },

  /** axe-core: WCAG 2.1 A/AA, with the chat open and with a contact card. */
  async axe(context) {
    const page = await openDemo(context);
    await runAxe(page, "closed");
    await openWidgetWithMouse(page);
    await runAxe(page, "open");
    await completeRoute(page, "mouse");
    await runAxe(page, "contact-card");
    await screenshot(page, "contact-card");
    return { violations: 0 };
  },

  /** The Rasa server restarts mid-conversation; the widget says so and continues. */
  async restart(context) {
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    await completeRoute(page, "mouse", { stopAfterAnswers: 2 });
    await page.evaluate(() => {
      const status = document.querySelector(".signaalroute-host").shadowRoot.querySelector(".sr-status");
      window.__srStatusLog = [];
      new MutationObserver(() => window.__srStatusLog.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });
    const messagesBefore = await widget.panel(page).locator(".sr-messages").innerText();
    process.stdout.write("RESTART_NOW\n");
    await waitForLine();
    await page.waitForFunction(() => window.__srStatusLog.some((t) => /verbinding is terug/i.test(t)), null, { timeout: 120000 });
    const log = await page.evaluate(() => window.__srStatusLog);
    if (!log.some((t) => /verbinding is weg/i.test(t))) {
      fail(`the user was not told that the connection was lost: ${JSON.stringify(log)}`);
    }
    if (!(await widget.panel(page).locator(".sr-messages").innerText()).startsWith(messagesBefore)) {
      fail("messages were lost during the restart");
    }
    await screenshot(page, "reconnected");
    const { href } = await completeRoute(page, "mouse");
    const userTexts = await widget.userMessages(page).allInnerTexts();
    return { href, statusLog: log, userMessages: userTexts.length };
  },

  /** 320 px wide and 200 % zoom (a 1280x720 screen shows 640x360 CSS pixels). */
  async zoom(browser) {
    const results = {};
    for (const [label, viewport] of [["320px", { width: 320, height: 640 }], ["zoom-200", { width: 640, height: 360 }]]) {
      const context = await browser.newContext({ viewport, locale: "nl-NL" });
      const page = await openDemo(context);
      await openWidgetWithMouse(page);
      await assertNoHorizontalScroll(page, label);
      for (const name of ["Gesprek wissen", "Sluiten", "Verstuur"]) {
        const button = page.getByRole("button", { name, exact: true });
        if (!(await button.isVisible())) {
          fail(`button "${name}" not visible at ${label}`);
        }
      }
      await screenshot(page, `${label}-open`);
      const { href } = await completeRoute(page, "mouse");
      await assertNoHorizontalScroll(page, `${label} with card`);
      await widget.card(page).last().scrollIntoViewIfNeeded();
      await screenshot(page, `${label}-card`);
      await page.getByRole("button", { name: "Sluiten", exact: true }).click();
      if (!(await widget.launcher(page).isVisible())) {
        fail(`chat button not visible after closing at ${label}`);
      }
      results[label] = href;
      await context.close();
    }
    return results;
  },

  /** Without socket.io the widget uses Rasa's REST webhook. */
  async "rest-fallback"(context) {
    await context.route("**/vendor/socket.io/**", (route) => route.abort());
    const page = await openDemo(context);
    await openWidgetWithMouse(page);
    const transport = await page.locator(".signaalroute-host").getAttribute("data-transport");
    if (transport !== "rest") {
      fail(`expected the REST transport, got ${transport}`);
    }
    const { href } = await completeRoute(page, "mouse");
    const cards = await widget.card(page).count();
    await screenshot(page, "contact-card");
    return { href, transport, cards };
  }
};

function waitForLine(timeoutMs = 300000) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin });
    const timer = setTimeout(() => {
      rl.close();
      reject(new Error("no answer on stdin after RESTART_NOW"));
    }, timeoutMs);
    rl.once("line", () => {
      clearTimeout(timer);
      rl.close();
      resolve();
    });
  });
}

async function main() {
  if (!SCENARIOS[SCENARIO]) {
    fail(`unknown SCENARIO ${SCENARIO}; one of ${Object.keys(SCENARIOS).join(", ")}`);
  }
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    let result;
    if (["zoom", "tour", "shop-number"].includes(SCENARIO)) {
      result = await SCENARIOS[SCENARIO](browser);
    } else {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "nl-NL" });
      result = await SCENARIOS[SCENARIO](context);
    }
    process.stdout.write(JSON.stringify({ ok: true, scenario: SCENARIO, ...result }) + "\n");
  } finally {
    await browser.close();
  }
}

main().then(
  // stdin may still be open (restart scenario); do not wait for it.
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${SCENARIO}: ${err.stack || err.message}\n`);
    process.exit(1);
  }
);
