// From save to shown, in a browser: how long after a file of a project that `throughline serve`
// serves is saved an open page shows the edit. scripts/serve-bench.sh starts the server on a copy
// of the project and runs this; BENCHMARKS.md has the figures.
//
//   node tests/browser/save-to-shown.mjs URL PROJECT_DIR [ROUNDS] [EDIT]
//
// The page is the first key result's (as the strategy map links it), open in Debian's Chromium
// through playwright-core. EDIT is what each round saves:
//   note     the key result's note, notes/<slug>.md (the default)
//   checkin  a check-in of it, with a note, at the end of data/checkins.csv
// Each round's text is new. The clock starts just before the file is written and stops at the
// first frame the reloaded page draws with that text in it (the page takes the time itself, in a
// script run before its own, so that driving the browser adds nothing; its scripts may still be
// loading, as the page's content comes before them). Prints the minimum, median, 90th percentile and maximum,
// and the medians of the two parts: from the save until the browser starts to load the page again
// (the server's part: noticing the save, the quiet it waits for, the rebuild, the event),
// and from then until the page is shown (the browser's part).

import { createRequire } from "node:module";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const [base, project, roundsArg = "20", edit = "note"] = process.argv.slice(2);
if (!base || !project || !["note", "checkin"].includes(edit)) {
  console.error("usage: node save-to-shown.mjs URL PROJECT_DIR [ROUNDS] [note|checkin]");
  process.exit(2);
}
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`ROUNDS must be a whole number, 1 or more: ${roundsArg}`);
  process.exit(2);
}

async function text(path) {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

const krPage = /href="(krs\/[^"]+\.html)"/.exec(await text("/strategy.html"))[1];
const krId = /key result ([^<]+)<\/p>/.exec(await text(`/${krPage}`))[1].trim();
const slug = krPage.slice("krs/".length, -".html".length);
const checkins = join(project, "data/checkins.csv");
const checkinsBefore = await readFile(checkins, "utf8").catch(() => "kr,date,value,confidence,note\n");
// The check-in is dated on the report date the server built with: later data would be left out.
const asOf = JSON.parse(await text("/data/snapshot.json")).as_of;

async function save(marker, round) {
  if (edit === "note") {
    await writeFile(join(project, `notes/${slug}.md`), `${marker}: on pace.\n`);
  } else {
    const line = `${krId},${asOf},${10 + round}.5,0.6,${marker}\n`;
    await writeFile(checkins, checkinsBefore + (checkinsBefore.endsWith("\n") ? "" : "\n") + line);
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage();
// The page looks for this round's text (kept in the tab's session storage across the reload) in
// every frame from its first, and notes when it first holds it, in epoch milliseconds: the time
// origin is the wall clock's, here and in the page alike.
await page.addInitScript(() => {
  const marker = sessionStorage.getItem("save-to-shown");
  if (!marker) return;
  const look = () => {
    if (document.documentElement?.textContent.includes(marker)) {
      window.__shown = { marker, at: performance.timeOrigin + performance.now() };
    } else {
      requestAnimationFrame(look);
    }
  };
  requestAnimationFrame(look);
});
const now = () => performance.timeOrigin + performance.now();

// When the page first held `marker`, as it noted; waits up to a minute, across the reload (which
// ends the page's context under a wait in progress: the wait is then made again in the new one).
async function shown(marker) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const seen = await page.waitForFunction((text) => window.__shown?.marker === text && window.__shown.at, marker, {
        timeout: Math.max(1, deadline - Date.now()),
      });
      return await seen.jsonValue();
    } catch (error) {
      if (error.name === "TimeoutError" || Date.now() >= deadline) throw error;
    }
  }
}
await page.goto(new URL(krPage, base).href, { waitUntil: "load" });
const times = [];
const serverParts = [];
const browserParts = [];
try {
  for (let round = 0; round < rounds; round++) {
    // The page's script opens its event stream once loaded; give it a moment, as a reader would.
    await page.waitForTimeout(300);
    const marker = `Round ${round} at ${Date.now()}`;
    await page.evaluate((text) => sessionStorage.setItem("save-to-shown", text), marker);
    const saved = now();
    await save(marker, round);
    const shownAt = await shown(marker);
    const reloadAt = await page.evaluate(() => performance.timeOrigin);
    times.push(shownAt - saved);
    serverParts.push(reloadAt - saved);
    browserParts.push(shownAt - reloadAt);
  }
} finally {
  await browser.close();
}
const sorted = (values) => [...values].sort((a, b) => a - b);
const at = (values, q) => sorted(values)[Math.round((values.length - 1) * q)].toFixed(0);
const what = edit === "note" ? `the note of ${krId}` : `a check-in of ${krId}`;
console.log(
  `save of ${what} -> shown in Chromium, over ${rounds} saves: min ${at(times, 0)} ms, ` +
    `median ${at(times, 0.5)} ms, p90 ${at(times, 0.9)} ms, max ${at(times, 1)} ms ` +
    `(medians: ${at(serverParts, 0.5)} ms until the page reloads, ${at(browserParts, 0.5)} ms to show it)`,
);
