// End-to-end tests of a built site in a real browser (Debian's Chromium through playwright-core).
//
//   node tests/browser/e2e.mjs SITE_DIR SCREENSHOT_DIR
//
// The site is opened twice: from file:// and from a local HTTP server that hosts it under a
// sub-path (/intranet/strategy/), as an intranet web server would. In each, a reader's path is
// clicked through — home → bet → key result → initiative → person — and the search is used. Every
// page of the site is then loaded from file:// and checked by axe-core against WCAG 2.1 A and AA.
// Any console error, uncaught exception, failed request or request leaving the site fails the run.
// A screenshot of each kind of page is saved into SCREENSHOT_DIR (desktop, phone and dark).
//
// Exit code 0 when everything passed; 1 with a list of failures otherwise.

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFile, readdir, stat, mkdir } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SUB_PATH = "/intranet/strategy/";

const [siteArg, shotsArg] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error("usage: node e2e.mjs SITE_DIR SCREENSHOT_DIR");
  process.exit(2);
}
const SITE = resolve(siteArg);
const SHOTS = resolve(shotsArg);

const failures = [];
function fail(message) {
  failures.push(message);
  console.error(`FAIL ${message}`);
}

// ---- the site on a local web server, under a sub-path ----------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
  ".png": "image/png",
};

function serve(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end("outside the site");
      return;
    }
    let file = resolve(root, "." + sep + path.slice(SUB_PATH.length));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// ---- watching a page for what a reader would never see --------------------------------------

/// Records console errors, page errors, failed requests and any request outside `base`.
function watch(context, base, label) {
  context.on("page", (page) => guard(page, base, label));
  return context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url === "about:blank") {
      return route.continue();
    }
    fail(`${label}: request leaving the site: ${url}`);
    return route.abort();
  });
}

function guard(page, base, label) {
  page.on("console", (msg) => {
    if (msg.type() === "error") fail(`${label}: console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => fail(`${label}: uncaught exception on ${page.url()}: ${err.message}`));
  page.on("requestfailed", (req) => {
    // Requests we aborted ourselves are reported by the route handler already. A browser
    // abandons a page's icon when the next page is opened at once (a missing one fails otherwise).
    const abandonedIcon = req.url().endsWith("/favicon.svg") && req.failure()?.errorText === "net::ERR_ABORTED";
    if (req.url().startsWith(base) && !abandonedIcon) {
      fail(`${label}: request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on("response", (res) => {
    if (res.status() >= 400) fail(`${label}: HTTP ${res.status()} for ${res.url()}`);
  });
}

// ---- the reader's path ----------------------------------------------------------------------

const PATH_STEPS = [
  { kind: "bet", link: 'main a[href*="bets/"]', folder: "/bets/" },
  { kind: "key result", link: 'main a[href*="krs/"]', folder: "/krs/" },
  { kind: "initiative", link: 'main a[href*="initiatives/"]', folder: "/initiatives/" },
  { kind: "person", link: 'main a[href*="people/"]', folder: "/people/" },
];

async function readerPath(browser, base, label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await watch(context, base, label);
  const page = await context.newPage();
  await page.goto(base + "index.html");
  await expectHeading(page, label, "home");

  // At each step follow the first link that leads on: a bet without key results is a dead end
  // for this path, not a failure.
  for (const [n, step] of PATH_STEPS.entries()) {
    const next = PATH_STEPS[n + 1];
    const from = page.url();
    const count = await page.locator(step.link).count();
    let arrived = false;
    for (let i = 0; i < count && !arrived; i++) {
      if (i > 0) await page.goto(from);
      const link = page.locator(step.link).nth(i);
      await Promise.all([page.waitForURL((u) => u.pathname.includes(step.folder)), link.click()]);
      arrived = !next || (await page.locator(next.link).count()) > 0;
    }
    if (!arrived) {
      fail(`${label}: no ${step.kind} reachable from ${from}`);
      break;
    }
    if (!page.url().startsWith(base)) fail(`${label}: ${step.kind} link left the site: ${page.url()}`);
    await expectHeading(page, label, step.kind);
  }

  // The header search: type, see results, follow the first one.
  await page.goto(base + "index.html");
  const input = page.locator("form.search input");
  const query = await firstInitiativeTitle(page);
  await input.fill(query);
  const results = page.locator("#search-results a");
  await results.first().waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  const hits = await results.count();
  if (hits === 0) {
    fail(`${label}: searching for "${query}" in the header shows no results`);
  } else {
    await Promise.all([page.waitForURL((u) => u.pathname.includes("/initiatives/")), results.first().click()]);
    const h1 = await page.locator("h1").first().innerText();
    if (!h1.includes(query)) fail(`${label}: search result for "${query}" led to "${h1}"`);
  }
  // Enter in the header search goes to the best hit.
  await page.goto(base + "index.html");
  await page.locator("form.search input").fill(query);
  await Promise.all([page.waitForURL((u) => u.pathname.includes("/initiatives/")), page.keyboard.press("Enter")]);

  // The search page, with the query in its address (as the header form submits it without script).
  await page.goto(base + "search.html?q=" + encodeURIComponent(query));
  const listed = await page.locator("#search-page-results a").count();
  if (listed === 0) fail(`${label}: search.html?q=${query} lists nothing`);
  await page.goto(base + "search.html?q=" + encodeURIComponent("no such thing at all zzz"));
  if ((await page.locator("#search-page-results a").count()) !== 0) {
    fail(`${label}: a search for nonsense found something`);
  }
  await context.close();
  console.log(`ok ${label}: home → bet → key result → initiative → person, and search`);
}

async function expectHeading(page, label, kind) {
  const h1 = page.locator("main h1");
  if ((await h1.count()) === 0) fail(`${label}: the ${kind} page ${page.url()} has no heading`);
}

async function firstInitiativeTitle(page) {
  // The title of an initiative as the site shows it on its own page: read it from the strategy map.
  const url = page.url();
  await page.goto(new URL("strategy.html", url).href);
  const href = await page.locator('main a[href*="initiatives/"]').first().getAttribute("href");
  await page.goto(new URL(href, page.url()).href);
  // The heading's own text, without the status badge inside it.
  const title = await page.locator("main h1").first().evaluate((h) => h.firstChild.textContent.trim());
  await page.goto(url);
  return title;
}

// ---- every page: axe-core, and a screenshot of each kind ------------------------------------

async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Archived reports are earlier builds of the same pages: the Nu checker and lychee read them.
    if (entry.isDirectory() && !(dir === SITE && entry.name === "archive")) out.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith(".html")) out.push(path);
  }
  return out.sort();
}

/// Pages a reviewer looks at by name, read from the site's own snapshot.json: the initiative whose
/// forecast is most spread (P50 to P85), a maintain key result, and a key result whose target moved.
async function namedPages() {
  const snapshot = JSON.parse(await readFile(join(SITE, "data/snapshot.json"), "utf8"));
  const slug = (id) => id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const days = (i) => (new Date(i.p85) - new Date(i.p50)) / 86400000;
  const spread = snapshot.initiatives.filter((i) => i.p50 && i.p85).sort((a, b) => days(b) - days(a))[0];
  const maintain = snapshot.krs.find((k) => k.direction);
  const moved = snapshot.changes?.targets_moved?.[0];
  const named = new Map();
  if (spread) named.set(`initiatives/${slug(spread.id)}.html`, "initiative-wide-spread");
  if (maintain) named.set(`krs/${slug(maintain.id)}.html`, "kr-maintain");
  if (moved) named.set(`krs/${slug(moved.id)}.html`, "kr-target-moved");
  return named;
}

/// The kind of a page, from where it sits: one screenshot per kind.
function kindOf(rel) {
  const parts = rel.split("/");
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.html$/, "");
}

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Runs axe-core on the loaded page; returns the number of violations, each reported.
async function axe(page, rel, axeSource, scheme) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    // No preload: axe would fetch the stylesheets itself, which file:// refuses to a script.
    (tags) => window.axe.run(document, { preload: false, runOnly: { type: "tag", values: tags } }),
    WCAG_AA,
  );
  for (const v of result.violations) {
    const where = v.nodes
      .slice(0, 3)
      .map((n) => `${n.target.join(" ")} (${n.any.concat(n.all, n.none).map((c) => c.message).join("; ")})`)
      .join(" | ");
    fail(`axe ${rel} (${scheme}): ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${where}`);
  }
  return result.violations.length;
}

async function everyPage(browser, base) {
  const files = await htmlFiles(SITE);
  const label = "file://";
  const axeSource = await readFile(AXE_SOURCE, "utf8");
  const firstOfKind = new Map();
  for (const file of files) {
    const kind = kindOf(relative(SITE, file).split(sep).join("/"));
    if (!firstOfKind.has(kind)) firstOfKind.set(kind, file);
  }
  const named = await namedPages();
  for (const rel of named.keys()) {
    if (!files.includes(join(SITE, rel))) fail(`the page ${rel} to screenshot is missing`);
  }

  // Every page in light mode, with a screenshot of the first of each kind; then one page of each
  // kind in dark mode (its own colours, its own contrast).
  let violations = 0;
  let checked = 0;
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    await watch(context, base, label);
    const page = await context.newPage();
    const darkPages = new Set([...firstOfKind.values(), ...[...named.keys()].map((rel) => join(SITE, rel))]);
    const pages = scheme === "light" ? files : [...darkPages].sort();
    const suffix = scheme === "light" ? "" : "-dark";
    for (const file of pages) {
      const rel = relative(SITE, file).split(sep).join("/");
      await page.goto(pathToFileURL(file).href);
      violations += await axe(page, rel, axeSource, scheme);
      checked++;
      if (firstOfKind.get(kindOf(rel)) === file) {
        await page.screenshot({ path: join(SHOTS, `${kindOf(rel)}${suffix}.png`), fullPage: true });
      }
      if (named.has(rel)) {
        await page.screenshot({ path: join(SHOTS, `${named.get(rel)}${suffix}.png`), fullPage: true });
      }
    }
    await context.close();
  }
  console.log(
    `ok axe-core: ${checked} page loads (${files.length} pages light, ${firstOfKind.size} dark), ` +
      `${violations} WCAG 2.1 AA violation(s); ${(firstOfKind.size + named.size) * 2} screenshots`,
  );

  // The home page as a phone.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  await watch(phone, base, label);
  const p = await phone.newPage();
  await p.goto(pathToFileURL(join(SITE, "index.html")).href);
  await p.screenshot({ path: join(SHOTS, "index-phone.png"), fullPage: true });
  await phone.close();
}

// ---- tables people can work with ------------------------------------------------------------

/// On the initiative with the widest forecast spread, from file://: its work table sorts by a
/// click and by the keyboard, filters by typing, and links its CSV, which is on disk beside it;
/// its spread sorts by share.
async function tables(browser) {
  const label = "tables";
  const named = [...(await namedPages()).entries()].find(([, name]) => name === "initiative-wide-spread");
  if (!named) return fail(`${label}: no initiative with a forecast to try the tables on`);
  const [rel] = named;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await watch(context, pathToFileURL(SITE).href + "/", label);
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(SITE, rel)).href);
  const table = page.locator("main table", { has: page.locator("th", { hasText: "Weight" }) }).first();
  const column = async (name) =>
    table.evaluate((t, name) => {
      const at = [...t.tHead.rows[0].cells].findIndex((th) => th.textContent.trim().startsWith(name));
      return [...t.tBodies[0].rows].filter((r) => !r.hidden).map((r) => r.cells[at].textContent.trim());
    }, name);
  const numbers = (cells) => cells.map((c) => parseFloat(c));
  const rows = (await column("Item")).length;
  if (rows < 3) return fail(`${label}: ${rel}'s work table has ${rows} rows; the test needs 3`);

  // A click on a header sorts by it, ascending, then descending.
  const weight = table.locator("thead button.sort", { hasText: "Weight" });
  await weight.click();
  let w = numbers(await column("Weight"));
  if (w.some((v, i) => i && v < w[i - 1])) fail(`${label}: Weight ascending after a click: ${w}`);
  if ((await table.locator("th[aria-sort=ascending]").count()) !== 1) fail(`${label}: aria-sort says ascending`);
  await weight.click();
  w = numbers(await column("Weight"));
  if (w.some((v, i) => i && v > w[i - 1])) fail(`${label}: Weight descending after a second click: ${w}`);

  // The keyboard does the same: Tab reaches the header's button, Enter sorts.
  const due = table.locator("thead button.sort", { hasText: "Due" });
  await due.focus();
  await page.keyboard.press("Enter");
  const dates = (await column("Due")).filter((d) => /\d{4}/.test(d)).map((d) => Date.parse(d.replace(/ overdue$/, "")));
  if (dates.some((v, i) => i && v < dates[i - 1])) fail(`${label}: Due ascending by the keyboard`);

  // Typing filters: only rows that contain the text stay.
  const firstId = (await column("Item"))[0].split(" ")[0];
  const filter = table.locator("xpath=../preceding-sibling::div[contains(@class, 'table-tools')][1]//input");
  await filter.fill(firstId);
  const kept = await column("Item");
  if (!kept.length || kept.length >= rows || kept.some((t) => !t.toLowerCase().includes(firstId.toLowerCase()))) {
    fail(`${label}: filtering by ${firstId} kept ${kept.length} of ${rows} rows: ${kept.slice(0, 3)}`);
  }
  await page.screenshot({ path: join(SHOTS, "table-sorted-filtered.png"), fullPage: false });
  await filter.fill("");
  if ((await column("Item")).length !== rows) fail(`${label}: clearing the filter shows every row again`);

  // The forecast's spread sorts by its share, a bound ("<1%", ">99%") just inside its number.
  await page.locator("summary", { hasText: "The trials finishing in each week" }).click();
  const spread = page.locator("main table", { has: page.locator("caption", { hasText: "Trials finishing in each week" }) });
  await spread.locator("thead button.sort", { hasText: "Share" }).click();
  const shares = await spread.evaluate((t) => [...t.tBodies[0].rows].map((r) => r.cells[2].textContent.trim()));
  const share = (c) => (c[0] === "<" ? parseFloat(c.slice(1)) - 0.5 : c[0] === ">" ? parseFloat(c.slice(1)) + 0.5 : parseFloat(c));
  if (!shares.some((c) => /^[<>]/.test(c))) fail(`${label}: ${rel}'s spread has no bound ("<1%", ">99%") to sort: ${shares}`);
  if (shares.map(share).some((v, i, all) => Number.isNaN(v) || (i && v < all[i - 1]))) {
    fail(`${label}: the spread's shares ascending after a click: ${shares}`);
  }

  // The CSV link sits under the table and its file is on disk beside the page.
  const href = await table.locator("xpath=following-sibling::p[@class='download']/a[@download]").getAttribute("href");
  const csv = join(SITE, dirname(rel), href ?? "");
  const text = await readFile(csv, "utf8").catch(() => null);
  if (!href || !text || !text.includes("Item,Status")) fail(`${label}: the CSV ${href} beside ${rel} holds the table`);
  console.log(`ok tables: ${rel} sorts by click and keyboard, filters ${rows} rows to ${kept.length}, links ${href}`);
  await context.close();
}

// ---- main ---------------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
await mkdir(SHOTS, { recursive: true });
const server = await serve(SITE);
try {
  const fileBase = pathToFileURL(SITE).href + "/";
  await readerPath(browser, fileBase, "file://");
  const httpBase = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  await readerPath(browser, httpBase, "http" + SUB_PATH);
  await everyPage(browser, fileBase);
  await tables(browser);
} catch (err) {
  fail(`the run stopped: ${err.stack || err}`);
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
console.log("all browser checks passed");
