"""plangate's billing integration and webhooks with the official Stigg Python client v2
(issue 13's acceptance): with localstripe (a Stripe emulator from PyPI) running and a Stripe
integration added, the seed's provision with billing information returns at once; within
seconds `get_customer_by_id` has a `billingId`; the database holds no trace of the street
address; a webhook receiver got a `customer.created` whose signature PyPI's
`standardwebhooks` verifies, and after `provision_subscription` a `subscription.created`
(with the subscription's id and its customer) that it verifies too.

Run with the interpreter printed by `stigg-reference python v2`; localstripe and
standardwebhooks run in another Python (`PLANGATE_COMPAT_SYSTEM_PYTHON`, default `python3`:
`pip install localstripe standardwebhooks`). The server must have been started with
`PLANGATE_SECRET_KEY` in its environment (run.sh does); this file adds the integration and
the endpoint with the plangate CLI (`PLANGATE_BIN`, `PLANGATE_DATABASE_URL`).
Prints PASS/FAIL per scenario and a final `RESULT passed=N failed=M` line.
"""

import asyncio
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import Reporter, expect, expect_eq, new_id, short  # noqa: E402
from v2_scenarios import KEY, URL  # noqa: E402

from stigg import Stigg  # noqa: E402
from stigg.generated.input_types import (  # noqa: E402
    Address,
    CustomerBillingInfo,
    GetCustomerByRefIdInput,
    ProvisionCustomerInput,
    ProvisionSubscriptionInput,
)

BIN = os.environ.get("PLANGATE_BIN", "")
DATABASE = os.environ.get("PLANGATE_DATABASE_URL", "")
SYSTEM_PY = os.environ.get("PLANGATE_COMPAT_SYSTEM_PYTHON", "python3")
STRIPE_KEY = "sk_test_plangate_compat"
STREET = "123 Main Street, compat"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Hooks(http.server.ThreadingHTTPServer):
    """A webhook receiver: records (headers, body) of every POST, answers 200."""

    def __init__(self):
        self.got = []
        hooks = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode()
                hooks.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hooks"
        threading.Thread(target=self.serve_forever, daemon=True).start()


def cli(*args):
    """Runs the plangate CLI on the server's database; returns its stdout."""
    out = subprocess.run([BIN, *args, "--database-url", DATABASE], capture_output=True, text=True,
                         timeout=60)
    expect(out.returncode == 0, f"plangate {' '.join(args[:3])} failed: {short(out.stderr)}")
    return out.stdout


def start_localstripe():
    port = free_port()
    proc = subprocess.Popen(
        [SYSTEM_PY, "-c",
         "import sys; from aiohttp import web; from localstripe.server import app; "
         "web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None)", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            stripe_get(base, "/v1/customers")
            return proc, base
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise AssertionError(
                    f"localstripe did not start with {SYSTEM_PY} (pip install localstripe)")
            time.sleep(0.1)


def stripe_get(base, path):
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {STRIPE_KEY}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def verify_signature(secret, headers, body):
    """PyPI standardwebhooks' verdict on a received webhook."""
    script = ("import json, sys\nfrom standardwebhooks import Webhook\nm = json.load(sys.stdin)\n"
              "Webhook(m['secret']).verify(m['body'], m['headers'])\nprint('valid')\n")
    out = subprocess.run([SYSTEM_PY, "-c", script], capture_output=True, text=True, timeout=60,
                         input=json.dumps({"secret": secret, "body": body, "headers": headers}))
    expect(out.stdout.strip() == "valid",
           f"standardwebhooks refused the signature: {short(out.stderr)}")


def database_bytes():
    """The SQLite database's files, or None on PostgreSQL."""
    if not DATABASE.startswith("sqlite://"):
        return None
    path = DATABASE[len("sqlite://"):].split("?")[0]
    folder = os.path.dirname(path) or "."
    data = b""
    for name in os.listdir(folder):
        if name.startswith(os.path.basename(path)):
            with open(os.path.join(folder, name), "rb") as f:
                data += f.read()
    return data


async def acceptance(client):
    proc, base = start_localstripe()
    hooks = Hooks()
    endpoint = None
    try:
        cli("integration", "add", "stripe", "--environment", "development",
            "--secret-key", STRIPE_KEY, "--base-url", base)
        added = cli("webhook", "add", "--environment", "development", "--url", hooks.url,
                    "--event", "customer.created", "--event", "subscription.created")
        fields = dict(line.split(": ", 1) for line in added.splitlines() if ": " in line)
        endpoint, secret = fields["id"], fields["secret"]

        cid = new_id("billing")
        started = time.monotonic()
        await client.provision_customer(ProvisionCustomerInput(
            customer_id=cid, name="My very first customer", email="john@example.com",
            billing_information=CustomerBillingInfo(
                language="en", timezone="America/New_York",
                billing_address=Address(country="US", city="New York", state="NY",
                                        address_line_1=STREET, postal_code="10164"))))
        answered = time.monotonic() - started

        deadline = time.monotonic() + 15
        while True:
            got = await client.get_customer_by_id(GetCustomerByRefIdInput(customer_id=cid))
            billing_id = got.get_customer_by_ref_id.billing_id
            if billing_id or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        expect(billing_id and billing_id.startswith("cus_"),
               f"no Stripe billingId within 15 s (provision answered in {answered:.2f} s)")
        customers = [c for c in stripe_get(base, "/v1/customers?limit=100")["data"]
                     if c.get("metadata", {}).get("plangateCustomerId") == cid]
        expect_eq(len(customers), 1, "Stripe customers of this customer")
        expect_eq(customers[0]["id"], billing_id, "the Stripe customer is the billingId")
        expect_eq(customers[0]["address"]["line1"], STREET, "Stripe's address line")
        expect_eq(customers[0]["preferred_locales"], ["en"], "Stripe's preferred locales")

        stored = database_bytes()
        if stored is not None:
            expect(cid.encode() in stored, "the database files hold the customer")
            expect(STREET.encode() not in stored, "the street address is in the database files")

        deadline = time.monotonic() + 15
        mine = []
        while not mine and time.monotonic() < deadline:
            mine = [(h, b) for h, b in hooks.got if json.loads(b).get("id") == cid]
            time.sleep(0.05)
        expect(mine, "no customer.created webhook within 15 s")
        headers, body = mine[0]
        event = json.loads(body)
        expect_eq(event["type"], "customer.created", "webhook type")
        expect_eq(event["messageId"], headers.get("webhook-id"), "messageId is the webhook-id")
        expect(STREET not in body, "the webhook carries billing information")
        verify_signature(secret, {k: headers.get(k) for k in
                                  ("webhook-id", "webhook-timestamp", "webhook-signature")}, body)

        sub_id = new_id("billing-sub")
        await client.provision_subscription(ProvisionSubscriptionInput(
            customer_id=cid, plan_id="plan-free", subscription_id=sub_id,
            resource_id="resource-01"))
        deadline = time.monotonic() + 15
        subs = []
        while not subs and time.monotonic() < deadline:
            subs = [(h, b) for h, b in hooks.got
                    if json.loads(b).get("type") == "subscription.created"
                    and json.loads(b).get("id") == sub_id]
            time.sleep(0.05)
        expect(subs, "no subscription.created webhook within 15 s")
        headers, body = subs[0]
        event = json.loads(body)
        expect_eq(event["customer"]["id"], cid, "subscription.created's customer")
        expect_eq(event["plan"]["id"], "plan-free", "subscription.created's plan")
        expect_eq(event["messageId"], headers.get("webhook-id"), "messageId is the webhook-id")
        verify_signature(secret, {k: headers.get(k) for k in
                                  ("webhook-id", "webhook-timestamp", "webhook-signature")}, body)
    finally:
        if endpoint:
            cli("webhook", "remove", endpoint)
        hooks.shutdown()
        proc.kill()
        proc.wait()


async def main():
    rep = Reporter("plangate billing integration and webhooks with the official Python client v2")
    if not BIN or not DATABASE:
        print("PLANGATE_BIN and PLANGATE_DATABASE_URL must be set (run.sh sets them)")
        print("RESULT passed=0 failed=1")
        sys.exit(2)
    client = Stigg.create_async_client(api_key=KEY, api_url=URL, enable_edge=False)
    try:
        await rep.arun("v2 provision_customer with billing information + Stripe (localstripe) "
                       "integration -> answered at once, billingId within seconds, no street "
                       "address stored, signed customer.created and subscription.created "
                       "verified by standardwebhooks",
                       acceptance, client)
    finally:
        await client.http_client.aclose()
    rep.finish()


if __name__ == "__main__":
    asyncio.run(main())
