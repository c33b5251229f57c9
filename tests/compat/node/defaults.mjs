// plangate scenarios for the official Stigg Node server SDK (@stigg/node-server-sdk 3.95.0)
// with its DEFAULT options — edge on, remote configuration on, realtime updates on — and only
// its URLs pointed at plangate:
//
//   Stigg.initialize({ apiKey, baseUri: 'http://host:port', baseEdgeUri: 'http://host:port' })
//
// (the SDK appends /graphql to baseUri for HTTP and WebSocket; for a localhost baseUri it
// would derive the edge URL as port 3060, so baseEdgeUri names plangate too). Against the
// seed's catalog (examples/catalog.yaml, applied by run.sh).
//
//   PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY node defaults.mjs
//
// Usage reports and promotional grants are made by ANOTHER process (a child `node` doing a raw
// GraphQL POST), and must reach the SDK's in-memory cache through its realtime subscriptions
// within 1 s. Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.

import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SDK_VERSION = require('@stigg/node-server-sdk/package.json').version;
const { Stigg } = require('@stigg/node-server-sdk');

const URL_ = process.env.PLANGATE_URL;
const KEY = process.env.PLANGATE_API_KEY;
if (!URL_ || !KEY) {
  console.error('PLANGATE_URL and PLANGATE_API_KEY must be set');
  console.log('RESULT passed=0 failed=1');
  process.exit(2);
}
const BASE = URL_.replace(/\/graphql\/?$/, '');

const RUN_ID = randomBytes(5).toString('hex');
const newId = (label) => `compat-node-defaults-${RUN_ID}-${label}-${randomBytes(3).toString('hex')}`;
const RESOURCE = 'resource-01';
const TEMPLATES = 'feature-01-templates';
const API_CALLS = 'feature-03-api-calls';
const WITHIN_MS = 1000;

class Failure extends Error {}
const expect = (cond, msg) => {
  if (!cond) throw new Failure(msg);
};
const sdkErrors = [];
class CapturingLogger {
  log() {}

  debug() {}

  error(message, extra) {
    sdkErrors.push(`${message}${extra ? ` (${extra instanceof Error ? extra.message : JSON.stringify(extra)})` : ''}`);
  }
}
const sdkContext = () => (sdkErrors.length ? ` [SDK logged: ${sdkErrors.slice(-3).join(' | ')}]` : '');

let passed = 0;
let failed = 0;
async function run(name, fn) {
  sdkErrors.length = 0;
  try {
    await fn();
    passed += 1;
    console.log(`PASS ${name}`);
  } catch (err) {
    failed += 1;
    const reason = err instanceof Failure ? err.message : `${err?.name}: ${err?.message}`;
    console.log(`FAIL ${name}: ${`${reason}${sdkContext()}`.split(/\s+/).join(' ')}`);
  }
}

/** A raw GraphQL POST made by another process (a child node), as another service would. */
function otherProcess(query, variables) {
  const script = `
    const [url, key, body] = process.argv.slice(1);
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-KEY': key }, body })
      .then(async (r) => { const t = await r.text(); if (r.status !== 200 || JSON.parse(t).errors) { console.error(t); process.exit(1); } })
      .catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, URL_, KEY, JSON.stringify({ query, variables })], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Failure(`the other process failed: ${stderr}`))));
  });
}

const REPORT = `mutation ($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`;
const GRANT = `mutation ($input: GrantPromotionalEntitlementsInput!) {
  grantPromotionalEntitlements(input: $input) { status } }`;

/** Resolves with the first `event` the SDK emits that `match`es, rejects after `ms`. */
function nextEvent(stigg, event, match, ms, what) {
  return new Promise((resolve, reject) => {
    const listener = (payload) => {
      if (match(payload)) {
        clearTimeout(timer);
        stigg.removeListener(event, listener);
        resolve(payload);
      }
    };
    const timer = setTimeout(() => {
      stigg.removeListener(event, listener);
      reject(new Failure(`no ${event} event for ${what} within ${ms} ms`));
    }, ms);
    stigg.addListener(event, listener);
  });
}

async function main() {
  console.log(`# @stigg/node-server-sdk ${SDK_VERSION} with default options against ${BASE} (run id ${RUN_ID})`);
  let stigg = null;
  let initMs = null;

  await run('node SDK with default options (edge, remote config, realtime on): waitForInitialization < 1 s', async () => {
    const started = Date.now();
    stigg = Stigg.initialize({ apiKey: KEY, baseUri: BASE, baseEdgeUri: BASE, logConfiguration: { logLevel: 'ERROR', logger: new CapturingLogger() } });
    await Promise.race([
      stigg.waitForInitialization(),
      new Promise((_, reject) => setTimeout(() => reject(new Failure('waitForInitialization did not settle in 10 s')), 10000)),
    ]);
    initMs = Date.now() - started;
    expect(initMs < 1000, `waitForInitialization took ${initMs} ms`);
    expect(sdkErrors.length === 0, 'the SDK logged errors');
  });
  if (!stigg) {
    console.log(`RESULT passed=${passed} failed=${failed}`);
    return;
  }

  // Realtime is up once an event arrives: grant to a warm-up customer until one does.
  await run('node realtime subscriptions connect and deliver (a warm-up grant arrives as entitlementsUpdated)', async () => {
    const warm = newId('warm');
    await stigg.provisionCustomer({ customerId: warm });
    const deadline = Date.now() + 15000;
    for (;;) {
      const arrived = nextEvent(stigg, 'entitlementsUpdated', (p) => p.customerId === warm, 500, warm).then(() => true, () => false);
      await otherProcess(GRANT, { input: { customerId: warm, promotionalEntitlements: [{ featureId: API_CALLS, period: 'ONE_WEEK', usageLimit: 1 }] } });
      if (await arrived) return;
      expect(Date.now() < deadline, 'no entitlementsUpdated event within 15 s of grants');
    }
  });

  const cid = newId('seed');
  await run('node provisionCustomer + getCustomer', async () => {
    const p = await stigg.provisionCustomer({
      customerId: cid,
      subscriptionParams: {
        planId: 'plan-basic', resourceId: RESOURCE, billingPeriod: 'MONTHLY',
        billableFeatures: [{ featureId: TEMPLATES, quantity: 2 }], addons: [{ addonId: 'addon-extra-stuff', quantity: 1 }],
      },
    });
    expect(p.subscriptionDecisionStrategy === 'REQUESTED_PLAN', `strategy ${p.subscriptionDecisionStrategy}`);
    const c = await stigg.getCustomer(cid);
    expect(c?.id === cid, `getCustomer answered ${JSON.stringify(c)}`);
  });

  await run('node getMeteredEntitlement (from the edge) -> templates: 12 allowed, 0 used', async () => {
    const m = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, options: { requestedUsage: 1 } });
    expect(m.hasAccess === true && m.isFallback === false && m.usageLimit === 12 && m.currentUsage === 0,
      `getMeteredEntitlement answered ${JSON.stringify(m)}`);
  });

  await run('node: a reportUsage by another process reaches the SDK cache within 1 s (usageUpdated, then a cache hit)', async () => {
    let misses = 0;
    const onMiss = () => { misses += 1; };
    stigg.addListener('cacheMiss', onMiss);
    try {
      const started = Date.now();
      const arrived = nextEvent(stigg, 'usageUpdated', (p) => p.usage?.customerId === cid && p.usage?.featureId === TEMPLATES, WITHIN_MS, cid);
      await otherProcess(REPORT, { input: { customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, value: 5 } });
      const event = await arrived;
      const took = Date.now() - started;
      expect(event.usage.currentUsage === 5, `usageUpdated carried ${JSON.stringify(event.usage)}`);
      const m = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, options: { requestedUsage: 8 } });
      expect(m.currentUsage === 5 && m.hasAccess === false, `after the report: ${JSON.stringify(m)}`);
      expect(misses === 0, `the check missed the cache (${misses}): it re-read instead of using the update`);
      expect(took <= WITHIN_MS, `took ${took} ms`);
    } finally {
      stigg.removeListener('cacheMiss', onMiss);
    }
  });

  await run('node: a promotional grant by another process reaches the SDK cache within 1 s (entitlementsUpdated)', async () => {
    const before = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS });
    expect(before.isUnlimited === false, `before the grant: ${JSON.stringify(before)}`);
    const arrived = nextEvent(stigg, 'entitlementsUpdated', (p) => p.customerId === cid && p.resourceId === RESOURCE, WITHIN_MS, cid);
    await otherProcess(GRANT, { input: { customerId: cid, promotionalEntitlements: [{ featureId: API_CALLS, period: 'ONE_MONTH', hasUnlimitedUsage: true }] } });
    await arrived;
    const after = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS });
    expect(after.isUnlimited === true && after.hasAccess === true, `after the grant: ${JSON.stringify(after)}`);
  });

  stigg.close();
  console.log(`RESULT passed=${passed} failed=${failed}`);
}

main()
  .catch((err) => {
    console.error(err);
    failed += 1;
    console.log(`RESULT passed=${passed} failed=${failed}`);
  })
  .finally(() => process.exit(failed ? 1 : 0));
