// A page open in headless Chromium reloads by itself when a file of the
// registry changes under `milepost serve`, and shows the change.
//
//   node tests/site/reload.mjs MILEPOST_BINARY REGISTRY RELEASE [RUNS]
//
// Edits REGISTRY/releases/RELEASE/notes.md RUNS times (default 3) while the
// internal page of that release is open, and prints how long each change took
// to appear in the browser, from the write to the reloaded page. Exits 1 if a
// change does not appear within 10 seconds. Restores the notes afterwards.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [binary, registry, release, runsArg] = process.argv.slice(2);
if (!binary || !registry || !release) {
  console.error('usage: node tests/site/reload.mjs MILEPOST_BINARY REGISTRY RELEASE [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 3);
const notesPath = path.join(registry, 'releases', release, 'notes.md');
const original = readFileSync(notesPath, 'utf8');

const server = spawn(binary, ['-C', registry, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const address = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/serving (http:\/\/[^ ]+\/)/);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`milepost serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
let failed = false;
const times = [];
try {
  const page = await browser.newPage();
  await page.goto(`${address}internal/releases/${release}/`);
  // Let the page open its event stream before the first change.
  await page.waitForTimeout(500);
  for (let i = 1; i <= runs; i++) {
    const marker = `reload-check-${Date.now()}-${i}`;
    const started = performance.now();
    writeFileSync(notesPath, `${original}\n${marker}\n`);
    try {
      await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker, {
        timeout: 10000,
        polling: 5,
      });
      times.push(performance.now() - started);
    } catch (e) {
      console.error(`change ${i} did not appear within 10 s`);
      failed = true;
      break;
    }
    await page.waitForTimeout(300);
  }
} finally {
  writeFileSync(notesPath, original);
  await browser.close();
  server.kill();
}
if (times.length) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`reload: ${times.length} changes shown in the browser; ms from write to page: ${times.map((t) => t.toFixed(0)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}`);
}
process.exit(failed ? 1 : 0);
