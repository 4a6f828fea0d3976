"""CodeDeploy blue/green and canary deployments: deployment configurations, deployment groups,
the standard's combined deployment settings file, and the ECS AppSpec file."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from doalint.kinds import Found, Kind, detector, register
from doalint.record import record
from doalint.source import Path, format_path

API = "codedeploy"
APPSPEC = "codedeploy-appspec"
CONFIG = "codedeploy-deployment-config"
GROUP = "codedeploy-deployment-group"
SETTINGS = "codedeploy-deployment-settings"


@record(frozen=True)
class _ServiceKind(Kind):
    """A kind whose catalog service is not the value of one top-level key: ``namer`` gives
    the name the document is known by (labels and DOA010), ``name_key`` where DOA010 points."""

    namer: Optional[Callable[[Any], Optional[str]]] = None

    def name_of(self, model: Any) -> Optional[str]:
        return self.namer(model) if self.namer else super().name_of(model)


def _config_model():
    from doalint.models.codedeploy import DeploymentConfig

    return DeploymentConfig


def _group_model():
    from doalint.models.codedeploy import DeploymentGroup

    return DeploymentGroup


def _settings_model():
    from doalint.models.codedeploy import DeploymentSettings

    return DeploymentSettings


def _appspec_model():
    from doalint.models.codedeploy import AppSpec

    return AppSpec


def _first(names: list[str]) -> Optional[str]:
    return names[0] if names else None


def _ci_key(d: dict, key: str) -> Optional[str]:
    """``key`` if ``d`` has it, else a key of ``d`` that differs from it only in case, else None."""
    if key in d:
        return key
    return next((k for k in d if isinstance(k, str) and k.lower() == key.lower()), None)


def _ci(d: dict, key: str) -> Any:
    """d[key], or the value of a key that differs from it only in case (None without either)."""
    k = _ci_key(d, key)
    return d[k] if k is not None else None


# --- DOA002 for the AppSpec file ---------------------------------------------------------------
# botocore has no shape for the AppSpec file. Its structure for ECS deployments, after the
# CodeDeploy User Guide's "AppSpec File reference" (sections 'version', 'resources', 'hooks').

ECS_SERVICE_TYPE = "AWS::ECS::Service"
LAMBDA_FUNCTION_TYPE = "AWS::Lambda::Function"
# Lifecycle events an ECS deployment runs hooks for ("AppSpec 'hooks' section for an Amazon ECS deployment").
ECS_HOOK_EVENTS = ("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic")
ASSIGN_PUBLIC_IP_VALUES = ("ENABLED", "DISABLED")  # AppSpec AwsvpcConfiguration.AssignPublicIp
PORT_RANGE = (1, 65535)
# Sections of EC2/On-Premises AppSpec files, for a hint when they appear in an ECS one.
_OTHER_PLATFORM_KEYS = {"os": "EC2/On-Premises", "files": "EC2/On-Premises", "permissions": "EC2/On-Premises"}


@record(frozen=True)
class _Obj:
    members: dict
    required: tuple = ()
    title: str = ""


@record(frozen=True)
class _List:
    item: Any
    min: int = 0


@record(frozen=True)
class _Str:
    enum: tuple = ()


@record(frozen=True)
class _Int:
    lo: Optional[int] = None
    hi: Optional[int] = None


def _ecs_range(member: str) -> _Int:
    """Base/Weight ranges of a capacity provider strategy item, from botocore's ECS model."""
    from doalint.shapes import members, service_model

    shape = service_model("ecs")["shapes"][members("ecs", "CapacityProviderStrategyItem")[member]]
    return _Int(shape.get("min"), shape.get("max"))


def _appspec_properties() -> _Obj:
    return _Obj(
        {
            "TaskDefinition": _Str(),
            "LoadBalancerInfo": _Obj({"ContainerName": _Str(), "ContainerPort": _Int(*PORT_RANGE)},
                                     ("ContainerName", "ContainerPort"), "LoadBalancerInfo"),
            "PlatformVersion": _Str(),
            "NetworkConfiguration": _Obj(
                {"AwsvpcConfiguration": _Obj(
                    {"Subnets": _List(_Str(), 1), "SecurityGroups": _List(_Str(), 1),
                     "AssignPublicIp": _Str(ASSIGN_PUBLIC_IP_VALUES)},
                    # "All or none of the settings under NetworkConfiguration must be specified."
                    ("Subnets", "SecurityGroups", "AssignPublicIp"), "AwsvpcConfiguration")},
                ("AwsvpcConfiguration",), "NetworkConfiguration"),
            "CapacityProviderStrategy": _List(_Obj(
                {"Base": _ecs_range("base"), "CapacityProvider": _Str(), "Weight": _ecs_range("weight")},
                ("CapacityProvider",), "CapacityProviderStrategy item"), 1),
        },
        ("TaskDefinition", "LoadBalancerInfo"),
        "Properties",
    )


def _type_word(spec) -> str:
    return {_Obj: "an object", _List: "a list", _Str: "a string", _Int: "an integer"}[type(spec)]


def _walk(spec, value, path: Path) -> Iterator[tuple[Path, str]]:
    from doalint.shapes import describe, suggest

    stack = [(spec, value, path)]
    while stack:
        spec, val, p = stack.pop()
        ok = {
            _Obj: lambda v: isinstance(v, dict),
            _List: lambda v: isinstance(v, list),
            _Str: lambda v: isinstance(v, str),
            _Int: lambda v: isinstance(v, int) and not isinstance(v, bool),
        }[type(spec)](val)
        if not ok:
            yield p, f"{format_path(p)}: expected {_type_word(spec)}, found {describe(val)}"
            continue
        if isinstance(spec, _Obj):
            lower = {str(k).lower() for k in val}
            for key in sorted(val, key=str):
                if key in spec.members:
                    stack.append((spec.members[key], val[key], p + (key,)))
                    continue
                guess = suggest(str(key), spec.members)
                tail = f"; did you mean {guess!r}?" if guess else ""
                yield p + (key,), (f"{format_path(p + (key,))}: unknown key (AppSpec {spec.title} has no such "
                                   f"member){tail}")
            for req in spec.required:
                if req not in val and req.lower() not in lower:  # a misspelt case is reported above
                    yield p, f"{format_path(p + (req,))}: required key is missing"
        elif isinstance(spec, _List):
            if len(val) < spec.min:
                yield p, f"{format_path(p)}: needs at least {spec.min} item(s), has {len(val)}"
            for i in range(len(val) - 1, -1, -1):
                stack.append((spec.item, val[i], p + (i,)))
        elif isinstance(spec, _Str):
            if spec.enum and val not in spec.enum:
                guess = suggest(val, spec.enum)
                tail = f"; did you mean {guess!r}?" if guess else ""
                yield p, f"{format_path(p)}: {val!r} is not one of {', '.join(spec.enum)}{tail}"
        elif isinstance(spec, _Int):
            if spec.lo is not None and val < spec.lo:
                yield p, f"{format_path(p)}: {val} is below the minimum {spec.lo}"
            if spec.hi is not None and val > spec.hi:
                yield p, f"{format_path(p)}: {val} is above the maximum {spec.hi}"


def _single_key_items(name: str, value: Any, what: str) -> Iterator[tuple[Any, Any]]:
    """For a list of single-key objects: yields ((index, item), None) per good item, or
    (None, (path, message)) for the list or an item that is not of that form."""
    from doalint.shapes import describe

    if not isinstance(value, list):
        yield None, ((name,), f"{name}: expected a list, found {describe(value)}")
        return
    for i, item in enumerate(value):
        if not isinstance(item, dict) or len(item) != 1:
            found = f"an object with {len(item)} keys" if isinstance(item, dict) else describe(item)
            yield None, ((name, i), f"{name}[{i}]: expected an object with one key, {what}, found {found}")
            continue
        yield (i, item), None


def validate_appspec(doc) -> Iterator[tuple[Path, str]]:
    from doalint.shapes import describe, suggest

    data = doc.data
    if not isinstance(data, dict):
        yield (), f"(document): expected an object, found {describe(data)}"
        return
    top = ("version", "Resources", "Hooks")
    lower = {str(k).lower() for k in data}
    for key in sorted(data, key=str):
        if key in top:
            continue
        guess = suggest(str(key), top)
        other = _OTHER_PLATFORM_KEYS.get(str(key))
        if guess:
            tail = f"; did you mean {guess!r}?"
        elif other:
            tail = f"; it belongs to {other} AppSpec files"
        else:
            tail = ""
        yield (key,), f"{key}: unknown key (an ECS AppSpec file has version, Resources and Hooks){tail}"
    for req in ("version", "Resources"):
        if req not in data and req.lower() not in lower:
            yield (), f"{req}: required key is missing"

    # The sections' contents are checked under a key misspelt in case too (reported above),
    # so that one run shows every problem.
    keys = {k: _ci_key(data, k) for k in top}
    if keys["version"] is not None:
        v = data[keys["version"]]
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            yield (keys["version"],), f"version: expected a string or a number, found {describe(v)}"

    rkey = keys["Resources"]
    if rkey is not None:
        props = _appspec_properties()
        for got, finding in _single_key_items(rkey, data[rkey],
                                              "the resource's name mapping to its Type and Properties"):
            if finding:
                yield finding
                continue
            i, item = got
            (rname, res), = item.items()
            base = (rkey, i, rname)
            yield from _walk(_Obj({"Type": _Str(), "Properties": props}, ("Type", "Properties"), "resource"),
                             res, base)
        if isinstance(data[rkey], list) and not data[rkey]:
            yield (rkey,), f"{rkey}: needs at least 1 item (the ECS service to deploy), has 0"

    hkey = keys["Hooks"]
    if hkey is not None:
        for got, finding in _single_key_items(hkey, data[hkey],
                                              "a lifecycle event mapping to a Lambda function"):
            if finding:
                yield finding
                continue
            i, item = got
            (event, fn), = item.items()
            path = (hkey, i, event)
            if event not in ECS_HOOK_EVENTS:
                guess = suggest(str(event), ECS_HOOK_EVENTS)
                tail = f"; did you mean {guess!r}?" if guess else ""
                yield path, (f"{hkey}[{i}]: {event!r} is not a lifecycle event of ECS deployments "
                             f"({', '.join(ECS_HOOK_EVENTS)}){tail}")
            if not isinstance(fn, str):
                yield path, (f"{format_path(path)}: expected a string (a Lambda function name or ARN), "
                             f"found {describe(fn)}")


# --- DOA002 for the standard's combined deployment settings file -----------------------------

CONFIG_INPUT = "CreateDeploymentConfigInput"
GROUP_INPUT = "CreateDeploymentGroupInput"
CONFIG_OUTPUT = "DeploymentConfigInfo"
GROUP_OUTPUT = "DeploymentGroupInfo"


def validate_settings(doc) -> Iterator[tuple[Path, str]]:
    """Each key against whichever of CreateDeploymentConfig and CreateDeploymentGroup has it;
    unknown only when neither does. Required members are not enforced: the file is a fragment
    of both calls."""
    from doalint.shapes import describe, members, suggest, validate

    data = doc.data
    if not isinstance(data, dict):
        yield (), f"(document): expected an object, found {describe(data)}"
        return
    group = members(API, GROUP_INPUT)
    config = members(API, CONFIG_INPUT)
    known = {**group, **config}
    for key in sorted(data, key=str):
        if key not in known:
            guess = suggest(str(key), known)
            tail = f"; did you mean {guess!r}?" if guess else ""
            yield (key,), (f"{key}: unknown key (neither {CONFIG_INPUT} nor {GROUP_INPUT} has such a "
                           f"member){tail}")
    rest = {k: v for k, v in data.items() if k in known}
    extra = {k: s for k, s in config.items() if k not in group}
    yield from validate(API, GROUP_INPUT, rest, check_required=False, also_allowed=extra)


register(
    _ServiceKind(
        APPSPEC,
        "ECS AppSpec",
        _appspec_model,
        None,
        None,
        None,
        "Resources",
        lambda m: m.service_candidates(),
        validate=validate_appspec,
        namer=lambda m: _first(m.service_candidates()),
    ),
    Kind(
        CONFIG,
        "CodeDeploy deployment configuration",
        _config_model,
        API,
        CONFIG_INPUT,
        CONFIG_OUTPUT,
        "deploymentConfigName",
        lambda m: [],
        has_service=False,
    ),
    _ServiceKind(
        GROUP,
        "CodeDeploy deployment group",
        _group_model,
        API,
        GROUP_INPUT,
        GROUP_OUTPUT,
        "ecsServices",
        lambda m: m.service_candidates(),
        shape_hints={
            "computePlatform": "a deployment group takes its compute platform from its application "
                               "(CreateApplication)",
            "trafficRoutingConfig": "traffic routing belongs to a deployment configuration "
                                    "(CreateDeploymentConfig); the group names one in deploymentConfigName",
        },
        namer=lambda m: m.own_name(),
    ),
    _ServiceKind(
        SETTINGS,
        "CodeDeploy deployment settings",
        _settings_model,
        API,
        None,
        None,
        "ecsServices",
        lambda m: m.service_candidates(),
        validate=validate_settings,
        namer=lambda m: m.own_name(),
    ),
)


# --- detectors ------------------------------------------------------------------------------------


def _resource_types(resources: list) -> list:
    types = []
    for item in resources:
        if isinstance(item, dict):
            for res in item.values():
                if isinstance(res, dict):
                    types.append(_ci(res, "Type"))
    return types


def _is_ecs_appspec(d: Any) -> bool:
    if not isinstance(d, dict) or "AWSTemplateFormatVersion" in d:
        return False
    keys = {str(k).lower() for k in d}
    resources, hooks = _ci(d, "Resources"), _ci(d, "Hooks")
    if not isinstance(resources, list) and not isinstance(hooks, list):
        return False
    types = _resource_types(resources) if isinstance(resources, list) else []
    if LAMBDA_FUNCTION_TYPE in types:  # a Lambda AppSpec file
        return False
    if keys & {"os", "files"}:
        # an EC2/On-Premises AppSpec file; unless it deploys an ECS service, with a section of
        # those files left in (DOA002 names it)
        return ECS_SERVICE_TYPE in types
    if "version" in keys:
        return True
    # no version: still an AppSpec file when it targets an ECS service
    return ECS_SERVICE_TYPE in types


@detector(order=40)
def appspec(value: Any) -> list[Found]:
    return [Found(APPSPEC, value)] if _is_ecs_appspec(value) else []


# Keys that only CodeDeploy deployment groups and configurations have (a cheap first look, before
# botocore's model is read).
_ANCHORS = frozenset({"deploymentGroupName", "deploymentConfigName", "trafficRoutingConfig",
                      "autoRollbackConfiguration", "blueGreenDeploymentConfiguration", "alarmConfiguration",
                      "ecsServices"})
# Keys that mark other CodeDeploy calls (CreateDeployment input, DeploymentInfo output).
_OTHER_CALLS = frozenset({"revision", "deploymentId", "targetInstances", "overrideAlarmConfiguration"})
# Members only describe output has: DeploymentGroupInfo, DeploymentConfigInfo.
_GROUP_OUTPUT_ONLY = frozenset({"deploymentGroupId", "targetRevision", "lastSuccessfulDeployment",
                                "lastAttemptedDeployment"})
_CONFIG_OUTPUT_ONLY = frozenset({"deploymentConfigId", "createTime"})


def _classify(d: dict) -> Optional[tuple[str, str]]:
    """(kind, variant) of a bare CodeDeploy deployment group/configuration object, or None."""
    from doalint.shapes import members

    keys = {k for k in d if isinstance(k, str)}
    if not keys & _ANCHORS or keys & _OTHER_CALLS:
        return None
    group = set(members(API, GROUP_INPUT)) | set(members(API, GROUP_OUTPUT))
    config = set(members(API, CONFIG_INPUT)) | set(members(API, CONFIG_OUTPUT))
    g, c = keys & (group - config), keys & (config - group)
    known = keys & (group | config)
    if len(known) * 2 < len(keys):  # mostly keys of something else
        return None
    if keys & _GROUP_OUTPUT_ONLY:
        return GROUP, "output"
    if keys & _CONFIG_OUTPUT_ONLY and not g:
        return CONFIG, "output"
    if g and c:
        return SETTINGS, "input"
    if g:
        return GROUP, "input"
    if c or "deploymentConfigName" in keys:
        return CONFIG, "input"
    return None


@detector(order=41)
def codedeploy_output(value: Any) -> list[Found]:
    """get-deployment-group, batch-get-deployment-groups and get-deployment-config output."""
    if not isinstance(value, dict):
        return []
    inner = value.get("deploymentGroupInfo")
    if isinstance(inner, dict):
        return [Found(GROUP, inner, ("deploymentGroupInfo",), "output")]
    many = value.get("deploymentGroupsInfo")
    if isinstance(many, list) and many and all(isinstance(x, dict) for x in many):
        return [Found(GROUP, x, ("deploymentGroupsInfo", i), "output") for i, x in enumerate(many)]
    inner = value.get("deploymentConfigInfo")
    if isinstance(inner, dict):
        return [Found(CONFIG, inner, ("deploymentConfigInfo",), "output")]
    return []


@detector(order=42)
def codedeploy_input(value: Any) -> list[Found]:
    """CreateDeploymentGroup / CreateDeploymentConfig input, and the standard's combined file."""
    if not isinstance(value, dict):
        return []
    got = _classify(value)
    if got is None:
        return []
    kind, variant = got
    return [Found(kind, value, (), variant)]
