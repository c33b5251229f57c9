// plangate's GraphiQL page in headless Chromium (Debian's `chromium`, driven by playwright-core
// pinned in package.json; no browser is downloaded): the page renders its editor from assets
// plangate serves itself (any request to another origin fails the run, and so does a
// Content-Security-Policy violation), the X-API-KEY field is visible, typing a key fetches the
// schema with it, the docs show the schema, a query runs with the key, and a changed key fetches
// the schema again. Checked by DOM content, not pixels (a screenshot is written for people, to
// $PLANGATE_GRAPHIQL_SCREENSHOT when set).
//
//   PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY [CHROMIUM=/usr/bin/chromium] node graphiql.mjs
//
// Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.

import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';

const URL_ = process.env.PLANGATE_URL;
const KEY = process.env.PLANGATE_API_KEY;
if (!URL_ || !KEY) {
  console.error('PLANGATE_URL and PLANGATE_API_KEY must be set');
  console.log('RESULT passed=0 failed=1');
  process.exit(2);
}
const EXECUTABLE = process.env.CHROMIUM
  || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const ORIGIN = new URL(URL_).origin;
const TIMEOUT = 20_000;

let passed = 0;
let failed = 0;
const pass = (name) => { passed += 1; console.log(`PASS graphiql: ${name}`); };
const fail = (name, why) => { failed += 1; console.log(`FAIL graphiql: ${name}: ${why}`); };

if (!EXECUTABLE) {
  fail('chromium', 'no Chromium found (install Debian\'s `chromium`, or set CHROMIUM)');
  console.log(`RESULT passed=${passed} failed=${failed}`);
  process.exit(1);
}

const browser = await chromium.launch({
  executablePath: EXECUTABLE,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const foreign = [];
const problems = [];
const introspections = [];
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Nothing may leave plangate's origin (this machine may have no internet at all).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(ORIGIN) || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.method() === 'POST' && (r.postData() || '').includes('IntrospectionQuery')) {
      introspections.push(r.headers()['x-api-key'] ?? null);
    }
  });

  const steps = [
    ['the page renders GraphiQL and a visible X-API-KEY field', async () => {
      const response = await page.goto(URL_, { waitUntil: 'load' });
      if (response.status() !== 200) throw new Error(`GET ${URL_} answered ${response.status()}`);
      await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: TIMEOUT });
      const label = await page.textContent('label[for="api-key"]');
      if (!label.includes('X-API-KEY')) throw new Error(`label: ${label}`);
      if (!(await page.isVisible('#api-key'))) throw new Error('the key field is not visible');
      if ((await page.inputValue('#api-key')) !== '') throw new Error('the key field is not empty at first');
    }],
    ['typing the key fetches the schema with it, and the docs show it', async () => {
      await page.fill('#api-key', KEY);
      await page.press('#api-key', 'Enter');
      await waitFor(() => introspections.includes(KEY), 'an introspection with the key');
      await page.click('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]');
      await page.waitForSelector('.graphiql-doc-explorer', { timeout: TIMEOUT });
      await page.waitForFunction(
        () => /Query/.test(document.querySelector('.graphiql-doc-explorer')?.textContent ?? ''),
        null,
        { timeout: TIMEOUT },
      );
      await page.click('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name:text-is("Query")');
      await page.waitForFunction(
        () => /getCustomerByRefId/.test(document.querySelector('.graphiql-doc-explorer')?.textContent ?? ''),
        null,
        { timeout: TIMEOUT },
      );
    }],
    ['a query runs with the key', async () => {
      await page.evaluate(() => {
        document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('query Count { customers { totalCount } }');
      });
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(
        () => /"totalCount": \d+/.test(document.querySelector('.graphiql-response')?.textContent ?? ''),
        null,
        { timeout: TIMEOUT },
      );
    }],
    ['a changed key fetches the schema again', async () => {
      const before = introspections.length;
      await page.fill('#api-key', 'server-not-a-key');
      await page.press('#api-key', 'Enter');
      await waitFor(() => introspections.slice(before).includes('server-not-a-key'), 'an introspection with the new key');
      await page.fill('#api-key', KEY);
      await page.press('#api-key', 'Enter');
      await waitFor(() => introspections.slice(before).includes(KEY), 'an introspection with the key again');
      if (process.env.PLANGATE_GRAPHIQL_SCREENSHOT) {
        await page.screenshot({ path: process.env.PLANGATE_GRAPHIQL_SCREENSHOT });
      }
    }],
    ['nothing was loaded from elsewhere, nothing was refused by the page\'s policy', async () => {
      if (foreign.length) throw new Error(`requests to other origins: ${foreign.join(', ')}`);
      if (problems.length) throw new Error(problems.join(' | '));
    }],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
      pass(name);
    } catch (error) {
      fail(name, error?.message ?? error);
    }
  }
} catch (error) {
  fail('browser', error?.stack ?? error);
} finally {
  await browser.close();
}
console.log(`RESULT passed=${passed} failed=${failed}`);

async function waitFor(predicate, what) {
  const deadline = Date.now() + TIMEOUT;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
