"""Records: the part of :mod:`dataclasses` doalint uses, without its start-up cost.

``dataclasses.dataclass`` writes each class's methods as source text and compiles it when the class
is created: about a millisecond per class, paid by every run for every record class on the import
path (and ``dataclasses`` imports ``inspect``). :func:`record` gives the same classes (same
``__init__`` signature, ``__repr__``, ``__eq__``, ``__hash__`` of a frozen record, immutability,
``__post_init__``, inherited fields, ``field(default_factory=..., repr=False)``) from generic
methods that read the class's field table: nothing is compiled, and building a record costs about
as much as calling a small function. :func:`replace` and :func:`fields` stand in for their
``dataclasses`` namesakes.
"""

from __future__ import annotations

_MISSING = object()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    __slots__ = ("name", "default", "default_factory", "repr", "compare")

    def __init__(self, default=_MISSING, default_factory=_MISSING, repr: bool = True, compare: bool = True):
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default=_MISSING, default_factory=_MISSING, repr: bool = True, compare: bool = True) -> Field:
    return Field(default, default_factory, repr, compare)


def _is_classvar(annotation) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__qualname__", "")
    if not isinstance(text, str):
        return False
    return text.startswith(("ClassVar", "typing.ClassVar")) or repr(annotation).startswith("typing.ClassVar")


def _own_fields(cls) -> list[Field]:
    out = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, Field):
            f = value
            if f.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = Field(default=value)
        f.name = name
        out.append(f)
    return out


def _make_init(table: tuple, post_init: bool):
    names = tuple(f.name for f in table)
    count = len(table)
    # (name, default, factory) per field, _MISSING where there is none
    specs = tuple((f.name, f.default, f.default_factory) for f in table)
    missing = _MISSING

    def __init__(self, *args, **kwargs):
        n = len(args)
        d = self.__dict__
        if n:
            if n > count:
                raise TypeError(f"{type(self).__name__}() takes {count} positional arguments but {n} were given")
            d.update(zip(names, args))
        for name, default, factory in specs[n:]:
            value = kwargs.pop(name, missing)
            if value is missing:
                if default is not missing:
                    value = default
                elif factory is not missing:
                    value = factory()
                else:
                    raise TypeError(f"{type(self).__name__}() missing required argument: '{name}'")
            d[name] = value
        if kwargs:
            extra = next(iter(kwargs))
            if extra in names:
                raise TypeError(f"{type(self).__name__}() got multiple values for argument '{extra}'")
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument '{extra}'")
        if post_init:
            self.__post_init__()

    return __init__


def _make_repr(table: tuple):
    shown = tuple(f.name for f in table if f.repr)

    def __repr__(self):
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({inner})"

    return __repr__


def _make_eq(table: tuple):
    compared = tuple(f.name for f in table if f.compare)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            d, o = self.__dict__, other.__dict__
            return tuple(d[n] for n in compared) == tuple(o[n] for n in compared)
        return NotImplemented

    return __eq__


def _make_hash(table: tuple):
    compared = tuple(f.name for f in table if f.compare)

    def __hash__(self):
        d = self.__dict__
        return hash(tuple(d[n] for n in compared))

    return __hash__


def _frozen_setattr(self, name, value):
    if name in type(self).__record_names__:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    if name in type(self).__record_names__:
        raise FrozenInstanceError(f"cannot delete field '{name}'")
    object.__delattr__(self, name)


def record(cls=None, *, frozen: bool = False):
    """``@record`` / ``@record(frozen=True)``: a class whose annotated attributes are its fields,
    as ``@dataclasses.dataclass`` makes one (eq=True, init=True, repr=True; no ordering, no slots)."""

    def wrap(cls):
        inherited: dict[str, Field] = {}
        for base in reversed(cls.__mro__[1:]):
            for f in getattr(base, "__record_fields__", ()):
                inherited[f.name] = f
        for f in _own_fields(cls):
            inherited[f.name] = f
        table = tuple(inherited.values())
        seen_default = False
        for f in table:
            has = f.default is not _MISSING or f.default_factory is not _MISSING
            if seen_default and not has:
                raise TypeError(f"non-default argument '{f.name}' follows default argument")
            seen_default = seen_default or has
        cls.__record_fields__ = table
        cls.__record_names__ = frozenset(f.name for f in table)
        own = cls.__dict__
        if "__init__" not in own:
            cls.__init__ = _make_init(table, hasattr(cls, "__post_init__"))
        if "__repr__" not in own:
            cls.__repr__ = _make_repr(table)
        explicit_eq = "__eq__" in own
        if not explicit_eq:
            cls.__eq__ = _make_eq(table)
        explicit_hash = "__hash__" in own and not (own["__hash__"] is None and explicit_eq)
        if not explicit_hash:
            cls.__hash__ = _make_hash(table) if frozen else None
        if frozen:
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
        return cls

    return wrap if cls is None else wrap(cls)


def fields(obj_or_cls) -> tuple:
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return cls.__record_fields__


def replace(obj, **changes):
    """A copy of record ``obj`` with ``changes``: its class is called again (``__post_init__`` runs)."""
    values = {f.name: obj.__dict__[f.name] for f in type(obj).__record_fields__}
    unknown = [k for k in changes if k not in values]
    if unknown:
        raise TypeError(f"{type(obj).__name__}.__init__() got an unexpected keyword argument '{unknown[0]}'")
    values.update(changes)
    return type(obj)(**values)
