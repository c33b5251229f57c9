// plangate entitlement and usage scenarios for the official Stigg Node server SDK
// (@stigg/node-server-sdk 3.95.0, pinned in package.json), against the seed's catalog
// (examples/catalog.yaml, which run.sh applies before starting the server).
//
//   PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY node entitlements.mjs
//
// The SDK is initialized with its edge, remote configuration and realtime updates switched off
// (defaults.mjs runs it with them on), so every check fetches the customer's entitlements again
// (`cachedEntitlements`) and decides locally. Prints PASS/FAIL per scenario and a final
// `RESULT passed=N failed=M` line, like the Python scenario files.

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SDK_VERSION = require('@stigg/node-server-sdk/package.json').version;
const { Stigg, AccessDeniedReason } = require('@stigg/node-server-sdk'); // CommonJS; the SDK's own enum

const URL_ = process.env.PLANGATE_URL;
const KEY = process.env.PLANGATE_API_KEY;
if (!URL_ || !KEY) {
  console.error('PLANGATE_URL and PLANGATE_API_KEY must be set');
  console.log('RESULT passed=0 failed=1');
  process.exit(2);
}
const BASE = URL_.replace(/\/graphql\/?$/, ''); // the SDK appends /graphql itself

const RUN_ID = randomBytes(5).toString('hex');
const newId = (label) => `compat-node-${RUN_ID}-${label}-${randomBytes(3).toString('hex')}`;

const RESOURCE = 'resource-01';
const TEMPLATES = 'feature-01-templates';
const DOMAIN = 'feature-02-custom-domain';
const API_CALLS = 'feature-03-api-calls';
const TEAM_SIZE = 'feature-04-team-size';

// ------------------------------------------------------------------------------ reporting

class Failure extends Error {}

const short = (v, limit = 600) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text && text.length > limit ? `${text.slice(0, limit)}...(truncated)` : text;
};

// What the SDK logged as errors (it swallows errors inside checks and returns a fallback).
// A class instance, not a plain object: the SDK lodash-merges its configuration over defaults
// whose logger is `console`, so a plain object's methods would be copied onto `console` itself
// (silencing console.log).
const sdkErrors = [];
class CapturingLogger {
  log() {}

  debug() {}

  error(message, extra) {
    const detail = extra instanceof Error ? `${extra.name}: ${extra.message}` : short(extra ?? '', 400);
    sdkErrors.push(`${message}${detail ? ` (${detail})` : ''}`);
  }
}
const logger = new CapturingLogger();
const sdkContext = () => (sdkErrors.length ? ` [SDK logged: ${sdkErrors.slice(-3).join(' | ')}]` : '');

function expect(cond, msg) {
  if (!cond) throw new Failure(msg);
}

const canon = (v) => JSON.stringify(v, (_, x) => (x instanceof Date ? x.toISOString() : x));

function expectEq(actual, expected, what) {
  if (canon(actual) !== canon(expected)) {
    throw new Failure(`${what}: expected ${canon(expected)}, got ${canon(actual)}${sdkContext()}`);
  }
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) out[k] = obj?.[k] === undefined ? null : obj[k];
  return out;
}

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
    let reason = err instanceof Failure ? err.message : `${err?.name}: ${err?.message}${sdkContext()}`;
    if (!(err instanceof Failure)) console.error(String(err?.stack || err).replace(/^/gm, '    '));
    reason = reason.split(/\s+/).join(' ');
    console.log(`FAIL ${name}: ${reason}`);
  }
}

// ------------------------------------------------------------------------------ raw GraphQL

async function rawPost(query, variables) {
  const resp = await fetch(URL_, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-KEY': KEY },
    body: JSON.stringify({ query, variables }),
  });
  const text = await resp.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* reported by the caller */
  }
  return { status: resp.status, text, body, codes: (body?.errors || []).map((e) => e.extensions?.code) };
}

async function rawGraphql(query, variables) {
  const r = await rawPost(query, variables);
  expect(r.status === 200 && r.body && !r.body.errors, `raw GraphQL failed: HTTP ${r.status}: ${short(r.text)}`);
  return r.body.data;
}

const RAW_SUBSCRIPTIONS = `query RawGet($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) { subscriptions { startDate plan { refId } resource { resourceId } } }
}`;

// ------------------------------------------------------------------------------ scenarios

const seedProvision = (customerId) => ({
  // shared/seed/customer-management.md's Node.js example (its couponId / promotionCode name
  // objects no catalog defines, so they are left out).
  customerId,
  name: 'My very first customer',
  email: 'john@example.com',
  subscriptionParams: {
    planId: 'plan-basic',
    resourceId: RESOURCE,
    billableFeatures: [{ featureId: TEMPLATES, quantity: 2 }],
    billingPeriod: 'MONTHLY',
    addons: [{ addonId: 'addon-extra-stuff', quantity: 1 }],
    billingCountryCode: 'DK',
    metadata: { key: 'value' },
  },
  metadata: { key: 'value' },
});

function addMonth(d) {
  const t = new Date(d.getTime());
  const day = t.getUTCDate();
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() + 1);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t;
}

async function main() {
  console.log(`# @stigg/node-server-sdk ${SDK_VERSION} entitlements and usage against ${BASE} (run id ${RUN_ID})`);
  let stigg = null;

  await run('node SDK initialize (edge, remote config, realtime off) + waitForInitialization', async () => {
    stigg = Stigg.initialize({
      apiKey: KEY,
      baseUri: BASE,
      enableEdge: false,
      enableRemoteConfig: false,
      realtimeUpdatesEnabled: false,
      logConfiguration: { logLevel: 'ERROR', logger },
    });
    await Promise.race([
      stigg.waitForInitialization(),
      new Promise((_, reject) => setTimeout(() => reject(new Failure('waitForInitialization did not settle in 30s')), 30000)),
    ]);
  });
  if (!stigg) {
    console.log(`RESULT passed=${passed} failed=${failed}`);
    return;
  }

  const cid = newId('seed');
  let startDate = null;

  await run("node provisionCustomer (the seed's Node.js example) -> REQUESTED_PLAN, plan-basic on resource-01", async () => {
    const p = await stigg.provisionCustomer(seedProvision(cid));
    expectEq(p.subscriptionDecisionStrategy, 'REQUESTED_PLAN', 'subscriptionDecisionStrategy');
    expectEq(p.customer?.id, cid, 'customer.id (the SDK maps refId to id)');
    const s = p.subscription;
    expect(s, `subscription is ${s}`);
    expectEq([s.planId, s.resource?.id, s.status, s.customerId, s.metadata], ['plan-basic', RESOURCE, 'IN_TRIAL', cid,
      { key: 'value' }], 'subscription [planId, resource.id, status, customerId, metadata]');
    expectEq(s.addons, [{ addonId: 'addon-extra-stuff', quantity: 1 }], 'subscription addons');
    expect(typeof s.id === 'string' && s.id.length > 0, `subscription id is empty: ${s.id}`);
  });

  // The checks below need the customer even if the SDK's provision failed above.
  await run('raw getCustomerByRefId: the seed customer has its resource-01 subscription', async () => {
    const got = await rawPost(RAW_SUBSCRIPTIONS, { input: { customerId: cid } });
    let data = got.body?.data;
    if (got.codes.includes('CustomerNotFound')) {
      // the SDK's provision failed (reported above): provision over raw HTTP for the checks below
      const input = seedProvision(cid);
      const { metadata: subMeta, ...sub } = input.subscriptionParams;
      await rawGraphql(
        `mutation RawProvision($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { subscriptionDecisionStrategy } }`,
        { input: { customerId: cid, name: input.name, email: input.email, additionalMetaData: input.metadata,
          subscriptionParams: { ...sub, additionalMetaData: subMeta } } });
      data = await rawGraphql(RAW_SUBSCRIPTIONS, { input: { customerId: cid } });
    } else {
      expect(got.status === 200 && data && !got.body.errors, `raw GraphQL failed: HTTP ${got.status}: ${short(got.text)}`);
    }
    const subs = data.getCustomerByRefId?.subscriptions || [];
    expectEq(subs.map((s) => [s.plan.refId, s.resource?.resourceId]), [['plan-basic', RESOURCE]],
      'subscriptions [plan, resource]');
    startDate = new Date(subs[0].startDate);
  });

  await run('node getBooleanEntitlement(custom-domain, resource-01) -> hasAccess, not a fallback', async () => {
    const e = await stigg.getBooleanEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: DOMAIN });
    expectEq(pick(e, ['type', 'hasAccess', 'isFallback', 'accessDeniedReason']),
      { type: 'BOOLEAN', hasAccess: true, isFallback: false, accessDeniedReason: null },
      'boolean entitlement');
    expectEq(e.feature?.id, DOMAIN, 'feature.id');
  });

  await run('node getNumericEntitlement(team-size, resource-01) -> hasAccess, value 5, not a fallback', async () => {
    const e = await stigg.getNumericEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: TEAM_SIZE });
    expectEq(pick(e, ['type', 'hasAccess', 'isFallback', 'accessDeniedReason', 'value', 'isUnlimited']),
      { type: 'NUMERIC', hasAccess: true, isFallback: false, accessDeniedReason: null, value: 5, isUnlimited: false },
      'numeric entitlement');
    expectEq([e.feature?.id, e.feature?.featureType, e.feature?.meterType], [TEAM_SIZE, 'NUMBER', 'None'],
      'feature [id, featureType, meterType]');
  });

  await run('node getMeteredEntitlement(templates, resource-01, requestedUsage 1) -> hasAccess, usageLimit 12', async () => {
    const e = await stigg.getMeteredEntitlement({
      customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, options: { requestedUsage: 1 },
    });
    expectEq(pick(e, ['type', 'hasAccess', 'isFallback', 'accessDeniedReason', 'usageLimit', 'currentUsage',
      'requestedUsage', 'isUnlimited', 'hasSoftLimit', 'resetPeriod']),
    { type: 'METERED', hasAccess: true, isFallback: false, accessDeniedReason: null, usageLimit: 12,
      currentUsage: 0, requestedUsage: 1, isUnlimited: false, hasSoftLimit: false, resetPeriod: null },
    'metered entitlement');
    expectEq([e.feature?.id, e.feature?.featureType, e.feature?.meterType], [TEMPLATES, 'NUMBER', 'Fluctuating'],
      'feature [id, featureType, meterType]');
  });

  await run('node getMeteredEntitlement(api-calls, resource-01) -> 15000 soft, MONTH period from the subscription start', async () => {
    const e = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS });
    expectEq(pick(e, ['type', 'hasAccess', 'isFallback', 'accessDeniedReason', 'usageLimit', 'currentUsage',
      'isUnlimited', 'hasSoftLimit', 'resetPeriod']),
    { type: 'METERED', hasAccess: true, isFallback: false, accessDeniedReason: null, usageLimit: 15000,
      currentUsage: 0, isUnlimited: false, hasSoftLimit: true, resetPeriod: 'MONTH' },
    'metered entitlement');
    expect(startDate, 'no subscription startDate (the raw get above failed)');
    expectEq([e.usagePeriodStart, e.usagePeriodEnd, e.nextResetDate], [startDate, addMonth(startDate), addMonth(startDate)],
      '[usagePeriodStart, usagePeriodEnd, nextResetDate] (start + 1 calendar month)');
  });

  await run('node getEntitlements(customer, resource-01) -> the four seed features', async () => {
    const list = await stigg.getEntitlements(cid, RESOURCE);
    expectEq(list.map((e) => [e.feature?.id, e.type, e.hasAccess, e.isFallback]).sort(),
      [[TEMPLATES, 'METERED', true, false], [DOMAIN, 'BOOLEAN', true, false], [API_CALLS, 'METERED', true, false],
        [TEAM_SIZE, 'NUMERIC', true, false]].sort(),
      'entitlements [feature.id, type, hasAccess, isFallback]');
  });

  await run('node reportUsage(templates, resource-01, 12) -> currentUsage 12', async () => {
    const ack = await stigg.reportUsage({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, value: 12 });
    expectEq(pick(ack, ['customerId', 'featureId', 'resourceId', 'currentUsage', 'usagePeriodStart', 'usagePeriodEnd']),
      { customerId: cid, featureId: TEMPLATES, resourceId: RESOURCE, currentUsage: 12,
        usagePeriodStart: null, usagePeriodEnd: null },
      'reportUsage ack (a Fluctuating meter has no usage period)');
    expect(typeof ack.measurementId === 'string' && /^[0-9a-f-]{36}$/i.test(ack.measurementId),
      `measurementId is not a UUID: ${ack.measurementId}`);
  });

  await run('node getMeteredEntitlement(templates, requestedUsage 1) at usage 12 -> RequestedUsageExceedingLimit', async () => {
    const e = await stigg.getMeteredEntitlement({
      customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, options: { requestedUsage: 1 },
    });
    expectEq(pick(e, ['hasAccess', 'isFallback', 'accessDeniedReason', 'usageLimit', 'currentUsage', 'requestedUsage']),
      { hasAccess: false, isFallback: false, accessDeniedReason: AccessDeniedReason.RequestedUsageExceedingLimit,
        usageLimit: 12, currentUsage: 12, requestedUsage: 1 },
      'metered entitlement at the limit');
    // requestedUsage defaults to 0: at the limit, still granted
    const e0 = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES });
    expectEq(pick(e0, ['hasAccess', 'isFallback', 'currentUsage']), { hasAccess: true, isFallback: false, currentUsage: 12 },
      'metered entitlement at the limit without requestedUsage');
  });

  await run('node reportUsage(api-calls, DELTA then SET) -> currentUsage and the MONTH period', async () => {
    let ack = await stigg.reportUsage({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS, value: 30 });
    expectEq(ack.currentUsage, 30, 'currentUsage after DELTA 30');
    ack = await stigg.reportUsage({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS, value: 20,
      updateBehavior: 'SET' });
    expect(startDate, 'no subscription startDate (the raw get above failed)');
    expectEq(pick(ack, ['currentUsage', 'usagePeriodStart', 'usagePeriodEnd', 'nextResetDate']),
      { currentUsage: 20, usagePeriodStart: startDate, usagePeriodEnd: addMonth(startDate), nextResetDate: addMonth(startDate) },
      'reportUsage SET 20 ack');
    const e = await stigg.getMeteredEntitlement({ customerId: cid, resourceId: RESOURCE, featureId: API_CALLS });
    expectEq(pick(e, ['hasAccess', 'isFallback', 'currentUsage']), { hasAccess: true, isFallback: false, currentUsage: 20 },
      'api-calls after the reports');
  });

  await run('node reportUsageBulk -> one ack per usage, in order', async () => {
    const acks = await stigg.reportUsageBulk({ usages: [
      { customerId: cid, resourceId: RESOURCE, featureId: API_CALLS, value: 1 },
      { customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES, value: -2 },
      { customerId: cid, resourceId: RESOURCE, featureId: API_CALLS, value: 4 },
    ] });
    expectEq(acks.map((a) => [a.featureId, a.currentUsage]), [[API_CALLS, 21], [TEMPLATES, 10], [API_CALLS, 25]],
      'acks [featureId, currentUsage]');
  });

  // Templates (a Fluctuating meter: no usage period, so no resets) were reported twice in calls of
  // their own: 12, then -2 in the bulk above.
  const historyStart = new Date(Date.now() - 60 * 60 * 1000);
  let historyPoints = null;

  await run('node getUsageHistoryV2(templates, resource-01) -> one series, tags [], points 12 then 10, no markers', async () => {
    const h = await stigg.getUsageHistoryV2({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES,
      startDate: historyStart });
    expect(h, `getUsageHistoryV2 answered ${h}${sdkContext()}`);
    expectEq(h.markers, [], 'markers (a Fluctuating meter never resets)');
    expectEq(h.series.map((s) => s.tags), [[]], 'series tags');
    const points = h.series[0].points;
    expectEq(points.map((p) => [p.value, p.isResetPoint]), [[12, false], [10, false]], 'points [value, isResetPoint]');
    const now = Date.now();
    for (const p of points) {
      const t = new Date(p.timestamp).getTime();
      expect(Number.isFinite(t) && t >= historyStart.getTime() && t <= now + 5000,
        `point timestamp ${p.timestamp} is not between ${historyStart.toISOString()} and now`);
    }
    expect(new Date(points[0].timestamp) <= new Date(points[1].timestamp), `points not in time order: ${canon(points)}`);
    historyPoints = points;
  });

  await run('node fetchUsageHistory (deprecated, usageHistory) -> the same points as getUsageHistoryV2', async () => {
    const h = await stigg.fetchUsageHistory({ customerId: cid, resourceId: RESOURCE, featureId: TEMPLATES,
      startDate: historyStart });
    expect(Array.isArray(h), `fetchUsageHistory answered ${canon(h)} (it returns undefined on errors)${sdkContext()}`);
    expectEq(h.map((p) => [p.value, p.isResetPoint]), [[12, false], [10, false]], 'points [value, isResetPoint]');
    expect(h.every((p) => p.date instanceof Date && !Number.isNaN(p.date.getTime())), `dates not parsed: ${canon(h)}`);
    expect(historyPoints, 'no getUsageHistoryV2 points to compare with (it failed above)');
    expectEq(h.map((p) => p.date), historyPoints.map((p) => new Date(p.timestamp)), "dates vs getUsageHistoryV2's timestamps");
  });

  await run('node checks of an unknown customer -> CustomerNotFound, not a fallback', async () => {
    const nobody = newId('nobody');
    const b = await stigg.getBooleanEntitlement({ customerId: nobody, resourceId: RESOURCE, featureId: DOMAIN });
    expectEq(pick(b, ['hasAccess', 'isFallback', 'accessDeniedReason']),
      { hasAccess: false, isFallback: false, accessDeniedReason: AccessDeniedReason.CustomerNotFound }, 'boolean entitlement');
    const m = await stigg.getMeteredEntitlement({ customerId: nobody, resourceId: RESOURCE, featureId: TEMPLATES,
      options: { requestedUsage: 1 } });
    expectEq(pick(m, ['hasAccess', 'isFallback', 'accessDeniedReason']),
      { hasAccess: false, isFallback: false, accessDeniedReason: AccessDeniedReason.CustomerNotFound }, 'metered entitlement');
  });

  await run('node reportUsage for an unknown feature -> rejects with FeatureNotFound', async () => {
    let error = null;
    try {
      const ack = await stigg.reportUsage({ customerId: cid, resourceId: RESOURCE, featureId: `feature-unknown-${RUN_ID}`,
        value: 1 });
      throw new Failure(`reportUsage succeeded: ${short(ack)}`);
    } catch (err) {
      if (err instanceof Failure) throw err;
      error = err;
    }
    // The SDK rethrows its own error carrying the first GraphQL error's extensions.code.
    expect(error.errorCode === 'FeatureNotFound',
      `expected errorCode FeatureNotFound, got ${error.name}: ${error.message} (errorCode ${error.errorCode})`);
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
