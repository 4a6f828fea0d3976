"""The profile: the deployment standard as typed data.

The sections are typed records (doalint.typed): the bundled profile, whose values have their
declared types, is built without importing pydantic; anything to coerce or to reject goes to
pydantic, whose errors the messages quote."""

from __future__ import annotations

import json
from pathlib import Path
from functools import cached_property
from typing import Any, Optional, Union

from doalint.errors import UsageError

from doalint.resources import default_profile_path, rules_dir
from doalint.typed import Invalid, Record
from doalint.yamlfile import read_yaml, schema_errors


class _M(Record):
    # a section is validated the first time a run reads it (see Profile's properties)
    record_config = {"extra": "forbid", "frozen": True}


class CatalogEntry(_M):
    name: str = ""
    port: int
    cpu: int
    memory: int
    min: int
    max: int
    target_rps: Union[int, float]
    path: str
    inferred: list[str] = []


class LogSettings(_M):
    driver: str
    group: str
    region: str
    stream_prefix: str


class HealthCheckSettings(_M):
    type: str
    command: str
    interval: int
    timeout: int
    retries: int
    start_period: int


class TaskSettings(_M):
    network_mode: str
    compatibility: str
    app_container: str
    port_protocol: str
    environment: dict[str, str]
    secret_name_markers: list[str]
    secret_value_patterns: list[str]
    ssm_prefix: str
    log: LogSettings
    health_check: HealthCheckSettings
    ulimit_nofile: int
    stop_timeout: int
    required_tags: list[str]
    image_registry: str
    mutable_image_tags: list[str]


class CircuitBreaker(_M):
    enable: bool
    rollback: bool


class ServiceSettings(_M):
    launch_type: str
    capacity_providers: list[str]
    min_platform_version: str
    circuit_breaker: CircuitBreaker
    minimum_healthy_percent: int
    maximum_percent: int
    assign_public_ip: str
    min_subnets: int
    min_security_groups: int
    propagate_tags: str
    enable_ecs_managed_tags: bool


class MetricTarget(_M):
    metric: str
    target: Union[int, float]


class MetricName(_M):
    metric: str


class AutoScalingSettings(_M):
    service_namespace: str
    scalable_dimension: str
    resource_id: str
    cpu: MetricTarget
    memory: MetricTarget
    requests: MetricName
    scale_in_cooldown: int
    scale_out_cooldown: int


class BlueTermination(_M):
    action: str
    wait_minutes: int


class TrafficRouting(_M):
    name: str
    type: str
    percentage: Optional[int] = None
    interval: Optional[int] = None


class AppSpecSettings(_M):
    version: str
    target_type: str
    assign_public_ip: str
    hooks: list[str]
    min_hooks: int


class CodeDeploySettings(_M):
    rollback_events: list[str]
    alarms: list[str]
    ignore_poll_alarm_failure: bool
    blue_termination: BlueTermination
    traffic_routing: list[TrafficRouting]
    appspec: AppSpecSettings


class ServiceDiscoverySettings(_M):
    record_type: str
    ttl: int
    routing_policy: str
    failure_threshold: int


class TargetHealthCheck(_M):
    protocol: str
    path: str
    interval: int
    timeout: int
    healthy_threshold: int
    unhealthy_threshold: int
    matcher: str


class LoadBalancingSettings(_M):
    health_check: TargetHealthCheck
    target_type: str
    deregistration_delay: int


class IamSettings(_M):
    policy_version: str
    ssm_read_actions: list[str]
    secret_read_actions: list[str]
    ssm_resource: str
    log_group_resource: str


class CpuAlarmSettings(_M):
    namespace: str
    metric: str
    statistic: str
    comparison: str
    threshold: Union[int, float]
    period: int
    evaluation_periods: int
    dimensions: list[str]
    action_service: str


class MonitoringSettings(_M):
    container_insights: str
    cpu_alarm: CpuAlarmSettings


class AlbGroupSettings(_M):
    name_pattern: str
    public_ports: list[int]


class TaskGroupSettings(_M):
    name_pattern: str
    port_range: tuple[int, int]


class SecurityGroupSettings(_M):
    anywhere: list[str]
    alb: AlbGroupSettings
    tasks: TaskGroupSettings


class Profile(_M):
    schema_version: int
    name: str
    standard: str = ""
    region: str
    account_id: Optional[str] = None
    cluster: str
    services: dict[str, CatalogEntry]
    # the area sections (task, service, autoscaling, ...), as written; each is validated into
    # its typed model the first time a rule reads it (see the properties below)
    sections: dict[str, Any] = {}
    source: str = ""

    def _section(self, name: str):
        cls = SECTIONS[name]
        try:
            return cls.model_validate(self.sections.get(name))
        except Invalid as exc:
            raise _located(exc, (name,), Path(self.source)) from None

    @cached_property
    def task(self) -> TaskSettings:
        return self._section("task")

    @cached_property
    def service(self) -> ServiceSettings:
        return self._section("service")

    @cached_property
    def autoscaling(self) -> AutoScalingSettings:
        return self._section("autoscaling")

    @cached_property
    def codedeploy(self) -> CodeDeploySettings:
        return self._section("codedeploy")

    @cached_property
    def service_discovery(self) -> ServiceDiscoverySettings:
        return self._section("service_discovery")

    @cached_property
    def load_balancing(self) -> LoadBalancingSettings:
        return self._section("load_balancing")

    @cached_property
    def iam(self) -> IamSettings:
        return self._section("iam")

    @cached_property
    def monitoring(self) -> MonitoringSettings:
        return self._section("monitoring")

    @cached_property
    def security_groups(self) -> SecurityGroupSettings:
        return self._section("security_groups")

    def as_dict(self) -> dict:
        """The whole profile as plain data (for explain)."""
        out = self.model_dump(exclude={"sections"})
        out.update(self.sections)
        return out

    def fill(self, template: str, service: Optional[CatalogEntry] = None, regex: bool = False) -> str:
        """Fill ``{service}``, ``{port}``, ``{region}``, ``{account}``, ``{cluster}``,
        ``{ssm_prefix}`` in a template. Without a profile account, ``{account}`` stays as
        written (or, with ``regex=True``, matches any 12-digit account)."""
        import re

        account = self.account_id or (r"[0-9]{12}" if regex else "{account}")
        esc = re.escape if regex else (lambda s: s)
        values = {
            "region": esc(self.region),
            "account": account if regex and not self.account_id else esc(account),
            "cluster": esc(self.cluster),
            "ssm_prefix": esc(self.task.ssm_prefix),
            "service": esc(service.name) if service else "{service}",
            "port": str(service.port) if service else "{port}",
        }
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


SECTIONS: dict[str, type] = {
    "task": TaskSettings,
    "service": ServiceSettings,
    "autoscaling": AutoScalingSettings,
    "codedeploy": CodeDeploySettings,
    "service_discovery": ServiceDiscoverySettings,
    "load_balancing": LoadBalancingSettings,
    "iam": IamSettings,
    "monitoring": MonitoringSettings,
    "security_groups": SecurityGroupSettings,
}


def _located(exc: Invalid, prefix: tuple, path: Path) -> UsageError:
    """A one-line error naming the key and its line in the profile file."""
    err = exc.errors()[0]
    loc = prefix + tuple(err["loc"])
    if len(loc) == 3 and loc[0] == "services" and loc[-1] == "name":
        loc = loc[:-1]
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    try:
        _, smap = read_yaml(path, "profile")
        span, _ = smap.locate(loc)
        where = f":{span.line}:{span.col}"
    except (UsageError, OSError):
        where = ""
    return UsageError(f"profile {path}{where}: {dotted}: {err['msg']}")


def load_profile(path: Optional[Path] = None) -> Profile:
    """Load and validate a profile; a broken one raises UsageError naming key and line.

    A profile given by the user is checked against ``profile.schema.json``. The
    bundled default is checked against the schema by the test suite instead, which
    keeps jsonschema off the fast path; the typed model still rejects wrong types
    and unknown keys at run time, so an edited bundled profile cannot slip through.
    """
    default = default_profile_path()
    path = Path(path) if path else default
    value, smap = read_yaml(path, "profile")
    if path.resolve() != default.resolve():
        if not isinstance(value, dict) or "schema_version" not in value:  # never quote what the file holds
            raise UsageError(f"profile {path}: not a doalint profile file (no schema_version mapping at its top;"
                             " see rules/standard.yaml)")
        schema = json.loads((rules_dir() / "profile.schema.json").read_text(encoding="utf-8"))
        schema_errors(value, smap, schema, path, "profile")
    if not isinstance(value, dict) or not isinstance(value.get("services"), dict):
        raise UsageError(f"profile {path}: expected a mapping with a 'services' mapping")
    value = dict(value)
    value["services"] = {
        k: ({**v, "name": k} if isinstance(v, dict) else v) for k, v in value["services"].items()
    }
    value["source"] = str(path)
    missing = [name for name in SECTIONS if name not in value]
    if missing:
        raise UsageError(f"profile {path}: the section {missing[0]!r} is missing")
    value["sections"] = {name: value.pop(name) for name in SECTIONS}
    try:
        profile = Profile.model_validate(value)
    except Invalid as exc:
        raise _located(exc, (), path) from None
    if path.resolve() != default.resolve():
        for name in SECTIONS:  # a profile given by the user: every section now, not mid-run
            getattr(profile, name)
        _check_patterns(profile, smap, path)
    return profile


def _check_patterns(profile: Profile, smap, path: Path) -> None:
    """The profile's regular expressions compile, and none nests a repetition inside a repetition
    (``(a+)+``, ``(\\w*)*``): Python's engine backtracks through such a pattern in exponential time,
    so a value of a file under check could hang the run."""
    import re

    task = profile.task
    found = [(("task", "secret_value_patterns", i), p) for i, p in enumerate(task.secret_value_patterns)]
    found.append((("task", "image_registry"), profile.fill(task.image_registry, None, regex=True)
                  .replace("{service}", "x").replace("{port}", "1")))
    groups = profile.security_groups
    found += [(("security_groups", "alb", "name_pattern"), groups.alb.name_pattern),
              (("security_groups", "tasks", "name_pattern"), groups.tasks.name_pattern)]
    for loc, pattern in found:
        problem = ""
        try:
            from re import _parser

            if _nested_repeat(_parser.parse(pattern).data, False):
                problem = ("nested repetition (a repeated part that itself repeats, like `(a+)+`) can take "
                           "exponential time on some values: write it without one")
        except re.error as exc:
            problem = f"not a regular expression ({exc})"
        if problem:
            span, _ = smap.locate(loc)
            dotted = ".".join(str(p) for p in loc)
            raise UsageError(f"profile {path}:{span.line}:{span.col}: {dotted}: {problem}")


def _nested_repeat(items, repeated: bool) -> bool:
    """Whether a parsed pattern (``re._parser``) repeats, more than once, something inside a part
    that is itself repeated more than once."""
    from re import _constants as c

    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            many = hi is c.MAXREPEAT or hi > 1
            if many and repeated:
                return True
            if _nested_repeat(sub.data, repeated or many):
                return True
        elif op == c.SUBPATTERN:
            if _nested_repeat(av[-1].data, repeated):
                return True
        elif op == c.BRANCH:
            if any(_nested_repeat(b.data, repeated) for b in av[1]):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _nested_repeat(av[1].data, repeated):
                return True
        elif op == c.ATOMIC_GROUP:
            if _nested_repeat(av.data, repeated):
                return True
        elif op == c.GROUPREF_EXISTS:
            if any(b is not None and _nested_repeat(b.data, repeated) for b in av[1:]):
                return True
    return False
