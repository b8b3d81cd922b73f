// The officer's work in a real Chromium against the running workspace (issue 10, items 6–12):
// search by reference code, acute first, next-step preselection, deleting reporter data after a
// confirmation, a "Liever niet zeggen" consultation for the right coordinator, the list at 375 px.
// axe-core (WCAG 2.1 A/AA) runs on every page and state visited; screenshots go to <artifactDir>.
// Usage: node workspace_flows.mjs <config.json>   (written by tests/api/test_api_browser_flows.py)
// Prints a JSON report; exits 1 when anything fails.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { baseUrl, password, artifactDir, phase } = config;
const axePath = require.resolve("axe-core/axe.min.js", { paths: [process.cwd()] });
fs.mkdirSync(artifactDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
});
const report = { checks: [], axe: [], failures: [] };
let context;
let page;

async function newBrowser(width = 1280, height = 900) {
  if (context) await context.close();
  // The workspace's CSP forbids injected scripts; axe is a test tool, so the test context bypasses it.
  context = await browser.newContext({ bypassCSP: true, viewport: { width, height } });
  page = await context.newPage();
}

function check(name, ok, detail = "") {
  report.checks.push({ name, ok, detail });
  if (!ok) report.failures.push(`${name}${detail ? ": " + detail : ""}`);
}

async function axe(name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const violations = result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  report.axe.push({ name, url: page.url(), violations: violations.length });
  if (violations.length) report.failures.push(`axe ${name}: ${JSON.stringify(violations)}`);
  await page.screenshot({ path: path.join(artifactDir, `${phase}-${name}.png`), fullPage: true });
}

async function signIn(username) {
  await page.goto(baseUrl + "/inloggen");
  await page.fill("#veld-username", username);
  await page.fill("#veld-password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
}

const text = async (selector) => (await page.locator(selector).first().innerText()).replace(/\s+/g, " ").trim();

if (config.search) {
  // Only the search and one consultation: used after a real chat (tests/e2e).
  await newBrowser();
  await signIn(config.search.officer);
  await page.goto(baseUrl + "/consultaties");
  const rows = await page.locator(".sr-list__row").count();
  check("one consultation for one signal", rows === 1, `${rows} rows`);
  await page.fill("#veld-code", config.search.code.toLowerCase());
  await Promise.all([page.waitForNavigation(), page.click("text=Zoeken")]);
  const body = await text("main");
  check("search by code opens the consultation", /\/consultaties\/\d+/.test(page.url()), page.url());
  for (const wanted of config.search.expect) check(`consultation shows "${wanted}"`, body.includes(wanted), body.slice(0, 300));
  await axe("chat-consultatie");
} else {
  const c = config.consultations;
  await newBrowser();
  await signIn("anna");

  // The list: acute and open first, highlighted, with the age of unhandled signals; plain Dutch.
  await page.goto(baseUrl + "/consultaties");
  await axe("lijst");
  const first = await text(".sr-list__row");
  check("acute consultation comes first", first.includes(`Consultatie ${c.acute}`), first);
  check("acute row is highlighted", await page.locator(".sr-list__row").first().evaluate(
    (row) => row.classList.contains("sr-list__row--acute") && getComputedStyle(row).backgroundColor !== "rgba(0, 0, 0, 0)"));
  const list = await text("main");
  check("age of an unhandled signal is shown", /Wacht al \d+ dagen/.test(list), list.slice(0, 400));
  check("outcome in words", list.includes("Advies: Nederlandse Arbeidsinspectie, Veilig Thuis Zuid-Limburg"));
  check("no internal codes in the list", !/persoon\.arbeid|GM0\d{3}|socketio/.test(list));

  // Search by reference code (typed as read over the phone) and a code that is not ours.
  await page.fill("#veld-code", c.calmCode.toLowerCase().replace(/-/g, " "));
  await Promise.all([page.waitForNavigation(), page.click("text=Zoeken")]);
  check("search by code finds the consultation", page.url().includes(`/consultaties/${c.calm}?`), page.url());
  check("found notice shown", (await text("main")).includes("Gevonden met de referentiecode"));
  await axe("zoeken-gevonden");
  await page.goto(baseUrl + "/consultaties");
  await page.fill("#veld-code", c.otherCode);
  await Promise.all([page.waitForNavigation(), page.click("text=Zoeken")]);
  check("another municipality's code is not found", (await text("main")).includes("Geen consultatie gevonden met die code"));
  await axe("zoeken-niet-gevonden");

  // The step form guides: a visible select arrow, the next step pre-selected, enrichment as step 3.
  await page.goto(baseUrl + `/consultaties/${c.calm}`);
  await axe("consultatie");
  const detail = await text("main");
  check("detail in plain Dutch", detail.includes("Chatvenster op het intranet") && detail.includes("Vorm van uitbuiting: arbeidsuitbuiting")
        && !/persoon\.arbeid|socketio|form:/.test(detail), detail.slice(0, 600));
  check("select shows an arrow", await page.locator("#veld-step").evaluate((el) => getComputedStyle(el).backgroundImage.includes("svg")));
  check("next step pre-selected: stap 3", (await page.inputValue("#veld-step")) === "vastgelegd");
  check("one line says what to do next", detail.includes("Volgende stap (stap 3 van het stappenplan)"));
  const order = await page.evaluate(() => ["kop-kenmerken", "kop-stappen", "kop-bericht"].map((id) => document.getElementById(id).getBoundingClientRect().top));
  check("enrichment comes before the step form and the message", order[0] < order[1] && order[1] < order[2], JSON.stringify(order));
  await page.selectOption("#veld-step", "teruggekoppeld");
  await Promise.all([page.waitForNavigation(), page.click("text=Stap opslaan")]);
  check("after saving 'Teruggekoppeld' the form offers 'Afgesloten'", (await page.inputValue("#veld-step")) === "afgesloten",
        await page.inputValue("#veld-step"));
  await axe("consultatie-na-stap");

  // Deleting the reporter's details: confirm first, then say truthfully what was deleted.
  await page.goto(baseUrl + `/consultaties/${c.withContact}`);
  await page.click("text=Gegevens van de melder verwijderen");
  await page.waitForLoadState();
  check("deleting asks for confirmation", (await text("main")).includes("Weet je het zeker?"));
  await axe("melder-verwijderen-bevestigen");
  await page.click("text=Nee, niet verwijderen");
  await page.waitForLoadState();
  check("cancel keeps the details", (await text("main")).includes("Toon de gegevens van de melder"));
  await page.click("text=Gegevens van de melder verwijderen");
  await page.waitForLoadState();
  await Promise.all([page.waitForNavigation(), page.click("text=Ja, verwijder de gegevens van de melder")]);
  const after = await text("main");
  check("says what was deleted", after.includes("De naam en de contactgegevens van de melder zijn verwijderd"), after.slice(0, 300));
  check("names the consultation it belongs to", after.includes(`Consultatie ${c.withContact}`));
  check("no untrue 'left no details'", !after.includes("heeft geen gegevens achtergelaten"));
  await axe("melder-verwijderd");

  // 375 px: cards, no sideways scrolling, the first card (with its status) on the first screen.
  await newBrowser(375, 740);
  await signIn("anna");
  await page.goto(baseUrl + "/consultaties");
  const narrow = await page.evaluate(() => {
    const card = document.querySelector(".sr-list__row");
    const status = card.querySelector("[data-label=Status]").getBoundingClientRect();
    return { scrollWidth: document.documentElement.scrollWidth, display: getComputedStyle(card).display,
             cardTop: card.getBoundingClientRect().top, statusRight: status.right, statusTop: status.top };
  });
  check("375 px: rows are cards", narrow.display === "block", JSON.stringify(narrow));
  check("375 px: no sideways scrolling", narrow.scrollWidth <= 375, JSON.stringify(narrow));
  check("375 px: first card and its status on the first screen", narrow.statusTop < 740 && narrow.statusRight <= 375, JSON.stringify(narrow));
  await page.screenshot({ path: path.join(artifactDir, `${phase}-lijst-375-eerste-scherm.png`) });
  await axe("lijst-375");
  await page.goto(baseUrl + `/consultaties/${c.acute}`);
  await axe("consultatie-375");

  // "Liever niet zeggen": the coordinator of the map's region sees it; the national one goes to "nationaal".
  await newBrowser();
  await signIn("carla");
  await page.goto(baseUrl + "/consultaties");
  const listed = async (id) => await page.locator(`.sr-list a[href="/consultaties/${id}"]`).count();
  check("region coordinator sees the consultation without municipality", (await listed(c.privateRegional)) === 1);
  check("region coordinator does not see the national one", (await listed(c.privateNational)) === 0);
  check("region coordinator does not see municipal consultations", (await listed(c.calm)) === 0);
  await axe("coordinator-lijst");
  await page.goto(baseUrl + `/consultaties/${c.privateRegional}`);
  check("coordinator reads it: 'Niet genoemd (liever niet zeggen)'", (await text("main")).includes("Niet genoemd (liever niet zeggen)"));
  await axe("coordinator-consultatie");
  await newBrowser();
  await signIn("nora");
  await page.goto(baseUrl + "/consultaties");
  check("national coordinator sees the national one",
        (await page.locator(`.sr-list a[href="/consultaties/${c.privateNational}"]`).count()) === 1);
  await page.goto(baseUrl + "/cijfers");
  const figures = await text("main");
  check("figures in words", !/\d{4}-\d{2}|GM0\d{3}|persoon\.arbeid/.test(figures), figures.slice(0, 400));
  await axe("cijfers");
}

await browser.close();
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length ? 1 : 0);
