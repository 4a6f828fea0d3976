"""doalint.record: the records doalint's classes are, as dataclasses would make them."""

from __future__ import annotations

import copy
import pickle

import pytest

from doalint.engine.findings import Finding, Report
from doalint.record import FrozenInstanceError, field, fields, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = ()


@record
class Bag:
    items: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict, repr=False)
    name: str = "bag"


@record
class Child(Bag):
    extra: int = 1

    def __post_init__(self) -> None:
        self.extra = self.extra * 10


def test_init_takes_fields_by_position_and_name_with_defaults():
    assert (Point(1).x, Point(1).y) == (1, 0)
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    with pytest.raises(TypeError, match="missing required argument: 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, z=3)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="positional arguments"):
        Point(1, 2, (), 4)


def test_default_factories_give_each_record_its_own_value():
    a, b = Bag(), Bag()
    a.items.append(1)
    assert b.items == [] and a.items == [1]


def test_repr_names_the_fields_shown():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Bag([1])) == "Bag(items=[1], name='bag')"


def test_equality_is_by_class_and_fields():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Bag() != Child() and Bag() == Bag()
    assert Point(1) != (1, 0, ())


def test_frozen_records_hash_and_refuse_assignment_mutable_ones_do_not_hash():
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1), Point(1), Point(2)}) == 2
    with pytest.raises(FrozenInstanceError):
        Point(1).x = 3
    with pytest.raises(AttributeError):
        del Point(1).y
    with pytest.raises(TypeError):
        hash(Bag())


def test_inherited_fields_and_post_init():
    c = Child([1], name="c", extra=2)
    assert (c.items, c.name, c.extra) == ([1], "c", 20)
    assert [f.name for f in fields(Child)] == ["items", "hidden", "name", "extra"]


def test_replace_copies_with_changes_and_runs_post_init():
    p = replace(Point(1, 2), y=5)
    assert p == Point(1, 5)
    assert replace(Child(extra=1)).extra == 100  # post-init runs again, as with dataclasses.replace
    with pytest.raises(TypeError):
        replace(Point(1), z=1)


def test_records_pickle_and_copy():
    f = Finding("DOA101", "n", "error", "a.json", 1, 2, 1, 3, "m", path=("a", 0))
    assert pickle.loads(pickle.dumps(f)) == f
    assert copy.deepcopy(f) == f
    r = Report()
    r.findings.append(f)
    assert pickle.loads(pickle.dumps(r)).findings == [f]


def test_a_non_default_field_after_a_default_is_refused():
    with pytest.raises(TypeError, match="non-default argument 'b'"):
        @record
        class Bad:
            a: int = 0
            b: int
