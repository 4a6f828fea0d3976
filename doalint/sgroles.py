"""What each security group is for: the load balancer's (``"alb"``), the ECS tasks' (``"tasks"``),
or something doalint cannot tell (None). Decided here, and only here, for every front end.

A front end relates the security groups it reads together and says what uses each one; it never
decides a role itself:

- a Terraform module: its ``aws_security_group`` resources, the ``security_groups`` of its
  ``aws_lb``/``aws_alb`` and of its ECS services' ``network_configuration``;
- a CloudFormation template: its ``AWS::EC2::SecurityGroup`` resources, the ``SecurityGroups`` of
  its load balancers and of its services' ``AwsvpcConfiguration``;
- one ``aws ec2 describe-security-groups`` output: the groups it holds (nothing says what uses them);
- an account a scan reads: the groups of the services' network configuration and of the load
  balancers in front of their target groups.

It hands them over as a :class:`Related` in each security-group document's ``meta["groups"]``
(one object shared by the documents of the module, template, output or account, never changed
after it is made), with the document's own :class:`Group` in ``meta["group"]`` (a standalone
ingress rule has none: its group is the one ``meta["self"]`` names).

The decision (:func:`decide`): what uses a group says its role, the load balancer's use first (a
group a load balancer uses faces the internet); failing that, the group's names and description
matched with the profile's ``security_groups.alb.name_pattern`` then ``tasks.name_pattern``.
Rules read it through :func:`of`, which decides once per ``Related`` and profile.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Callable, Iterable, Mapping, Optional

from doalint.names import words
from doalint.record import record

ALB = "alb"
TASKS = "tasks"


@record(frozen=True)
class Group:
    """One security group as a front end knows it. ``key``: the text rules compare a source group
    with (``aws_security_group.alb.id``, ``Resources/AlbSg.GroupId``, ``sg-0a1b...``), None when it is
    not known; ``names``: what names it (its name, description, resource name; anything that is not
    a string is ignored)."""

    key: Optional[str]
    names: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.key if isinstance(self.key, str) else None)
        object.__setattr__(self, "names", tuple(n for n in self.names if isinstance(n, str)))


@record(frozen=True)
class Roles:
    """The decision for one :class:`Related`: the role of each of its groups, and of each group
    key (to tell a rule "from the ALB's group" from "from some group")."""

    of_group: Mapping[Group, Optional[str]]
    of_key: Mapping[str, str]


class Related:
    """The security groups one front end reads together, and what uses them: ``attached`` holds
    (group key, ``ALB`` or ``TASKS``), one for each use."""

    __slots__ = ("groups", "attached", "_decided")

    def __init__(self, groups: Iterable[Group] = (), attached: Iterable[tuple[str, str]] = ()) -> None:
        self.groups: tuple[Group, ...] = tuple(groups)
        self.attached: tuple[tuple[str, str], ...] = tuple(attached)
        self._decided: dict = {}  # (alb pattern, tasks pattern) -> Roles

    def roles(self, settings: Any) -> Roles:
        """The roles under the profile's ``security_groups`` ``settings``, decided once."""
        patterns = (settings.alb.name_pattern, settings.tasks.name_pattern)
        found = self._decided.get(patterns)
        if found is None:
            found = self._decided[patterns] = decide(self.groups, self.attached, settings)
        return found

    def __repr__(self) -> str:
        return f"Related({len(self.groups)} groups, {len(self.attached)} uses)"


def by_name(names: Iterable[Any], settings: Any) -> Optional[str]:
    """The role a group's names and description say, or None."""
    text = words(*names)
    if re.search(settings.alb.name_pattern, text):
        return ALB
    if re.search(settings.tasks.name_pattern, text):
        return TASKS
    return None


def decide(groups: Iterable[Group], attached: Iterable[tuple[str, str]], settings: Any) -> Roles:
    """The one decision: see the module's docstring."""
    used: dict[str, str] = {}
    for key, role in attached:
        if key is not None and used.get(key) != ALB:
            used[key] = role
    of_group: dict[Group, Optional[str]] = {}
    of_key = dict(used)
    for g in groups:
        if g not in of_group:
            of_group[g] = used[g.key] if g.key in used else by_name(g.names, settings)
        if g.key is not None and of_group[g] is not None:
            of_key.setdefault(g.key, of_group[g])
    return Roles(of_group, of_key)


def of(meta: Mapping, model: Any, settings: Any) -> tuple[Optional[str], Mapping[str, str]]:
    """(the role of a security-group document's group, the role of every group key it may name as
    a source), from what its front end related (``meta``); a document nobody related is judged by
    its model's own name and description."""
    related = meta.get("groups")
    if related is None:
        own = Group(getattr(model, "GroupId", None), (getattr(model, "GroupName", None),
                                                      getattr(model, "Description", None)))
        related, meta = Related([own]), {"group": own}
    roles = related.roles(settings)
    group = meta.get("group")
    if group is not None:
        return roles.of_group.get(group), roles.of_key
    return roles.of_key.get(meta.get("self")), roles.of_key


_last: tuple = (None, None)  # (weak reference to the owner, its Related)


def related_of(owner: Any, build: Callable[[], Related]) -> Related:
    """The :class:`Related` of ``owner`` (a Terraform module, a CloudFormation template), made by
    ``build`` once while the owner's resources are mapped (they are mapped one after another), so
    that every group document of the owner shares it; nothing is written on the owner."""
    global _last
    ref, related = _last
    if ref is not None and ref() is owner:
        return related
    related = build()
    _last = (weakref.ref(owner), related)
    return related
