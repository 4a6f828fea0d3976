"""DOA904: the alarms a CodeDeploy deployment group waits on exist."""

from doalint.engine.registry import PROJECT, Related, Violation, rule


@rule("DOA904", kinds=(PROJECT,), needs_service=False)
def deployment_alarms_exist(project, ctx):
    alarms = project.alarms()
    if not alarms:
        return  # the other side of the relation is not in this run
    for kind in ("codedeploy-deployment-group", "codedeploy-deployment-settings"):
        for doc in project.of(kind):
            ac = getattr(doc.model, "alarmConfiguration", None)
            for i, alarm in enumerate((ac.alarms or []) if ac else []):
                if alarm is None or not alarm.name or alarm.name in alarms:
                    continue
                yield Violation(("alarmConfiguration", "alarms", i, "name"),
                                f"the deployment group waits on alarm {alarm.name!r}, which no alarm of this run "
                                "defines; CodeDeploy cannot stop a bad deployment on an alarm that does not exist",
                                doc=doc, related=(Related(("AlarmName",), "an alarm of this run",
                                                          doc=alarms[sorted(alarms)[0]]),))
