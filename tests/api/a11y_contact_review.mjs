// Signs in as a regio-coordinator and runs axe-core (WCAG 2.1 A/AA) on the pages where a contact is
// checked or corrected: the region's route map with its review links, the contact page, its error
// state and the page after a proposal. Usage: node a11y_contact_review.mjs <baseUrl> <user> <password> <mapId> <contactId> <artifactDir>
// Prints a JSON report; exits 1 when anything fails.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const [baseUrl, username, password, mapId, contactId, artifactDir] = process.argv.slice(2);
const axePath = require.resolve("axe-core/axe.min.js", { paths: [process.cwd()] });
fs.mkdirSync(artifactDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
});
const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const report = { pages: [], failures: [] };

async function audit(name, prepare) {
  if (prepare) await prepare();
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const violations = result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  await page.screenshot({ path: path.join(artifactDir, `contact-review-${name}.png`), fullPage: true });
  report.pages.push({ name, url: page.url(), violations });
  if (violations.length) report.failures.push(`${name}: ${violations.map((v) => v.id).join(", ")}`);
}

await page.goto(baseUrl + "/inloggen");
await page.fill("#veld-username", username);
await page.fill("#veld-password", password);
await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
const contactUrl = `${baseUrl}/routekaart-contacten/${mapId}?contact=${encodeURIComponent(contactId)}`;
await audit("routekaart", async () => { await page.goto(`${baseUrl}/routekaarten/${mapId}`); });
report.reviewLinks = await page.evaluate(() => [...document.querySelectorAll("a[href^='/routekaart-contacten/']")].length);
if (!report.reviewLinks) report.failures.push("routekaart: no 'Controleren of verbeteren' link for the coordinator");
await audit("routekaarten", async () => { await page.goto(`${baseUrl}/routekaarten`); });
await audit("contact", async () => { await page.goto(contactUrl); });
await audit("contact-fout", async () => {
  await page.goto(contactUrl);
  await Promise.all([page.waitForNavigation(), page.click("text=Verbetering voorstellen")]);
});
await audit("contact-voorgesteld", async () => {
  await page.goto(contactUrl);
  await page.fill("#veld-url", "https://voorbeeld.nl/mensenhandel");
  await page.fill("#veld-source", "https://voorbeeld.nl/mensenhandel");
  await Promise.all([page.waitForNavigation(), page.click("text=Verbetering voorstellen")]);
});
if (!(await page.content()).includes("beoordeelt")) report.failures.push("the proposal was not stored");
await browser.close();
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length ? 1 : 0);
