"""DOA402: the deployment group watches the service's standard alarms and stops when it cannot."""

from doalint.checks.codedeploy._common import listing
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA402", needs_service=False)


def check(group, ctx):
    std = ctx.profile.codedeploy
    templates = [ctx.profile.fill(a, ctx.service) for a in std.alarms]  # {service} stays when unknown
    base = ("alarmConfiguration",)
    ac = group.alarmConfiguration
    if ac is None:
        yield Violation(
            base,
            "alarmConfiguration is not set, so CodeDeploy watches no CloudWatch alarm while it shifts "
            f"traffic; the standard requires it enabled with the alarms {listing(templates)} and "
            f"ignorePollAlarmFailure {str(std.ignore_poll_alarm_failure).lower()}",
        )
        return
    if ac.enabled is not True:
        got = "is false" if ac.enabled is False else "is not set"
        yield Violation(
            base + ("enabled",),
            f"alarmConfiguration.enabled {got}, so no alarm can stop the deployment; the standard requires true",
        )
    ignore = ac.ignorePollAlarmFailure
    effective = ctx.facts.defaults.codedeploy_ignore_poll_alarm_failure if ignore is None else ignore
    if effective != std.ignore_poll_alarm_failure:
        got = (f"is not set, so CodeDeploy uses {str(effective).lower()}" if ignore is None
               else f"is {str(ignore).lower()}")
        why = (", so a deployment goes on shifting traffic when CodeDeploy cannot read the alarms' state"
               if effective else "")
        yield Violation(
            base + ("ignorePollAlarmFailure",),
            f"alarmConfiguration.ignorePollAlarmFailure {got}{why}; the standard requires "
            f"{str(std.ignore_poll_alarm_failure).lower()}",
        )
    if ctx.service is None:
        return  # the alarm names are the service's; DOA010 says why they were not checked
    names = [a.name for a in (ac.alarms or []) if a is not None and a.name is not None]
    missing = [w for w in templates if w not in names]
    if missing:
        if not names:
            got = "is not set" if ac.alarms is None else "is empty"
        else:
            got = f"names {listing(names)} but not {listing(missing)}"
        yield Violation(
            base + ("alarms",),
            f"alarmConfiguration.alarms {got}; the standard stops {ctx.service.name}'s deployments on "
            f"{listing(templates)}",
        )
