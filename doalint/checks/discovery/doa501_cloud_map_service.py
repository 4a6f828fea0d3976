"""DOA501: the Cloud Map service publishes an A record with the standard's TTL and routing policy,
and uses a custom health check."""

from doalint.engine.registry import Rule, Violation

# AWS API facts (servicediscovery):
# HealthCheckCustomConfig.FailureThreshold is deprecated; Cloud Map always uses 1, whatever is written.
AWS_FAILURE_THRESHOLD = 1
HTTP_ONLY = "HTTP"  # CreateService Type: instances discoverable only through DiscoverInstances, no DNS


RULE = Rule("DOA501", needs_service=False)


def check(svc, ctx):
    sd = ctx.profile.service_discovery
    want_dns = f"an {sd.record_type!r} record with TTL {sd.ttl} and RoutingPolicy {sd.routing_policy!r}"
    dns = svc.DnsConfig
    if dns is None:
        if svc.Type == HTTP_ONLY:
            yield Violation(
                ("Type",),
                f"Type is {HTTP_ONLY!r}, so Cloud Map creates no DNS records and the tasks can only be found "
                f"through the DiscoverInstances API; the standard requires DNS discovery: DnsConfig with {want_dns}",
            )
        else:
            yield Violation(
                ("DnsConfig",),
                f"DnsConfig is not set, so Cloud Map publishes no DNS records for the tasks; the standard "
                f"requires {want_dns}",
            )
    else:
        yield from _records(dns, sd)
        base = ("DnsConfig", "RoutingPolicy")
        policy = dns.RoutingPolicy
        if policy is None:
            yield Violation(
                base,
                f"DnsConfig.RoutingPolicy is not set; the standard requires {sd.routing_policy!r}, written out "
                "(the routing policy of a Cloud Map service cannot be changed after it is created)",
            )
        elif policy != sd.routing_policy:
            yield Violation(base, f"DnsConfig.RoutingPolicy is {policy!r}; the standard requires {sd.routing_policy!r}")

    custom = svc.HealthCheckCustomConfig
    want_hc = f"a custom health check (HealthCheckCustomConfig with FailureThreshold {sd.failure_threshold})"
    if svc.HealthCheckConfig is not None:
        if custom is None:
            msg = (f"HealthCheckConfig sets a Route 53 health check, which cannot reach tasks in private subnets; "
                   f"the standard requires {want_hc}, through which ECS reports each task's health")
        else:
            msg = ("HealthCheckConfig is set beside HealthCheckCustomConfig; a service can have only one of them, "
                   "and the standard's is the custom health check")
        yield Violation(("HealthCheckConfig",), msg)
    elif custom is None:
        yield Violation(
            ("HealthCheckCustomConfig",),
            "HealthCheckCustomConfig is not set, so Cloud Map keeps answering with the addresses of tasks that ECS "
            f"found unhealthy; the standard requires {want_hc}",
        )
    if custom is not None:
        got = custom.FailureThreshold
        path = ("HealthCheckCustomConfig", "FailureThreshold")
        if got is None and AWS_FAILURE_THRESHOLD != sd.failure_threshold:
            yield Violation(
                path,
                f"HealthCheckCustomConfig.FailureThreshold is not set, so Cloud Map uses {AWS_FAILURE_THRESHOLD}; "
                f"the standard requires {sd.failure_threshold}",
            )
        elif got is not None and got != sd.failure_threshold:
            yield Violation(
                path,
                f"HealthCheckCustomConfig.FailureThreshold is {got}; the standard requires {sd.failure_threshold} "
                f"(AWS no longer honours this setting and always uses {AWS_FAILURE_THRESHOLD})",
            )


def _records(dns, sd):
    path = ("DnsConfig", "DnsRecords")
    records = dns.records()
    wanted = [(i, r) for i, r in records if r.Type == sd.record_type]
    if not wanted:
        if dns.DnsRecords and not records:
            return  # entries that are not objects are DOA002's finding
        types = sorted({r.Type for _, r in records if r.Type})
        if not dns.DnsRecords:
            found = "is not set" if dns.DnsRecords is None else "is empty"
        elif types:
            found = "has only " + ", ".join(repr(t) for t in types) + " records"
        else:
            found = "has no record with a Type"
        yield Violation(
            path,
            f"DnsConfig.DnsRecords {found}; the standard requires an {sd.record_type!r} record (the task's "
            f"private IP address) with TTL {sd.ttl}",
        )
        return
    for i, r in wanted:
        # A record without TTL is missing a required member: DOA002's finding.
        if r.TTL is not None and r.TTL != sd.ttl:
            yield Violation(
                path + (i, "TTL"),
                f"the {sd.record_type!r} record's TTL is {r.TTL} seconds; the standard requires {sd.ttl}",
            )
