// plangate's GraphQL-over-HTTP conventions with real web clients, pinned in package.json:
// urql (@urql/core) with its defaults (queries by GET) and with its persisted-queries exchange,
// and Apollo Client 4 with `useGETForQueries` and `PersistedQueryLink` (automatic persisted
// queries, hashes by GET). Each client's requests are recorded (a wrapping `fetch`) so the
// scenarios check the protocol as well as the answers: a query really went by GET, the first
// hash-only request got `PersistedQueryNotFound` and the client then sent the document, a
// second client got the answer from the hash alone.
//
//   PLANGATE_URL=http://127.0.0.1:PORT/graphql PLANGATE_API_KEY=KEY node clients.mjs
//
// Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line, like the other
// scenario files of tests/compat.

import { createHash, randomBytes } from 'node:crypto';

import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

const URL_ = process.env.PLANGATE_URL;
const KEY = process.env.PLANGATE_API_KEY;
if (!URL_ || !KEY) {
  console.error('PLANGATE_URL and PLANGATE_API_KEY must be set');
  console.log('RESULT passed=0 failed=1');
  process.exit(2);
}

const RUN_ID = randomBytes(5).toString('hex');
const newId = (label) => `compat-web-${RUN_ID}-${label}`;
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

class Failure extends Error {}
function check(condition, message, detail) {
  if (!condition) {
    throw new Failure(`${message}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 800)}`}`);
  }
}

// A fetch that records what each client sent and what it got.
function recordingFetch(log) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    const method = (init.method || 'GET').toUpperCase();
    const response = await fetch(input, init);
    const text = await response.clone().text();
    log.push({
      method,
      query: url.searchParams.get('query') ?? (init.body ? JSON.parse(init.body).query ?? null : null),
      extensions: url.searchParams.get('extensions') ?? (init.body ? JSON.stringify(JSON.parse(init.body).extensions ?? null) : null),
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text,
    });
    return response;
  };
}

async function provision(customerId) {
  const response = await fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({
      query: 'mutation ($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }',
      variables: { input: { customerId, name: 'Web client', email: 'web@example.com' } },
    }),
  });
  const body = await response.json();
  check(body.data?.provisionCustomer?.customer?.customerId === customerId, 'provisionCustomer', body);
}

const CUSTOMER_QUERY = 'query WebCustomer($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { customerId name email } }';

function urqlClient(log, exchanges = [fetchExchange]) {
  return new Client({
    url: URL_,
    exchanges,
    fetch: recordingFetch(log),
    fetchOptions: { headers: { 'x-api-key': KEY } },
    requestPolicy: 'network-only',
  });
}

function apolloClient(log) {
  const http = new HttpLink({
    uri: URL_,
    headers: { 'x-api-key': KEY },
    useGETForQueries: true,
    fetch: recordingFetch(log),
  });
  const persisted = new PersistedQueryLink({ sha256, useGETForHashedQueries: true });
  return new ApolloClient({
    link: ApolloLink.from([persisted, http]),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'network-only' } },
  });
}

const scenarios = [];
const scenario = (name, fn) => scenarios.push([name, fn]);

scenario('urql with its defaults runs a query by GET', async () => {
  const id = newId('urql');
  await provision(id);
  const log = [];
  const result = await urqlClient(log).query(CUSTOMER_QUERY, { input: { customerId: id } }).toPromise();
  check(!result.error, 'no error', result.error?.message);
  check(result.data.getCustomerByRefId.customerId === id, 'the customer', result.data);
  check(log.length === 1 && log[0].method === 'GET', 'one GET request', log);
  // urql asks for application/graphql-response+json first.
  check(log[0].contentType.startsWith('application/graphql-response+json'), 'graphql-response+json', log[0]);
});

scenario('urql by GET: a domain error keeps its Stigg code', async () => {
  const log = [];
  const result = await urqlClient(log).query(CUSTOMER_QUERY, { input: { customerId: newId('missing') } }).toPromise();
  check(result.error, 'an error', result);
  const codes = result.error.graphQLErrors.map((e) => e.extensions?.code);
  check(codes.includes('CustomerNotFound'), 'CustomerNotFound', codes);
  check(log[0].method === 'GET' && log[0].status === 200, 'GET answered 200', log[0]);
});

scenario('urql: a mutation goes by POST and runs', async () => {
  const log = [];
  const id = newId('urql-mutation');
  const result = await urqlClient(log)
    .mutation('mutation ($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', {
      input: { customerId: id },
    })
    .toPromise();
  check(!result.error, 'no error', result.error?.message);
  check(result.data.provisionCustomer.customer.customerId === id, 'provisioned', result.data);
  check(log.length === 1 && log[0].method === 'POST', 'one POST', log);
});

scenario('urql persisted queries: PersistedQueryNotFound, then the document, then the hash alone', async () => {
  const id = newId('urql-apq');
  await provision(id);
  // A document no client has sent before (urql prints documents, dropping comments: the
  // operation's name makes it new), so its hash is unknown to the server.
  const query = CUSTOMER_QUERY.replace('WebCustomer', `WebCustomerApq${RUN_ID}`);
  const first = [];
  const result = await urqlClient(first, [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange])
    .query(query, { input: { customerId: id } })
    .toPromise();
  check(!result.error, 'no error', result.error?.message);
  check(result.data.getCustomerByRefId.customerId === id, 'the customer', result.data);
  check(first.length === 2, 'two requests (hash, then hash and document)', first);
  check(first[0].method === 'GET' && first[0].query === null, 'first: hash only, by GET', first[0]);
  check(first[0].body.includes('PersistedQueryNotFound'), 'first: PersistedQueryNotFound', first[0]);
  check(first[1].query !== null && first[1].query.includes('getCustomerByRefId'), 'second: with the document', first[1]);
  const second = [];
  const again = await urqlClient(second, [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange])
    .query(query, { input: { customerId: id } })
    .toPromise();
  check(!again.error, 'no error the second time', again.error?.message);
  check(again.data.getCustomerByRefId.customerId === id, 'the customer again', again.data);
  check(second.length === 1 && second[0].method === 'GET' && second[0].query === null, 'hash only, by GET, once', second);
});

scenario('Apollo Client: useGETForQueries and persisted queries by GET', async () => {
  const id = newId('apollo');
  await provision(id);
  // A new operation name each run: a document the server has not seen.
  const query = gql(`
    query ApolloCustomer${RUN_ID}($input: GetCustomerByRefIdInput!) {
      getCustomerByRefId(input: $input) { customerId name }
    }
  `);
  const first = [];
  const result = await apolloClient(first).query({ query, variables: { input: { customerId: id } } });
  check(result.data.getCustomerByRefId.customerId === id, 'the customer', result);
  check(first.length === 2, 'two requests (hash, then hash and document)', first);
  check(first[0].method === 'GET' && first[0].query === null, 'first: hash only, by GET', first[0]);
  check(first[0].body.includes('PERSISTED_QUERY_NOT_FOUND'), 'first: PERSISTED_QUERY_NOT_FOUND', first[0]);
  check(first[1].method === 'GET' && first[1].query !== null, 'second: the document by GET', first[1]);
  const second = [];
  const again = await apolloClient(second).query({ query, variables: { input: { customerId: id } } });
  check(again.data.getCustomerByRefId.name === 'Web client', 'the customer again', again);
  check(second.length === 1 && second[0].method === 'GET' && second[0].query === null, 'hash only, once', second);
});

scenario('Apollo Client: a mutation with a persisted query goes by POST', async () => {
  const id = newId('apollo-mutation');
  const log = [];
  const result = await apolloClient(log).mutate({
    mutation: gql`
      mutation ApolloProvision($input: ProvisionCustomerInput!) {
        provisionCustomer(input: $input) { customer { customerId } }
      }
    `,
    variables: { input: { customerId: id } },
  });
  check(result.data.provisionCustomer.customer.customerId === id, 'provisioned', result);
  check(log.every((r) => r.method === 'POST'), 'POST only', log);
});

let passed = 0;
let failed = 0;
for (const [name, fn] of scenarios) {
  try {
    await fn();
    passed += 1;
    console.log(`PASS web: ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL web: ${name}: ${error instanceof Failure ? error.message : error?.stack ?? error}`);
  }
}
console.log(`RESULT passed=${passed} failed=${failed}`);
