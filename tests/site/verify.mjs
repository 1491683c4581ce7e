#!/usr/bin/env node
// Checks the two static sites that `milepost build` renders.
//
//   node tests/site/verify.mjs SITE_DIR SCREENSHOT_DIR
//
// SITE_DIR holds `public/` and `internal/`. The checks:
//   1. the Nu HTML Checker (vnu.jar, run once over every .html file of both
//      sites, errors only);
//   2. a static pass over every .html/.css file: no asset (script, style,
//      image, font, frame...) from another host, and no relative link or
//      #fragment that points at nothing or outside its own site;
//   3. a headless Chromium (Debian's /usr/bin/chromium, driven by
//      playwright-core) loading each site's index.html and its first release
//      page from a local HTTP server (one per site, serving it at the root,
//      as it is deployed): axe-core violations, console errors, failed
//      requests (404...) and any request to another host (blocked);
//   4. every page of both sites on a 390px phone: no page wider than the
//      screen, `main` with padding above and below;
//   5. screenshots (desktop, phone, dark; axe's colour rules in dark) of each
//      site's index and first release page and of the internal history,
//      calendar and metrics pages, into SCREENSHOT_DIR.
// Exits 0 only if every check found nothing; 1 if some did; 2 if the checks
// could not run at all (bad arguments, no Java, no Chromium).
//
// Environment: CHROMIUM_PATH overrides /usr/bin/chromium; JAVA_HOME, when
// set, picks the java that runs vnu.jar.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const started = Date.now();

const SITES = ['public', 'internal'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

// Counts of problems, by kind; the exit code is 0 only if all are 0.
const counts = { html: 0, axe: 0, browser: 0, external: 0, links: 0, layout: 0 };

function fail(message) {
  console.error(`verify.mjs: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- arguments

if (process.argv.length !== 4) {
  fail('usage: node tests/site/verify.mjs SITE_DIR SCREENSHOT_DIR');
}
const siteDir = path.resolve(process.argv[2]);
const shotDir = path.resolve(process.argv[3]);
for (const site of SITES) {
  const dir = path.join(siteDir, site);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    fail(`${dir} is not a directory (SITE_DIR must hold public/ and internal/)`);
  }
}
fs.mkdirSync(shotDir, { recursive: true });

// Every file under dir, as paths relative to siteDir with '/' separators, sorted.
function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(path.relative(siteDir, full).split(path.sep).join('/'));
  }
  return out.sort();
}
const allFiles = SITES.flatMap((site) => walk(path.join(siteDir, site)));
const htmlFiles = allFiles.filter((f) => /\.html?$/i.test(f));
// The pages screenshotted at desktop, phone and dark: each site's index and
// first release, and the internal pages that are mostly tables or charts.
const SHOTS = new Set([
  ...SITES.flatMap((site) => [`${site}/index.html`, firstRelease(site)]),
  'internal/history/index.html',
  'internal/calendar/index.html',
  'internal/metrics/index.html',
].filter((f) => f && allFiles.includes(f)));
// public/releases/2.4.1/index.html -> public-releases-2.4.1-phone.png
function shotName(file, look) {
  return `${file.replace(/\/index\.html$/, '').replace(/\.html$/, '').replace(/\//g, '-')}-${look}.png`;
}
const cssFiles = allFiles.filter((f) => /\.css$/i.test(f));
if (htmlFiles.length === 0) fail(`no .html file under ${siteDir}`);

// ------------------------------------------------------- 1. Nu HTML Checker

function vnuJarPath() {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  if (!fs.existsSync(jar)) fail(`${jar} is missing: run npm ci --prefix tests/site`);
  return jar;
}

// Runs vnu.jar once over every HTML file; resolves to the lines to print.
// (--format json so that every message is counted exactly; the messages are
// printed as `file:line:col: error: message`.)
function runVnu() {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const args = ['-jar', vnuJarPath(), '--errors-only', '--format', 'json',
    ...htmlFiles.map((f) => path.join(siteDir, f))];
  return new Promise((resolve) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (err) => fail(`cannot run ${java}: ${err.message} (install a Java runtime, 11 or newer)`));
    child.on('close', (code) => {
      const lines = [];
      let report = null;
      try {
        report = JSON.parse(stderr.trim() || stdout.trim() || '{"messages":[]}');
      } catch {
        // Not JSON: Java itself failed (wrong version, out of memory...).
      }
      if (!report) {
        counts.html += 1;
        lines.push(`  error: vnu.jar exited with ${code} and no report:`, stdout + stderr);
        return resolve(lines);
      }
      for (const m of report.messages ?? []) {
        counts.html += 1;
        const file = m.url ? path.relative(siteDir, decodeURIComponent(new URL(m.url).pathname)) : '?';
        const line = m.lastLine ?? m.firstLine ?? 0;
        const col = m.firstColumn ?? m.lastColumn ?? 0;
        const kind = m.subType ? `${m.type} (${m.subType})` : m.type;
        lines.push(`  ${file}:${line}:${col}: ${kind}: ${m.message}`);
        if (m.extract) lines.push(`      ${m.extract.replace(/\s+/g, ' ').trim()}`);
      }
      if (code !== 0 && counts.html === 0) {
        counts.html += 1;
        lines.push(`  error: vnu.jar exited with ${code}: ${(stdout + stderr).trim()}`);
      }
      resolve(lines);
    });
  });
}

// ------------------------------------------- 2. static links and assets

const read = (f) => fs.readFileSync(path.join(siteDir, f), 'utf8');

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// Attribute value of `name` in the start tag `tag`, or null.
function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`, 'i'));
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3]) : null;
}

const isExternal = (url) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url.trim()) && !/^file:/i.test(url.trim());
const hasScheme = (url) => /^[a-z][a-z0-9+.-]*:/i.test(url.trim());
// Elements whose src/href/... is loaded by the browser (an <a href> is not).
const LOADING_TAGS = /^(?:img|script|iframe|frame|source|video|audio|track|embed|input|object|image|use)$/i;
const LOADING_RELS = /\b(?:stylesheet|icon|preload|modulepreload|prefetch|prerender|manifest|apple-touch-icon|mask-icon)\b/i;

// The ids (and <a name>s) of each HTML file, for #fragment checks.
const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const ids = new Set();
    for (const m of read(file).matchAll(/<[a-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi)) {
      ids.add(decodeEntities(m[1] ?? m[2] ?? m[3]));
    }
    idCache.set(file, ids);
  }
  return idCache.get(file);
}

// Resolves a relative URL found in `from` to a file of the site, or returns a
// problem description.
function checkLocalLink(from, url) {
  const site = from.split('/')[0];
  const [beforeHash, fragment = null] = url.split(/#(.*)/s);
  const pathPart = beforeHash.split('?')[0];
  let target;
  try {
    const decoded = decodeURIComponent(pathPart);
    target = decoded === ''
      ? from
      : decoded.startsWith('/')
        ? path.posix.normalize(`${site}${decoded}`) // root-relative: the site's own root
        : path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  } catch {
    return `undecodable URL ${JSON.stringify(url)}`;
  }
  // Each site is served (and deployed) on its own, at its own root.
  if (target.split('/')[0] !== site) return `${url} points outside the ${site}/ site`;
  const full = path.join(siteDir, target);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (stat?.isDirectory()) target = path.posix.join(target, 'index.html');
  if (!fs.statSync(path.join(siteDir, target), { throwIfNoEntry: false })?.isFile()) {
    return `${url} -> ${target} does not exist`;
  }
  if (fragment && /\.html?$/i.test(target) && !idsOf(target).has(decodeURIComponent(fragment))) {
    return `${url} -> no id "${fragment}" in ${target}`;
  }
  return null;
}

function staticChecks() {
  const lines = [];
  const external = (file, what, url) => {
    counts.external += 1;
    lines.push(`  ${file}: asset from another host (${what}): ${url}`);
  };
  const broken = (file, problem) => {
    counts.links += 1;
    lines.push(`  ${file}: broken link: ${problem}`);
  };
  const cssUrls = (text) => [
    ...[...text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)].map((m) => m[1] ?? m[2] ?? m[3]),
    ...[...text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)].map((m) => m[1] ?? m[2]),
  ];

  for (const file of htmlFiles) {
    // Comments hold no links; drop them so that a commented-out tag is not checked.
    const text = read(file).replace(/<!--[\s\S]*?-->/g, '');
    for (const m of text.matchAll(/<([a-z][a-z0-9-]*)\b[^>]*>/gi)) {
      const [tag, name] = m;
      const urls = [];
      for (const a of ['src', 'href', 'data', 'poster', 'xlink:href']) {
        const v = attr(tag, a);
        if (v !== null && v.trim() !== '') urls.push([a, v.trim()]);
      }
      const srcset = attr(tag, 'srcset');
      if (srcset) for (const c of srcset.split(',')) urls.push(['srcset', c.trim().split(/\s+/)[0]]);
      const rel = attr(tag, 'rel') ?? '';
      const loads = LOADING_TAGS.test(name) || (/^link$/i.test(name) && LOADING_RELS.test(rel));
      for (const [a, url] of urls) {
        if (isExternal(url)) {
          if (loads) external(file, `<${name} ${a}>`, url);
        } else if (!hasScheme(url)) {
          const problem = checkLocalLink(file, url);
          if (problem) broken(file, problem);
        }
      }
      const style = attr(tag, 'style');
      if (style) for (const url of cssUrls(style)) if (isExternal(url)) external(file, 'style attribute', url);
    }
    for (const m of text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
      for (const url of cssUrls(m[1])) if (isExternal(url)) external(file, '<style>', url);
    }
  }
  for (const file of cssFiles) {
    for (const url of cssUrls(read(file))) {
      if (isExternal(url)) external(file, 'CSS url()', url);
      else if (url && !hasScheme(url)) {
        const problem = checkLocalLink(file, url);
        if (problem) broken(file, problem);
      }
    }
  }
  return lines;
}

// ---------------------------------------------------------- 3. the browser

// Serves one site's folder at the root of its own origin, as it is deployed.
function startServer(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.posix.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const axePath = require.resolve('axe-core/axe.min.js');

// The first release page of a site, by sorted folder name, or null.
function firstRelease(site) {
  const dir = path.join(siteDir, site, 'releases');
  if (!fs.existsSync(dir)) return null;
  const versions = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
  return versions.length ? `${site}/releases/${versions[0]}/index.html` : null;
}

// origins: site name -> the origin of its server.
async function browserChecks(origins) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  }).catch((err) => fail(`cannot launch Chromium: ${err.message}\n(install it with: apt-get install -y chromium)`));
  const pagesChecked = [];
  try {
    // A context per look (desktop, phone, dark).
    const newContext = (options) => browser.newContext({ bypassCSP: true, deviceScaleFactor: 1, ...options });

    // Opens `file` in a new page of `context`, counting console errors, page
    // errors and failed requests; returns the page.
    async function open(context, label, file) {
      const origin = origins[file.split('/')[0]];
      const page = await context.newPage();
      const where = `[${label}] ${file}`;
      // Every request that leaves the site's own server is blocked and counted.
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`) || /^(?:data|blob|about):/i.test(url)) return route.continue();
        counts.external += 1;
        console.log(`  ${where}: blocked request to another host: ${url}`);
        return route.abort('blockedbyclient');
      });
      page.on('console', (msg) => {
        // "Failed to load resource" repeats a failed request, counted below.
        if (msg.type() !== 'error' || msg.text().startsWith('Failed to load resource')) return;
        counts.browser += 1;
        const loc = msg.location();
        console.log(`  ${where}: console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      });
      page.on('pageerror', (err) => {
        counts.browser += 1;
        console.log(`  ${where}: uncaught exception: ${err.message}`);
      });
      const answeredWithError = new Set();
      page.on('response', (res) => {
        if (res.status() >= 400) {
          answeredWithError.add(res.url());
          counts.browser += 1;
          console.log(`  ${where}: HTTP ${res.status()} for ${res.url()}`);
        }
      });
      page.on('requestfailed', (req) => {
        if (!req.url().startsWith(`${origin}/`)) return; // blocked: counted by the route
        if (answeredWithError.has(req.url())) return; // a 404...: counted above
        counts.browser += 1;
        console.log(`  ${where}: request failed (${req.failure()?.errorText}): ${req.url()}`);
      });
      await page.goto(`${origin}/${file.split('/').slice(1).join('/')}`, { waitUntil: 'load', timeout: 30_000 });
      pagesChecked.push(`${label} ${file}`);
      return page;
    }

    async function axe(page, where, options = {}) {
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
      for (const v of result.violations) {
        counts.axe += 1;
        console.log(`  ${where}: axe ${v.id} [${v.impact}]: ${v.help} (${v.helpUrl})`);
        for (const node of v.nodes) {
          const summary = (node.failureSummary ?? '').split('\n').slice(1).map((l) => l.trim()).filter(Boolean).join('; ');
          console.log(`      ${node.target.join(' ')}${summary ? ` -- ${summary}` : ''}`);
        }
      }
    }

    const desktop = await newContext({ viewport: DESKTOP });
    for (const site of SITES) {
      if (!firstRelease(site)) {
        counts.browser += 1;
        console.log(`  ${site}: no releases/*/index.html to check`);
      }
      const files = [`${site}/index.html`, ...[...SHOTS].filter((f) => f.startsWith(`${site}/`) && f !== `${site}/index.html`)];
      for (const file of files) {
        if (!fs.existsSync(path.join(siteDir, file))) {
          counts.browser += 1;
          console.log(`  ${file}: missing`);
          continue;
        }
        console.log(`checking ${file}`);
        const page = await open(desktop, 'desktop', file);
        await axe(page, file);
        if (SHOTS.has(file)) {
          await page.screenshot({ path: path.join(shotDir, shotName(file, 'desktop')), fullPage: true });
        }
        await page.close();
      }
    }
    await desktop.close();

    // Every page of both sites on a phone: none may be wider than the
    // screen, and `main` keeps its space above and below.
    console.log(`checking ${htmlFiles.length} pages on a ${PHONE.width}px phone`);
    const phone = await newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    for (const file of htmlFiles) {
      const page = await open(phone, 'phone', file);
      const layout = await page.evaluate(() => {
        const main = document.querySelector('main');
        const style = main ? getComputedStyle(main) : null;
        return {
          width: document.documentElement.scrollWidth,
          top: style ? parseFloat(style.paddingTop) : null,
          bottom: style ? parseFloat(style.paddingBottom) : null,
        };
      });
      if (layout.width > PHONE.width) {
        counts.layout += 1;
        console.log(`  [phone] ${file}: ${layout.width}px wide on a ${PHONE.width}px screen (scrolls sideways)`);
        // Name the widest elements, so that the fix is easy to find.
        const culprits = await page.evaluate((limit) => [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
          .slice(0, 3)
          .map((e) => `<${e.tagName.toLowerCase()}${e.className ? ` class="${e.className}"` : ''}> ${Math.round(e.getBoundingClientRect().right)}px`), PHONE.width);
        for (const c of culprits) console.log(`      ${c}`);
      }
      if (layout.top === null) {
        counts.layout += 1;
        console.log(`  [phone] ${file}: no <main>`);
      } else if (!(layout.top >= 8 && layout.bottom >= 8)) {
        counts.layout += 1;
        console.log(`  [phone] ${file}: <main> has ${layout.top}px padding above and ${layout.bottom}px below (want at least 8px)`);
      }
      if (SHOTS.has(file)) {
        await page.screenshot({ path: path.join(shotDir, shotName(file, 'phone')), fullPage: true });
      }
      await page.close();
    }
    await phone.close();

    // Dark mode: the colour rules of axe (the others ran in light mode
    // above) on the pages that are screenshotted.
    const dark = await newContext({ viewport: DESKTOP, colorScheme: 'dark' });
    for (const file of [...SHOTS].filter((f) => fs.existsSync(path.join(siteDir, f)))) {
      console.log(`checking ${file} in dark mode`);
      const page = await open(dark, 'dark', file);
      await axe(page, `${file} (dark)`, { runOnly: ['color-contrast', 'link-in-text-block'] });
      await page.screenshot({ path: path.join(shotDir, shotName(file, 'dark')), fullPage: true });
      await page.close();
    }
    await dark.close();
  } finally {
    await browser.close();
  }
  return pagesChecked;
}

// -------------------------------------------------------------------- main

console.log(`site checks for ${siteDir}: ${htmlFiles.length} HTML files`);
const vnuDone = runVnu(); // in parallel with the browser
const servers = await Promise.all(SITES.map((site) => startServer(path.join(siteDir, site))));
const origins = Object.fromEntries(SITES.map((site, i) => [site, `http://127.0.0.1:${servers[i].address().port}`]));
let pagesChecked = [];
try {
  pagesChecked = await browserChecks(origins);
} catch (err) {
  counts.browser += 1;
  console.log(`  browser checks stopped: ${err.stack ?? err}`);
} finally {
  for (const server of servers) server.close();
}

console.log('static checks (assets from other hosts, broken links)');
for (const line of staticChecks()) console.log(line);

console.log(`Nu HTML Checker (${htmlFiles.length} files)`);
for (const line of await vnuDone) console.log(line);

console.log(`screenshots in ${shotDir}: ${fs.readdirSync(shotDir).filter((f) => f.endsWith('.png')).sort().join(', ')}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const problems = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(
  `site checks: ${htmlFiles.length} pages validated, ${counts.html} HTML errors, `
  + `${counts.axe} axe violations (${pagesChecked.length} browser loads), `
  + `${counts.browser} console errors/failed requests, ${counts.external} external requests, `
  + `${counts.links} broken links, ${counts.layout} phone layout problems, ${seconds}s`,
);
process.exit(problems === 0 ? 0 : 1);
