"""Typed records: classes declared by annotation, as pydantic models are, built without
importing pydantic when the data already has the declared types.

pydantic's import alone takes several times a bare interpreter's start, more than the rest of a
one-file run. Yet nearly all the data doalint types (the profile, the AWS facts, documents read
from JSON and YAML) is already exactly of its declared types: ``str``, ``int``, ``float``,
``bool``, ``None``, ``list`` and ``dict``. A :class:`Record` builds such data itself, walking its
declared types and accepting only values of exactly those types (:meth:`Record.model_validate`).
Anything else (a value of another type, one pydantic would coerce, a missing required key, an
unknown key where extras are forbidden) goes to pydantic: a pydantic model generated from the same
declaration (:func:`mirror`) validates the data, with pydantic's own coercions and errors
(:class:`Invalid` carries them), and its result is copied into the record. What the record path
accepts, pydantic accepts unchanged, so the outcome is pydantic's either way; tests compare both on
every fixture.

A record behaves as the pydantic model did where doalint uses one: fields are attributes, extra
keys (``extra="allow"``) are read as attributes after the class's own names, ``model_copy``,
``model_dump``, equality, and hashing when frozen. The configuration is a class attribute::

    class Settings(Record):
        record_config = {"strict": False, "extra": "forbid", "frozen": True}
        name: str
        ports: list[int] = []
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Optional, Union

_REQUIRED = object()
_EXACT = 2 ** 53  # ints up to this size are exactly floats
_SCALARS = (str, int, float, bool)


class _Slow(Exception):
    """The record path cannot decide: pydantic must (raised and caught inside this module)."""


class Invalid(ValueError):
    """The data does not validate: pydantic's ValidationError, as ``errors()``."""

    def __init__(self, error) -> None:
        super().__init__(str(error))
        self.error = error

    def errors(self) -> list[dict]:
        return self.error.errors()


class _Spec:
    """A record class's declaration, resolved on first use: per field its checker (the record
    path), its converter (from the pydantic model's result) and its default."""

    __slots__ = ("cls", "fields", "names", "strict", "extra", "frozen", "mirror", "_converters", "_checks",
                 "_defaults", "_required", "_mutable")

    def __init__(self, cls: type) -> None:
        import typing

        self.cls = cls
        config = cls.record_config
        self.strict = bool(config.get("strict", False))
        self.extra = config.get("extra", "ignore")
        self.frozen = bool(config.get("frozen", False))
        self.mirror = None
        self._converters = None
        fields = []
        for name, tp in _hints(cls).items():
            if name.startswith("_") or typing.get_origin(tp) is ClassVar or name == "record_config":
                continue
            default = cls.__dict__.get(name, _REQUIRED)
            for base in cls.__mro__[1:]:
                if default is not _REQUIRED:
                    break
                default = base.__dict__.get(name, _REQUIRED)
            fields.append((name, tp, _checker(tp, self.strict), default))
        self.fields = tuple(fields)
        self.names = frozenset(f[0] for f in fields)
        # the record path's tables: checker by name, defaults in field order (a copy of it starts each
        # record), the fields without a default, and those whose default is copied for each record
        self._checks = {name: check for name, _, check, _ in fields}
        self._defaults = {name: default for name, _, _, default in fields if default is not _REQUIRED}
        self._required = tuple(name for name, _, _, default in fields if default is _REQUIRED)
        self._mutable = tuple((name, default) for name, _, _, default in fields
                              if isinstance(default, (list, dict, set)))

    def build(self, data: dict):
        """The record of ``data`` (a dict) when every value has its declared type; else _Slow."""
        if self._required:
            for name in self._required:
                if name not in data:
                    raise _Slow
            values = {name: None for name in self._checks}  # (the fields' order)
            values.update(self._defaults)
        else:
            values = self._defaults.copy()
        checks = self._checks.get
        extra = {} if self.extra == "allow" else None
        forbid = self.extra == "forbid"
        for k, v in data.items():
            check = checks(k)
            if check is not None:
                values[k] = check(v)
            elif forbid or not _key_ok(k):
                raise _Slow
            elif extra is not None:
                extra[k] = v
        for name, default in self._mutable:
            if name not in data:  # pydantic's copy of a mutable default (smart_deepcopy)
                values[name] = default.copy() if not default else copy.deepcopy(default)
        obj = object.__new__(self.cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "_record_extra", extra)
        return obj

    @property
    def converters(self) -> tuple:
        """(name, converter) per field: from the pydantic model's values to the record's."""
        if self._converters is None:
            self._converters = tuple((name, _converter(tp)) for name, tp, _, _ in self.fields)
        return self._converters


_EVALUATED: dict = {}  # (module, annotation text) -> its type, for the annotations of many records


def _hints(cls: type) -> dict:
    """typing.get_type_hints(cls) for a record class: each annotation written as text (``from
    __future__ import annotations``) is evaluated in its module, as get_type_hints does, but once
    per module for the same text (``Optional[str]`` is written a hundred times), unless the text
    may name something of the class itself (then with the class's names too, as get_type_hints does)."""
    import sys

    out: dict = {}
    for klass in reversed(cls.__mro__):
        annotations = klass.__dict__.get("__annotations__")
        if not annotations:
            continue
        module = sys.modules[klass.__module__].__dict__
        own = None
        for name, value in annotations.items():
            if isinstance(value, str):
                if own is None:
                    own = [k for k in vars(klass) if not k.startswith("__")]
                if any(k in value for k in own):  # (a conservative test: text, not names)
                    # get_type_hints' order: the module's names, then the class's, then builtins
                    value = eval(value, dict(vars(klass)), module)
                else:
                    key = (klass.__module__, value)
                    found = _EVALUATED.get(key)
                    if found is None:
                        found = _EVALUATED[key] = eval(value, module, {})
                    value = found
            out[name] = type(None) if value is None else value
    return out


def _spec(cls: type) -> _Spec:
    spec = cls.__dict__.get("_record_spec")
    if spec is None:
        spec = _Spec(cls)
        type.__setattr__(cls, "_record_spec", spec)
    return spec


def _key_ok(k: Any) -> bool:
    """A key pydantic reads as it is: exactly a str that UTF-8 can encode (pydantic rejects lone
    surrogates in a model's keys)."""
    if type(k) is not str:
        return False
    if k.isascii():
        return True
    try:
        k.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _same(v):
    return v


def _string(v):
    """A str as pydantic gives it: a str as it is; an instance of a subclass of str (a Terraform
    reference, doalint.values.Ref) as the plain str it holds, which pydantic refuses when UTF-8
    cannot encode it (lone surrogates); enumerations are left to pydantic."""
    if type(v) is str:
        return v
    if isinstance(v, str) and _key_ok(str.__str__(v)):
        import enum

        if not isinstance(v, enum.Enum):
            return str.__str__(v)
    raise _Slow


def _slow(v):
    raise _Slow


def _checker(tp, strict: bool):
    """fn(value) -> the value as pydantic would give it, for values of exactly the declared
    type; raises _Slow for anything else."""
    import typing

    if tp is Any or tp is object:
        return _same
    if tp is type(None):
        def none(v):
            if v is None:
                return None
            raise _Slow
        return none
    if tp is str:
        return _string
    if tp is float:
        def float_(v):
            if type(v) is float:
                return v
            if type(v) is int and -_EXACT <= v <= _EXACT:  # pydantic takes an int as a float
                return float(v)
            raise _Slow
        return float_
    if tp in _SCALARS:
        def scalar(v):
            if type(v) is tp:
                return v
            raise _Slow
        return scalar
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Union:
        members = [a for a in args if a is not type(None)]
        nullable = len(members) < len(args)
        if len(members) == 1:
            inner = _checker(members[0], strict)
            if not nullable:
                return inner
            member = members[0]
            if member is str:
                def optional_str(v):
                    return v if v is None or type(v) is str else _string(v)
                return optional_str
            if member is int or member is bool:
                def optional_scalar(v):
                    if v is None or type(v) is member:
                        return v
                    raise _Slow
                return optional_scalar
            if inner is _same:
                return _same

            def optional(v):
                return None if v is None else inner(v)
            return optional
        if all(m in _SCALARS for m in members):
            # pydantic's smart union takes a value of exactly one member's type as it is
            exact = frozenset(members) | ({type(None)} if nullable else frozenset())

            def union(v):
                if type(v) in exact:
                    return v
                raise _Slow
            return union
        return _slow
    if origin is list and len(args) == 1:
        inner = _checker(args[0], strict)
        if inner is _same:
            def list_any(v):
                if type(v) is not list:
                    raise _Slow
                return list(v)
            return list_any

        def list_(v):
            if type(v) is not list:
                raise _Slow
            return [inner(x) for x in v]
        return list_
    if origin is tuple and args and args[-1] is not Ellipsis:
        inners = [_checker(a, strict) for a in args]
        kinds = (tuple,) if strict else (tuple, list)

        def tuple_(v):
            if type(v) not in kinds or len(v) != len(inners):
                raise _Slow
            return tuple(f(x) for f, x in zip(inners, v))
        return tuple_
    if origin is dict and len(args) == 2 and args[0] is str:
        inner = _checker(args[1], strict)

        def dict_(v):
            if type(v) is not dict:
                raise _Slow
            return {k if type(k) is str else _string(k): inner(x) for k, x in v.items()}
        return dict_
    if isinstance(tp, type) and issubclass(tp, Record):
        built = []  # tp's spec, once resolved (on the first value: only the records a run meets)

        def record(v):
            if type(v) is not dict:
                raise _Slow
            if not built:
                built.append(_spec(tp).build)
            return built[0](v)
        return record
    return _slow  # a type the record path does not know: pydantic decides, always


def _converter(tp):
    """fn(value of the pydantic model) -> the record's value (records for nested models)."""
    import typing

    if isinstance(tp, type) and issubclass(tp, Record):
        return lambda v: None if v is None else tp._from_mirror(v)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Union:
        members = [a for a in args if a is not type(None)]
        if all(a in _SCALARS or a is Any for a in members):
            return _same
        if len(members) == 1:
            inner = _converter(members[0])
            return lambda v: None if v is None else inner(v)
        convs = [(_mirror_type(a), _converter(a)) for a in members]

        def union(v):
            if v is None:
                return None
            for kind, conv in convs:
                if kind is Any or _is_instance(v, kind):
                    return conv(v)
            return v
        return union
    if origin is list and len(args) == 1:
        inner = _converter(args[0])
        return lambda v: v if v is None else [inner(x) for x in v]
    if origin is tuple:
        inners = [_converter(a) for a in args]
        return lambda v: v if v is None else tuple(f(x) for f, x in zip(inners, v))
    if origin is dict and len(args) == 2:
        inner = _converter(args[1])
        return lambda v: v if v is None else {k: inner(x) for k, x in v.items()}
    return _same


def _is_instance(v, kind) -> bool:
    import typing

    origin = typing.get_origin(kind)
    try:
        return isinstance(v, origin or kind)
    except TypeError:
        return False


def _mirror_type(tp):
    """``tp`` with every record class replaced by its pydantic model."""
    import typing

    if isinstance(tp, type) and issubclass(tp, Record):
        return mirror(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if not args:
        return tp
    mapped = tuple(_mirror_type(a) for a in args)
    if origin is Union:
        return Union[mapped]
    return origin[mapped] if len(mapped) > 1 else origin[mapped[0]]


def mirror(cls: type):
    """The pydantic model of record class ``cls``: the same fields, types and configuration."""
    spec = _spec(cls)
    if spec.mirror is None:
        from pydantic import ConfigDict, create_model

        config = ConfigDict(extra=spec.extra, strict=spec.strict, frozen=spec.frozen)
        fields = {name: (_mirror_type(tp), ... if default is _REQUIRED else default)
                  for name, tp, _, default in spec.fields}
        spec.mirror = create_model(cls.__name__, __config__=config, __module__=cls.__module__, **fields)
    return spec.mirror


class Record:
    """The base of typed records (see the module's text)."""

    __slots__ = ("_record_extra",)
    record_config: ClassVar[dict] = {}

    @classmethod
    def model_validate(cls, data: Any):
        """A record of ``data``; :class:`Invalid` (pydantic's errors) when it does not validate."""
        if type(data) is dict:
            try:
                return cls._fast(data)
            except _Slow:
                pass
        return cls._from_mirror(cls.validate_mirror(data))

    @classmethod
    def validate_mirror(cls, data: Any):
        """pydantic's model of ``data`` (Invalid when it does not validate)."""
        from pydantic import ValidationError

        try:
            return mirror(cls).model_validate(data)
        except ValidationError as exc:
            raise Invalid(exc) from None

    @classmethod
    def _fast(cls, data: dict):
        """The record of ``data`` by the record path (_Slow: pydantic must decide)."""
        return (cls.__dict__.get("_record_spec") or _spec(cls)).build(data)

    @classmethod
    def _from_mirror(cls, model):
        spec = _spec(cls)
        values = {name: conv(getattr(model, name)) for name, conv in spec.converters}
        extra = model.__pydantic_extra__
        return cls._make(values, dict(extra) if extra is not None else None)

    @classmethod
    def _make(cls, values: dict, extra: Optional[dict]):
        obj = object.__new__(cls)
        object.__getattribute__(obj, "__dict__").update(values)
        object.__setattr__(obj, "_record_extra", extra)
        return obj

    # --- behaving as the pydantic model did ---------------------------------------------------
    def __getattr__(self, item: str):
        # only reached when the normal lookup fails: the class's own names come first
        try:
            extra = object.__getattribute__(self, "_record_extra")
        except AttributeError:
            extra = None
        if extra and item in extra:
            return extra[item]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {item!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if _spec(type(self)).frozen:
            raise TypeError(f"{type(self).__name__} is frozen: {name} cannot be set")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if _spec(type(self)).frozen:
            raise TypeError(f"{type(self).__name__} is frozen: {name} cannot be deleted")
        object.__delattr__(self, name)

    def _field_values(self) -> dict:
        d = object.__getattribute__(self, "__dict__")
        return {name: d[name] for name in _field_names(type(self)) if name in d}

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return (type(self) is type(other) and self._field_values() == other._field_values()
                and self._record_extra == other._record_extra and self._private() == other._private())

    def _private(self) -> dict:
        return {k: v for k, v in object.__getattribute__(self, "__dict__").items() if k.startswith("_")}

    def __hash__(self) -> int:
        if not _spec(type(self)).frozen:
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        return hash((type(self),) + tuple(self._field_values().values()))

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self._field_values().items()]
        parts += [f"{k}={v!r}" for k, v in (self._record_extra or {}).items()]
        return f"{type(self).__name__}({', '.join(parts)})"

    def __getstate__(self):
        return (dict(object.__getattribute__(self, "__dict__")), self._record_extra)

    def __setstate__(self, state) -> None:
        values, extra = state
        object.__getattribute__(self, "__dict__").update(values)
        object.__setattr__(self, "_record_extra", extra)

    def __copy__(self):
        return type(self)._make(dict(self.__dict__), None if self._record_extra is None else dict(self._record_extra))

    def __deepcopy__(self, memo):
        values = copy.deepcopy(dict(self.__dict__), memo)
        return type(self)._make(values, copy.deepcopy(self._record_extra, memo))

    @property
    def model_extra(self) -> Optional[dict]:
        return self._record_extra

    def model_copy(self, *, update: Optional[dict] = None, deep: bool = False):
        """A copy, with ``update``'s values (unvalidated, as pydantic's): fields and other names
        (a cached section) go to the copy's attributes, but unknown keys of a record allowing extras."""
        out = copy.deepcopy(self) if deep else copy.copy(self)
        for k, v in (update or {}).items():
            if _spec(type(self)).extra == "allow" and k not in _spec(type(self)).names:
                if out._record_extra is None:
                    object.__setattr__(out, "_record_extra", {})
                out._record_extra[k] = v
            else:
                object.__getattribute__(out, "__dict__")[k] = v
        return out

    def model_dump(self, *, exclude: Optional[set] = None) -> dict:
        """The fields (and extras) as plain data: records become dicts."""
        out = {k: _dump(v) for k, v in self._field_values().items() if not exclude or k not in exclude}
        for k, v in (self._record_extra or {}).items():
            if not exclude or k not in exclude:
                out[k] = _dump(v)
        return out


def _field_names(cls: type) -> tuple:
    return tuple(f[0] for f in _spec(cls).fields)


def _dump(v):
    if isinstance(v, Record):
        return v.model_dump()
    if isinstance(v, list):
        return [_dump(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_dump(x) for x in v)
    if isinstance(v, dict):
        return {k: _dump(x) for k, x in v.items()}
    return v
