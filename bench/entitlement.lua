-- wrk script: one entitlement check (the seed's customer, resource and metered feature) per
-- request, as the SDKs send it on every request of an app. The customer id comes from the
-- environment (BENCH_CUSTOMER), the key from BENCH_KEY.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-KEY"] = os.getenv("BENCH_KEY")
wrk.body = '{"query":"query ($q: FetchEntitlementQuery!) { entitlement(query: $q) { isGranted accessDeniedReason usageLimit currentUsage hasUnlimitedUsage hasSoftLimit usagePeriodEnd entitlementUpdatedAt feature { refId featureType meterType } } }","variables":{"q":{"customerId":"' .. os.getenv("BENCH_CUSTOMER") .. '","resourceId":"resource-01","featureId":"feature-01-templates","options":{"requestedUsage":1}}}}'

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
