"""JSON positions on demand: parse_json (the standard library's parser, a LazySourceMap) answers
exactly as parse_json_eager (the position-keeping parser, every span built) does: the same value,
the same span for every path asked, the same duplicates, the same errors with the same line and
column."""

from __future__ import annotations

import json
import pickle
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doalint.loaders import parse_text
from doalint.loaders.errors import ParseError
from doalint.loaders.jsonpos import LazySourceMap, parse_json, parse_json_eager
from doalint.source import SourceMap, Span

# Keys and strings with what moves columns: tabs, CR, non-ASCII, astral characters (one column
# each, as Python counts them), lone surrogates (written as escapes by json.dumps).
TEXT = st.text(alphabet=st.sampled_from(list('ab\t\r\n é"\\/😀\U0001d11e\x01') + ["\ud800", "\udfff"]), max_size=6)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=25,
)
LAYOUT = st.tuples(
    st.sampled_from([None, 0, 1, 2, 4, "\t", "\r\n", " \t"]),  # indent (a string: written as is)
    st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : "), (",\t", ":\t"), (",\n", ":\r\n")]),
    st.booleans(),  # ensure_ascii
    st.sampled_from(["", " ", "\n", "\r\n", "\t \n", "\r"]),  # around the document (a lone CR too)
)


def _dump(value, layout) -> str:
    indent, separators, ascii_only, around = layout
    return around + json.dumps(value, indent=indent, separators=separators, ensure_ascii=ascii_only) + around


def _all_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _all_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _all_paths(v, path + (i,))


def _asked(value):
    """Every path of the value, and paths that go past it (a missing key, an index too far, a
    step into a scalar): locate() answers those with the nearest ancestor."""
    for p in _all_paths(value):
        yield p
        yield p + ("missing",)
        yield p + (0, "x")
        yield p + (7,)


def _same_as_eager(text: str, template: bool = False) -> None:
    value, smap, dups = parse_json(text, template=template)
    evalue, emap, edups = parse_json_eager(text, template=template)
    assert json.dumps(value) == json.dumps(evalue)  # same values, same key order
    assert [(d.path, d.span, d.first) for d in dups] == [(d.path, d.span, d.first) for d in edups]
    for p in _asked(evalue):
        fresh = type(smap)(text, template=template) if isinstance(smap, LazySourceMap) else smap
        assert fresh.locate(p) == emap.locate(p), p  # asked first
        assert smap.locate(p) == emap.locate(p), p  # asked after others (walk and line counts cached)
    assert smap.values == emap.values and smap.keys == emap.keys


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES, LAYOUT)
def test_lazy_map_locates_every_path_as_the_eager_parser(value, layout):
    text = _dump(value, layout)
    _, smap, _ = parse_json(text)
    assert isinstance(smap, LazySourceMap)
    _same_as_eager(text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES, LAYOUT)
def test_template_mode_answers_as_the_eager_parser(value, layout):
    _same_as_eager(_dump(value, layout), template=True)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=6), VALUES, LAYOUT)
def test_duplicate_keys_are_found_as_the_eager_parser_finds_them(keys, value, layout):
    body = ("," if layout[1][0] == "," else ", ").join(f'"{k}": {json.dumps(value)}' for k in keys)
    _same_as_eager("{" + body + "}")
    _same_as_eager('{"outer": [{' + body + "}]}")


def _error(text: str, parse, **kw):
    try:
        parse(text, **kw)
    except ParseError as exc:
        return exc.message, exc.line, exc.col
    return None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES, LAYOUT, st.data())
def test_broken_json_fails_with_the_eager_parser_s_error(value, layout, data):
    """A valid text cut short, or with a character dropped or put in: the same error (message,
    line, column), or the same value and spans."""
    text = _dump(value, layout)
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    edit = data.draw(st.sampled_from(["cut", "drop", "insert"]))
    if edit == "cut":
        text = text[:at]
    elif edit == "drop":
        text = text[:at] + text[at + 1:]
    else:
        put = data.draw(st.sampled_from(list(',:[]{}"\\0-e.tn \ufeff') + ["NaN", "${x}", "{{X}}"]))
        text = text[:at] + put + text[at:]
    for template in (False, True):
        want = _error(text, parse_json_eager, template=template)
        assert _error(text, parse_json, template=template) == want
        if want is None:
            _same_as_eager(text, template)


@pytest.mark.parametrize("text", [
    '{"a": NaN}', "[Infinity]", "[-Infinity]", '{"a": [1, -Infinity]}',
    "[" + "9" * 4301 + "]", "[-" + "9" * 4301 + "]",
    "[" * 101 + "]" * 101, '{"a":' * 101 + "1" + "}" * 101, "[" * 5000 + "]" * 5000,
    "\ufeff[1]", "[1,]", '{"a": 1,}', "[01]", "[.5]", '{"a": "x\ny"}', "", "  ", "[1] [2]",
])
def test_what_the_standard_library_reads_otherwise_is_read_by_the_eager_parser(text):
    """NaN and Infinity, integers past 4300 digits, nesting past the limit (by a little, and past
    Python's own recursion limit), a BOM left in the text: the eager parser's error, word for word."""
    want = _error(text, parse_json_eager)
    assert want is not None
    assert _error(text, parse_json) == want


def test_limits_and_big_numbers_kept():
    value, smap, _ = parse_json("[" * 100 + "]" * 100)
    assert isinstance(smap, LazySourceMap)
    assert smap.locate((0,) * 99) == (Span(1, 100, 1, 102), (0,) * 99)
    with pytest.raises(ParseError) as exc:
        parse_json("[" * 101 + "]" * 101)
    assert (exc.value.message, exc.value.line, exc.value.col) == ("nesting deeper than 100 levels", 1, 101)
    with pytest.raises(ParseError, match="nesting deeper than 3 levels"):
        parse_json('{"a": [{"b": [1]}]}', max_depth=3)
    value, _, _ = parse_json("[" + "9" * 4300 + ", 1e999, -0.0, 1E400]")
    assert value == [int("9" * 4300), float("inf"), -0.0, float("inf")]
    with pytest.raises(ParseError, match="a number of 4301 digits"):
        parse_json("[" + "9" * 4301 + "]")
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # no limit in this interpreter: doalint's own stays
    try:
        with pytest.raises(ParseError, match="a number of 4301 digits") as exc:
            parse_json('{"n": -' + "9" * 4301 + "}")
        assert (exc.value.line, exc.value.col) == (1, 7)
        assert parse_json("[" + "9" * 4300 + "]")[0] == [int("9" * 4300)]
    finally:
        sys.set_int_max_str_digits(saved)


def test_columns_count_characters_across_tabs_unicode_and_crlf():
    text = '{\r\n\t"é😀": [\t"\\ud800x", {"k": 1}],\r\n\t"b":\ttrue\r\n}\r\n'
    _, smap, _ = parse_json(text)
    assert isinstance(smap, LazySourceMap)
    assert smap.locate(("é😀",)) == (Span(2, 2, 2, 6), ("é😀",))
    assert smap.locate(("é😀", 0)) == (Span(2, 10, 2, 19), ("é😀", 0))
    assert smap.locate(("é😀", 1, "k")) == (Span(2, 22, 2, 25), ("é😀", 1, "k"))
    assert smap.locate(("b", "x")) == (Span(3, 2, 3, 5), ("b",))
    assert smap.locate(()) == (Span(1, 1, 4, 2), ())
    _same_as_eager(text)
    old_mac = text.replace("\r\n", "\r")  # lone CRs end lines too
    _, smap, _ = parse_json(old_mac)
    assert smap.locate(("b",)) == (Span(3, 2, 3, 5), ("b",))
    _same_as_eager(old_mac)


def test_path_elements_compare_as_in_a_dict_of_paths():
    """A path is looked up as in the eager map's dict: True is index 1, 1.0 too; a string does not
    index a list, nor an integer a mapping."""
    text = '{"a": [10, 20, {"1": "x"}], "b": 2}'
    _, smap, _ = parse_json(text)
    _, emap, _ = parse_json_eager(text)
    for p in [("a", True), ("a", 1.0), ("a", 2.5), ("a", "1"), ("a", -1), ("a", 2, 1), ("a", 2, "1"),
              ("a", 3), ("b", 0), ("c",), ("a", float("nan")), ("a", 1 << 80)]:
        assert smap.locate(p) == emap.locate(p), p
    assert smap.locate(("a", True)) == (Span(1, 12, 1, 14), ("a", True))


def test_values_and_keys_are_built_on_first_read_and_then_shared():
    text = '{"a": {"b": [1, 2]}, "c": "d"}'
    _, smap, _ = parse_json(text)
    assert smap.locate(("a", "b", 1)) == (Span(1, 17, 1, 18), ("a", "b", 1))
    keys = smap.keys
    assert keys is smap.keys and smap.values is smap.values
    assert keys == {("a",): Span(1, 2, 1, 5), ("a", "b"): Span(1, 8, 1, 11), ("c",): Span(1, 22, 1, 25)}
    smap.keys[("a", "z")] = Span(9, 9, 9, 9)  # what a caller adds is what locate() finds from now on
    assert smap.locate(("a", "z", 3)) == (Span(9, 9, 9, 9), ("a", "z"))


def test_a_lazy_map_pickles_as_its_text():
    text = '[{"a": 1}, {"b": [true]}]'
    _, smap, _ = parse_json(text)
    smap.locate((1, "b", 0))
    copy = pickle.loads(pickle.dumps(smap))
    assert isinstance(copy, LazySourceMap) and isinstance(copy, SourceMap)
    assert copy.locate((1, "b", 0)) == smap.locate((1, "b", 0)) == (Span(1, 19, 1, 23), (1, "b", 0))


def test_many_lookups_in_a_long_file_agree_with_the_eager_parser():
    """Past the first few lookups the line index is built: answers before and after agree."""
    doc = {"containerDefinitions": [
        {"name": f"c{c}", "environment": [{"name": f"V{i}", "value": "é" * (i % 5)} for i in range(60)]}
        for c in range(3)]}
    text = json.dumps(doc, indent=2)
    _, smap, _ = parse_json(text)
    _, emap, _ = parse_json_eager(text)
    paths = [("containerDefinitions", c, "environment", i, "value") for c in (2, 0, 1) for i in range(59, -1, -3)]
    for p in paths + paths:
        assert smap.locate(p) == emap.locate(p)
    assert smap.locate(("containerDefinitions", 1, "environment", 3, "value")) == (
        Span(265, 11, 265, 18), ("containerDefinitions", 1, "environment", 3, "value"))


def test_loaded_files_get_the_lazy_map_and_templates_the_eager_one_when_needed():
    [unit] = parse_text('{"family": "x", "cpu": 256}', "td.json")
    assert isinstance(unit.smap, LazySourceMap)
    assert unit.smap.locate(("cpu",)) == (Span(1, 17, 1, 22), ("cpu",))
    [unit] = parse_text('{"family": "x", "cpu": ${cpu}}', "td.json")  # a placeholder: read as a template
    assert type(unit.smap) is SourceMap
    assert unit.value == {"family": "x", "cpu": "${cpu}"}
    assert unit.smap.locate(("cpu",)) == (Span(1, 17, 1, 22), ("cpu",))
    [unit] = parse_text('{"a": 1,\n "a": 2}', "td.json")
    assert [(d.path, d.span.line, d.first.line) for d in unit.duplicates] == [(("a",), 2, 1)]
