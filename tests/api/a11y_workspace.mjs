// Signs in to the running workspace, runs axe-core (WCAG 2.1 A/AA) on every page and checks
// keyboard navigation. Usage: node a11y_workspace.mjs <baseUrl> <user> <password> <consultationId> <artifactDir> [<mapId,mapId,...>]
// Prints a JSON report; exits 1 when anything fails.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const [baseUrl, username, password, consultationId, artifactDir, mapIds = ""] = process.argv.slice(2);
const axePath = require.resolve("axe-core/axe.min.js", { paths: [process.cwd()] });
fs.mkdirSync(artifactDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
});
// The workspace's CSP forbids injected scripts; axe is a test tool, so the test context bypasses it.
const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const report = { pages: [], keyboard: [], failures: [] };

async function audit(name, url, prepare) {
  await page.goto(baseUrl + url);
  if (prepare) await prepare();
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  await page.screenshot({ path: path.join(artifactDir, `workspace-${name}.png`), fullPage: true });
  report.pages.push({ name, url, violations, passes: result.passes.length });
  if (violations.length) report.failures.push(`${name}: ${violations.map((v) => v.id).join(", ")}`);
}

async function focused() {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
      id: el.id,
      visible: style.outlineStyle !== "none" && style.outlineWidth !== "0px" || style.boxShadow !== "none",
    };
  });
}

async function tabUntil(name, wanted, maxTabs = 40) {
  const seen = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    const f = await focused();
    seen.push(f);
    if (!f.visible) report.failures.push(`${name}: focus not visible on ${f.tag} "${f.text}"`);
    if (wanted.every((w) => seen.some((s) => s.text.includes(w) || s.id === w))) {
      report.keyboard.push({ name, reached: wanted, tabs: i + 1 });
      return;
    }
  }
  report.failures.push(`${name}: Tab did not reach ${wanted.filter((w) => !seen.some((s) => s.text.includes(w) || s.id === w)).join(", ")}`);
}

await audit("inloggen", "/inloggen");
await audit("inloggen-fout", "/inloggen", async () => {
  await page.click("button[type=submit]");
  await page.waitForLoadState();
});

// Sign in with the keyboard only.
await page.goto(baseUrl + "/inloggen");
await page.keyboard.press("Tab");
const skip = await focused();
if (!skip.text.includes("inhoud")) report.failures.push(`first Tab should reach the skip link, got "${skip.text}"`);
await tabUntil("inloggen", ["veld-username"]);
await page.keyboard.type(username);
await page.keyboard.press("Tab");
await page.keyboard.type(password);
await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
if (!page.url().includes("/consultaties")) report.failures.push(`keyboard sign-in failed, at ${page.url()}`);

await audit("consultaties", "/consultaties");
await audit("consultaties-fout", "/consultaties?van=gisteren");
await audit("consultatie", `/consultaties/${consultationId}`);
await audit("consultatie-melder", `/consultaties/${consultationId}?melder=tonen`);
await audit("consultatie-melder-verwijderen", `/consultaties/${consultationId}?melder=verwijderen`);
await audit("consultaties-zoeken-fout", "/consultaties?code=SR-7K3Q-9F");
await audit("consultatie-fout", `/consultaties/${consultationId}`, async () => {
  await page.selectOption("#veld-step", "doorgestuurd");
  await Promise.all([page.waitForNavigation(), page.click("text=Stap opslaan")]);
});
await audit("cijfers", "/cijfers");
await audit("logboek", "/logboek");
await audit("niet-gevonden", "/bestaat-niet");
await audit("routekaarten", "/routekaarten");
const staleRows = await page.evaluate(() => document.querySelectorAll("table[aria-labelledby=verouderd-titel] tbody tr").length);
report.staleRows = staleRows;
// Every region's route map: the flowchart must load (drawn by Graphviz) and the page must pass axe.
for (const mapId of mapIds.split(",").filter(Boolean)) {
  await audit(`routekaart-${mapId}`, `/routekaarten/${mapId}`);
  const drawn = await page.evaluate(() => {
    const img = document.querySelector(".sr-flowchart__img");
    return img ? img.complete && img.naturalWidth > 0 : false;
  });
  const listed = await page.evaluate(() => document.querySelectorAll(".sr-route-list li").length);
  report.maps = [...(report.maps || []), { mapId, drawn, listed }];
  if (!drawn) report.failures.push(`routekaart-${mapId}: the flowchart did not load`);
  if (listed < 10) report.failures.push(`routekaart-${mapId}: the text alternative lists only ${listed} items`);
}
if (mapIds) {
  // The printed card: A4 landscape from the print stylesheet, the chart on the first page.
  const first = mapIds.split(",")[0];
  await page.goto(`${baseUrl}/routekaarten/${first}`);
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: path.join(artifactDir, `routekaart-${first}.pdf`), preferCSSPageSize: true, printBackground: true });
  const headerShown = await page.evaluate(() => getComputedStyle(document.querySelector(".sr-header")).display !== "none");
  if (headerShown) report.failures.push("print: the workspace header is printed on the route map");
  await page.emulateMedia({ media: "screen" });
}

await page.goto(baseUrl + "/consultaties");
await tabUntil("consultaties", ["Consultaties", "Cijfers", "Uitloggen", "veld-code", "Zoeken", "Filteren", `Consultatie ${consultationId}`]);
// The filters fold open with the keyboard (Enter on "Filteren").
await page.goto(baseUrl + "/consultaties");
await page.focus("summary");
await page.keyboard.press("Enter");
await tabUntil("filters", ["veld-status", "Filter toepassen"]);
await page.goto(baseUrl + `/consultaties/${consultationId}`);
await tabUntil("consultatie", ["veld-step", "veld-partner", "veld-note", "Stap opslaan", "veld-message", "Bericht opslaan", "veld-value", "Kenmerk toevoegen"], 60);
await page.goto(baseUrl + "/consultaties");
await page.keyboard.press("Tab");
await page.keyboard.press("Enter");
const afterSkip = await page.evaluate(() => document.activeElement.id);
if (afterSkip !== "inhoud") report.failures.push(`skip link should move focus to main, got "${afterSkip}"`);

await browser.close();
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length ? 1 : 0);
