"""DOA905: the execution role grants what its task definitions need (their secrets, the ECR pull
of their images, their log groups), and no more."""

from __future__ import annotations

import re

from doalint import arns
from doalint.engine.registry import Related, Rule, Violation
from doalint.project import called, role_name

_ECR = re.compile(r"^(?P<account>[0-9]{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<repo>[^:@]+)")
# the resource parts of an ARN that mean "every resource of this type"
_TYPE_WIDE = ("*", "secret:*", "parameter/*", "repository/*", "log-group:*")
SERVICES = ("ssm", "secretsmanager", "ecr", "logs", "kms")  # what an execution role is for


def matches(pattern: str, value: str, case: bool = True) -> bool:
    return arns.glob(pattern, case).fullmatch(value) is not None


def _type_wide(resource: str) -> bool:
    """An ARN of an AWS partition and a named service whose resource part is every resource of a type."""
    arn = arns.parse(resource, one_line=True)
    return arn is not None and arn.is_aws and arn.exact_service and arn.resource in _TYPE_WIDE


def _as_list(v):
    if v is None:
        return []
    return [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]


def needs_of(task, profile) -> list[tuple[str, str, tuple, str]]:
    """(action, resource ARN, path in the task definition, why) the execution role must grant."""
    out = []
    for i, c in task.model.containers():
        m = _ECR.match(c.image or "")
        if m:
            repo = f"arn:aws:ecr:{m['region']}:{m['account']}:repository/{m['repo']}"
            at = ("containerDefinitions", i, "image")
            out.append(("ecr:GetAuthorizationToken", "*", at, f"pull {c.image}"))
            for action in ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"):
                out.append((action, repo, at, f"pull {c.image}"))
        for j, s in enumerate(c.secrets):
            arn = (s.valueFrom or "") if s is not None else ""
            at = ("containerDefinitions", i, "secrets", j, "valueFrom")
            why = f"read secret {s.name}" if s is not None and s.name else f"read the secret secrets[{j}]"
            if arn.startswith("arn:") and ":ssm:" in arn:
                out.append(("ssm:GetParameters", arn, at, why))
            elif arn.startswith("arn:") and ":secretsmanager:" in arn:
                out.append(("secretsmanager:GetSecretValue", arns.secret(arn) or arn, at, why))
        lc = c.logConfiguration
        opts = (lc.options or {}) if lc is not None else {}
        group = opts.get("awslogs-group")
        if lc is not None and lc.logDriver == "awslogs" and group:
            region = opts.get("awslogs-region") or profile.region
            image = _ECR.match(c.image or "")
            account = image["account"] if image else "*"
            at = ("containerDefinitions", i, "logConfiguration", "options", "awslogs-group")
            stream = f"arn:aws:logs:{region}:{account}:log-group:{group}:log-stream:*"
            out.append(("logs:CreateLogStream", stream, at, f"write logs to {group}"))
            out.append(("logs:PutLogEvents", stream, at, f"write logs to {group}"))
            if str(opts.get("awslogs-create-group", "")).lower() == "true":
                out.append(("logs:CreateLogGroup", f"arn:aws:logs:{region}:{account}:log-group:{group}", at,
                            f"create log group {group}"))
    return out


_GRANT_KEYS = ("Effect", "Action", "NotAction", "Resource", "NotResource")


def _within(path: tuple, base: tuple) -> bool:
    return path[: len(base)] == base


def unread_grants(doc) -> list:
    """What the parts of a policy doalint could not read may grant: for each unknown part (a
    placeholder, an unresolved value, a reference to another resource, a CloudFormation intrinsic)
    in the grant of an Allow statement, the statement's action patterns, or None when its actions
    are not known either (a whole statement, or the policy, unknown: it may grant anything)."""
    unknown = [p for p in doc.unresolved if p]
    if not unknown:
        return []
    statements = [(doc.absolute(path), st) for path, st in doc.model.statements()]
    top = doc.absolute(("Statement",))
    out = []
    for p in unknown:
        for at, st in statements:
            if len(p) > len(at) and _within(p, at):
                key = p[len(at)]
                if key not in _GRANT_KEYS or (st.Effect or "Allow").capitalize() != "Allow":
                    break  # a Sid or a Condition, or a Deny: it grants nothing more
                known_actions = key not in ("Action", "NotAction") and st.NotAction is None
                out.append(_as_list(st.Action) if known_actions else None)
                break
        else:
            if _within(p, top) or _within(top, p):
                out.append(None)  # a statement, or the whole policy, is unknown
    return out


def unread_needs(tasks) -> set[str]:
    """The services (ecr, logs, ssm, ...) for which the needs of ``tasks`` are not all known: an
    image, a secret or a log configuration doalint could not read. "*" when whole containers are
    unknown."""
    out: set[str] = set()
    for task in tasks:
        top = task.absolute(("containerDefinitions",))
        for p in task.unresolved:
            if _within(top, p) or (len(p) <= len(top) + 1 and _within(p, top)):
                out.add("*")
            elif _within(p, top):
                key = p[len(top) + 1]
                if key == "image":
                    out.add("ecr")
                elif key == "secrets":
                    out.update(("ssm", "secretsmanager", "kms"))
                elif key == "logConfiguration":
                    out.add("logs")
    return out


def _resource_matches(pattern: str, resource: str) -> bool:
    if resource == "*":
        return pattern == "*"
    # (a grant on log-group:NAME:* covers the group's streams by the wildcard itself; rewriting the
    # needed log-stream ARN to NAME:* would let a grant ending in "?" match the "*")
    return matches(pattern, resource)


def _service(action_or_arn: str) -> str:
    parts = arns.fields(action_or_arn)
    if parts is not None:
        return parts[2] if len(parts) > 2 else ""
    return action_or_arn.split(":")[0].lower()


def _policies_of(project, role: str, task_roles: set[str]) -> list:
    """The IAM policy documents of ``role``: named by their wrapper's RoleName (or a Terraform
    role association), else, when the run has a single execution role, a policy file named
    after the execution role."""
    out = []
    for doc in project.of("iam-policy"):
        if doc.meta.get("trust_policy") or doc.model.resource_based:
            continue  # a trust policy says who may assume the role; it grants the role nothing
        owner = doc.meta.get("role") or getattr(doc.model, "RoleName", None)
        if owner:
            if owner == role:
                out.append(doc)
            continue
        stem = doc.file.replace("\\", "/").rsplit("/", 1)[-1].lower()
        label = (getattr(doc.model, "PolicyName", None) or "").lower()
        if any(k in text for text in (stem, label) for k in ("execution-role", "execution_role", "executionrole")):
            if len(task_roles) == 1:
                out.append(doc)
    return out


def _narrowing(written, path, action: str, res: str, needed: list):
    """The fix of a grant wider than the task definitions need: the statement's Resource narrowed to
    the resources they use (the wide one replaced by them, the statement's others kept). Unsafe (a role
    may serve what this run does not show); offered only where no other action of the statement acts on
    that resource's service, so that nothing else changes with it."""
    actions, resources = written
    service = _service(res)
    # the statement's other actions act on other services' resources: narrowing this one changes them
    # not; a resource "*" (or one of no service) is every action's
    if service in ("", "*") and actions != [action]:
        return None
    if any(a != action and (_service(a) == service or a.startswith("*")) for a in actions) or \
            resources.count(res) != 1:
        return None
    from doalint.fixes import Fix, Set

    others = [r for r in resources if r != res]
    needed = [r for r in needed if not any(_resource_matches(o, r) for o in others)]  # (what the rest grants)
    if not needed:
        return None
    if not others:
        value = needed[0] if len(needed) == 1 else list(needed)
    else:
        i = resources.index(res)
        value = resources[:i] + needed + resources[i + 1:]
    return Fix(f"narrow Resource to the {len(needed)} resource(s) the task definitions use",
               [Set(path + ("Resource",), value)], safe=False)


RULE = Rule("DOA905", needs_service=False)


def check(project, ctx):
    by_role: dict[str, list] = {}
    for task in project.of("ecs-task-definition"):
        name = role_name(task.model.executionRoleArn)
        if name:
            by_role.setdefault(name, []).append(task)
    for role, tasks in sorted(by_role.items()):
        policies = _policies_of(project, role, set(by_role))
        if not policies:
            continue  # the other side of the relation is not in this run
        needs = [(a, r, at, why, t) for t in tasks for a, r, at, why in needs_of(t, ctx.profile)]
        grants = []  # (doc, statement path, action pattern, resource pattern, effect)
        written: dict = {}  # (doc's file, statement path) -> (its actions, its resources)
        for doc in policies:
            for path, st in doc.model.statements():
                effect = (st.Effect or "").capitalize()
                written[(doc.file, path)] = (_as_list(st.Action), _as_list(st.Resource))
                for action in _as_list(st.Action):
                    for res in _as_list(st.Resource):
                        grants.append((doc, path, action, res, effect))
        # Each distinct grant and need is judged once (a repository often repeats the same policy
        # and the same task definition shape many times); that keeps this linear in files.
        distinct_grants = sorted({(a, r, e) for _, _, a, r, e in grants})
        unread = [acts for doc in policies for acts in unread_grants(doc)]
        verdicts: dict = {}

        def maybe_granted(action: str) -> bool:
            """A part of the policy doalint could not read may grant ``action``."""
            return any(acts is None or any(matches(a, action, case=False) for a in acts) for acts in unread)

        def granted(action: str, resource: str) -> bool:
            key = (action, resource)
            if key not in verdicts:
                allowed = any(e == "Allow" and matches(a, action, case=False) and _resource_matches(r, resource)
                              for a, r, e in distinct_grants)
                denied = any(e == "Deny" and matches(a, action, case=False) and _resource_matches(r, resource)
                             for a, r, e in distinct_grants)
                verdicts[key] = allowed and not denied
            return verdicts[key]

        # missing: needed and not allowed (or denied)
        reported = set()
        for action, resource, at, why, task in needs:
            key = (action, resource)
            if granted(action, resource) or key in reported or maybe_granted(action):
                continue
            reported.add(key)
            who = called(task, "task definition", task.model.family, own=True)
            yield Violation(at, f"{who} needs {action} on {resource} (to {why}); "
                                f"execution role {role} does not grant it", doc=task,
                            related=tuple(Related(("Statement",), f"a policy of {role}", doc=p) for p in policies[:1]))
        # beyond need: granted, but no task definition of this role uses it
        seen = set()
        unknown_needs = unread_needs(tasks)  # what a task definition needs there is not all known
        distinct_needs = sorted({(a, r) for a, r, *_ in needs})
        used_by: dict = {}
        for doc, path, action, res, effect in grants:
            if effect != "Allow":
                continue
            if res != "*" and _service(res) and _service(res) != _service(action) and not action.startswith("*"):
                continue  # an action with another service's resource grants nothing
            if "*" in unknown_needs or _service(action) in unknown_needs or \
                    (unknown_needs and _service(action).startswith("*")):
                continue  # its task definitions may need it: the value that would say is unknown
            if action not in used_by:
                used_by[action] = [(a, r) for a, r in distinct_needs if matches(action, a, case=False)]
            used = used_by[action]
            first = called(tasks[0], "task definition", tasks[0].model.family)
            users = (Related(("executionRoleArn",), f"{first} uses {role}",
                             doc=tasks[0]),)
            key = (doc.file, path, action, res)
            if key in seen:
                continue
            seen.add(key)
            if not used:
                # a statement may list several resources: each finding names the one it is about
                yield Violation(path, f"execution role {role} grants {action} on {res}, which none of its task definitions "
                                      f"({', '.join(sorted({t.model.family or t.label for t in tasks}))}) needs", doc=doc,
                                related=users)
                continue
            needed = sorted({r for a, r in used if r != "*"})
            if not needed:
                continue  # actions that only work on "*" (ecr:GetAuthorizationToken)
            if not any(_resource_matches(res, r) for r in needed):
                yield Violation(path, f"execution role {role} grants {action} on {res}, which none of its task "
                                      f"definitions uses", doc=doc, related=users)
            elif res == "*" or _type_wide(res):
                shown = ", ".join(needed[:3]) + (f" and {len(needed) - 3} more" if len(needed) > 3 else "")
                yield Violation(path, f"execution role {role} grants {action} on {res}, every resource of its kind; "
                                      f"its task definitions need only {shown}", doc=doc, related=users,
                                fix=_narrowing(written[(doc.file, path)], path, action, res, needed))
