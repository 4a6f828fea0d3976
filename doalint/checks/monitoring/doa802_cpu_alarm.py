"""DOA802: a service's CPU alarm is the standard's, and it notifies an SNS topic."""

from doalint import arns
from doalint.checks._show import number
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

# Alarms that drive scaling rather than tell people (AWS facts): those Application Auto Scaling
# creates for a target tracking policy (named "TargetTracking-<resource>-AlarmHigh-..."), and
# alarms whose every action is a scaling policy (Application and EC2 Auto Scaling policy ARNs
# are arn:<partition>:autoscaling:...). Their CPU thresholds are the scaling policy's, not DOA802's.
MANAGED_ALARM_PREFIX = "TargetTracking-"
_SCALING_SERVICE = "autoscaling"


def _drives_scaling(alarm) -> bool:
    if alarm.AlarmName and alarm.AlarmName.startswith(MANAGED_ALARM_PREFIX):
        return True
    actions = [a for a in (alarm.AlarmActions or []) if a]
    return bool(actions) and all(arns.service_of(a) == _SCALING_SERVICE for a in actions)


def _dimensions(alarm, ctx):
    """Violations of the Dimensions list: exactly the profile's names, with the cluster's
    and the service's values (AWS/ECS names them ClusterName and ServiceName)."""
    std = ctx.profile.monitoring.cpu_alarm
    wanted = list(std.dimensions)
    expected = {alarm.CLUSTER_DIMENSION: ctx.profile.cluster}
    if ctx.service is not None:
        expected[alarm.SERVICE_DIMENSION] = ctx.service.name
    dims = alarm.dimensions()
    shown = " + ".join(wanted)
    if not dims:
        yield Violation(
            ("Dimensions",),
            f"Dimensions is {'empty' if alarm.Dimensions is not None else 'not set'}, so the alarm does not watch "
            f"one service; the standard's CPU alarm has dimensions {shown}",
        )
        return
    seen = set()
    for i, d in dims:
        if d.Name is None:
            continue  # a dimension without a name is DOA002's (Name is required)
        if d.Name not in wanted:
            yield Violation(
                ("Dimensions", i, "Name"),
                f"dimension {d.Name!r} is not one of the standard's ({shown}); with it the alarm watches a "
                f"metric {alarm.Namespace or std.namespace} does not publish, so it gets no data and never fires",
            )
            continue
        if d.Name in seen:
            yield Violation(("Dimensions", i, "Name"), f"dimension {d.Name!r} is listed twice")
            continue
        seen.add(d.Name)
        want = expected.get(d.Name)
        if want is not None and d.Value is not None and d.Value != want:
            if d.Name == alarm.CLUSTER_DIMENSION:
                why = f"the standard's cluster is {want!r}"
            else:
                named = f" (named {alarm.AlarmName!r})" if isinstance(alarm.AlarmName, str) else ""
                why = f"the alarm{named} belongs to {want!r}"
            yield Violation(("Dimensions", i, "Value"), f"dimension {d.Name} is {d.Value!r}; {why}")
    for name in wanted:
        if name not in seen:
            effect = ""
            if name == alarm.SERVICE_DIMENSION:
                effect = ", so the alarm watches the whole cluster's average CPU instead of the service's"
            yield Violation(
                ("Dimensions",),
                f"Dimensions has no {name!r}{effect}; the standard's CPU alarm has dimensions {shown}"
                + (f" ({name} = {expected[name]!r})" if name in expected else ""),
            )


def _actions(alarm, ctx):
    want = ctx.profile.monitoring.cpu_alarm.action_service
    actions = [a for a in (alarm.AlarmActions or []) if a]
    if not any(arns.service_of(a) == want for a in actions):
        if actions:
            listed = ", ".join(map(repr, actions))
            msg = (f"AlarmActions has no {want.upper()} topic ARN ({listed}); the standard's CPU alarm notifies "
                   f"through {want.upper()} (an arn:aws:{want}:... action)")
        else:
            found = "is not set" if alarm.AlarmActions is None else "is empty"
            msg = (f"AlarmActions {found}, so the alarm changes state and tells no one; the standard's CPU alarm "
                   f"notifies through {want.upper()} (an arn:aws:{want}:... action)")
        yield Violation(("AlarmActions",), msg)
    elif alarm.ActionsEnabled is False:
        yield Violation(
            ("ActionsEnabled",),
            f"ActionsEnabled is false, so the alarm never runs its {want.upper()} action; the standard's CPU "
            "alarm notifies when it fires",
        )


RULE = Rule("DOA802", needs_service=False)


def check(alarm, ctx):
    std = ctx.profile.monitoring.cpu_alarm
    if alarm.MetricName != std.metric or alarm.Namespace not in (std.namespace, None):
        return  # not the CPU alarm (5xx and latency alarms are DOA402's)
    if _drives_scaling(alarm):
        return  # a scaling alarm: its threshold is the scaling policy's, not the notification alarm's
    if alarm.Namespace is None:
        yield Violation(("Namespace",), f"Namespace is not set; the standard's CPU alarm watches {std.namespace!r}")

    if alarm.Statistic != std.statistic:
        if alarm.Statistic is None and alarm.ExtendedStatistic is not None:
            yield Violation(
                ("ExtendedStatistic",),
                f"the alarm uses the percentile {alarm.ExtendedStatistic!r}; the standard's CPU alarm uses "
                f"Statistic {std.statistic!r}",
            )
        elif alarm.Statistic is None:
            yield Violation(("Statistic",), f"Statistic is not set; the standard requires {std.statistic!r}",
                            fix=Fix(f"set Statistic to {std.statistic}", [Set(("Statistic",), std.statistic)]))
        else:
            yield Violation(("Statistic",), f"Statistic is {alarm.Statistic!r}; the standard requires {std.statistic!r}",
                            fix=Fix(f"set Statistic to {std.statistic}", [Set(("Statistic",), std.statistic)]))

    for key, want, unit in (
        ("ComparisonOperator", std.comparison, ""),
        ("Threshold", std.threshold, ""),
        ("Period", std.period, " seconds"),
        ("EvaluationPeriods", std.evaluation_periods, ""),
    ):
        got = getattr(alarm, key)
        shown_want = repr(want) if isinstance(want, str) else f"{number(want)}{unit}"
        fix = Fix(f"set {key} to {want if isinstance(want, str) else number(want)}", [Set((key,), want)])
        if got is None:
            yield Violation((key,), f"{key} is not set; the standard requires {shown_want}", fix=fix)
        elif got != want:
            shown = repr(got) if isinstance(got, str) else f"{number(got)}{unit}"
            yield Violation((key,), f"{key} is {shown}; the standard requires {shown_want}", fix=fix)

    n = std.evaluation_periods
    if alarm.DatapointsToAlarm is not None and alarm.EvaluationPeriods == n and alarm.DatapointsToAlarm != n:
        yield Violation(
            ("DatapointsToAlarm",),
            f"DatapointsToAlarm is {alarm.DatapointsToAlarm}, so the alarm fires on {alarm.DatapointsToAlarm} of "
            f"{n} periods; the standard's fires when all {n} evaluation periods breach",
            fix=Fix(f"set DatapointsToAlarm to {n}", [Set(("DatapointsToAlarm",), n)]),
        )

    yield from _dimensions(alarm, ctx)
    yield from _actions(alarm, ctx)
