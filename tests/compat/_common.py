"""Shared helpers for the plangate compatibility scenarios (standard library only).

Imported by v1_scenarios.py and v2_scenarios.py, which run in two different
virtualenvs (the official Stigg clients v1 and v2), so nothing here may depend
on either client.
"""

import json
import os
import re
import sys
import traceback
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

# RFC 3339, milliseconds, UTC "Z" -- e.g. 2026-11-30T02:19:00.123Z
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

RUN_ID = uuid.uuid4().hex[:10]


def env_config():
    url = os.environ.get("PLANGATE_URL")
    key = os.environ.get("PLANGATE_API_KEY")
    if not url or not key:
        print("PLANGATE_URL and PLANGATE_API_KEY must be set", file=sys.stderr)
        print("RESULT passed=0 failed=1")
        sys.exit(2)
    return url, key


def new_id(label):
    """A customer id unique to this run."""
    return f"compat-{RUN_ID}-{label}-{uuid.uuid4().hex[:6]}"


class Failure(AssertionError):
    pass


def expect(cond, msg):
    if not cond:
        raise Failure(msg)


def expect_eq(actual, expected, what):
    if actual != expected:
        raise Failure(f"{what}: expected {expected!r}, got {actual!r}")


def parse_time(value, what):
    """Check the RFC 3339 millisecond UTC format and return an aware datetime."""
    expect(isinstance(value, str), f"{what}: expected a string timestamp, got {value!r}")
    expect(TIME_RE.match(value), f"{what}: {value!r} is not RFC 3339 with milliseconds and 'Z'")
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def short(value, limit=600):
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit] + "...(truncated)"


class Reporter:
    """Prints one line per scenario and a final machine-readable RESULT line."""

    def __init__(self, title):
        self.title = title
        self.passed = 0
        self.failed = 0
        print(f"# {title} (run id {RUN_ID})", flush=True)

    def _record(self, name, error):
        if error is None:
            self.passed += 1
            print(f"PASS {name}", flush=True)
        else:
            self.failed += 1
            if isinstance(error, Failure):
                reason = str(error)
            else:
                reason = f"{type(error).__name__}: {error}"
                tb = traceback.format_exception(type(error), error, error.__traceback__)
                print("".join("    " + line for line in "".join(tb).splitlines(True)), end="",
                      file=sys.stderr)
            reason = " ".join(reason.split())
            print(f"FAIL {name}: {reason}", flush=True)

    def run(self, name, fn, *args):
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001 - one scenario must never stop the file
            if isinstance(exc, KeyboardInterrupt):
                raise
            self._record(name, exc)
        else:
            self._record(name, None)

    async def arun(self, name, coro_fn, *args):
        try:
            await coro_fn(*args)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            self._record(name, exc)
        else:
            self._record(name, None)

    def finish(self):
        print(f"RESULT passed={self.passed} failed={self.failed}", flush=True)
        sys.exit(1 if self.failed or not self.passed else 0)


class RawResponse:
    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text
        try:
            self.json = json.loads(text) if text else None
        except ValueError:
            self.json = None

    @property
    def errors(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("errors"), list):
            return self.json["errors"]
        return []

    @property
    def data(self):
        return self.json.get("data") if isinstance(self.json, dict) else None

    def codes(self):
        return [((e.get("extensions") or {}).get("code")) for e in self.errors if isinstance(e, dict)]

    def describe(self):
        return f"HTTP {self.status}: {short(self.text)}"


def raw_post(url, query, variables=None, api_key=None, operation_name=None,
             content_type="application/json", extra_headers=None, send_operation_name=True):
    """POST a GraphQL request with urllib; never raises on HTTP error statuses."""
    body = {"query": query, "variables": variables}
    if send_operation_name:
        body["operationName"] = operation_name
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    if api_key is not None:
        headers["X-API-KEY"] = api_key
    headers.update(extra_headers or {})
    req = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers,
                                 method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return RawResponse(resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as err:
        return RawResponse(err.code, dict(err.headers or {}), err.read().decode("utf-8", "replace"))


# Minimal, valid documents for raw requests (used to set up / verify state
# independently of the client under test).
RAW_PROVISION = """
mutation RawProvision($input: ProvisionCustomerInput!) {
  provisionCustomer(input: $input) {
    subscriptionDecisionStrategy
    subscription { id }
    customer { id customerId refId name email additionalMetaData createdAt updatedAt }
  }
}
"""

RAW_GET = """
query RawGet($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) {
    id customerId refId name email additionalMetaData createdAt updatedAt
  }
}
"""


def raw_provision(url, key, customer_id, **fields):
    inp = {"customerId": customer_id}
    inp.update(fields)
    resp = raw_post(url, RAW_PROVISION, {"input": inp}, api_key=key, operation_name="RawProvision")
    expect(resp.status == 200 and not resp.errors and resp.data and resp.data.get("provisionCustomer"),
           f"raw provision of {customer_id} failed: {resp.describe()}")
    return resp.data["provisionCustomer"]


def raw_get(url, key, customer_id):
    return raw_post(url, RAW_GET, {"input": {"customerId": customer_id}}, api_key=key,
                    operation_name="RawGet")


def expect_raw_code(resp, code, what):
    expect(resp.status == 200, f"{what}: expected HTTP 200 with a coded error, got {resp.describe()}")
    expect(code in resp.codes(), f"{what}: expected extensions.code {code!r}, got {resp.describe()}")
