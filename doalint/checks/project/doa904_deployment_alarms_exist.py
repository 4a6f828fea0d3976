"""DOA904: the alarms a CodeDeploy deployment group waits on exist."""

from doalint.engine.registry import Related, Rule, Violation


RULE = Rule("DOA904", needs_service=False)


def check(project, ctx):
    alarms = project.alarms()
    if not alarms:
        return  # the other side of the relation is not in this run
    for kind in ("codedeploy-deployment-group", "codedeploy-deployment-settings"):
        for doc in project.of(kind):
            ac = getattr(doc.model, "alarmConfiguration", None)
            for i, alarm in enumerate((ac.alarms or []) if ac else []):
                if alarm is None or not alarm.name or alarm.name in alarms:
                    continue
                # Only an alarm whose name is a near miss (a typo) is worth pointing at; any other
                # alarm of the run is unrelated to the one missing.
                import difflib

                near = difflib.get_close_matches(alarm.name, sorted(alarms), n=1, cutoff=0.9)
                related = (Related(("AlarmName",), f"alarm {near[0]} of this run, a close name", doc=alarms[near[0]]),
                           ) if near else ()
                yield Violation(("alarmConfiguration", "alarms", i, "name"),
                                f"the deployment group waits on alarm {alarm.name!r}, which no alarm of this run "
                                "defines; CodeDeploy cannot stop a bad deployment on an alarm that does not exist",
                                doc=doc, related=related)
