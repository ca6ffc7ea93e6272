// Loads one HTML file from disk in headless Chromium (through
// puppeteer-core), as a reader's browser would, and prints one JSON object:
// every request that left the file system, every console error or page
// error, and axe-core's violations (WCAG 2.x A/AA rules and best practices).
// Usage: node check.mjs <chromium> <file.html> <axe.min.js>
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [chromium, file, axePath] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "jamstat-browser-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`,
  ],
});
const result = { requests: [], console_errors: [], violations: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("file:") || url.startsWith("data:")) {
      req.continue();
    } else {
      result.requests.push(url);
      req.abort();
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") result.console_errors.push(msg.text());
  });
  page.on("pageerror", (err) => result.console_errors.push(String(err)));
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
  await page.addScriptTag({ content: fs.readFileSync(axePath, "utf8") });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  result.violations = axe;
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
