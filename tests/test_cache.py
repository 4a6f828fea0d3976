"""doalint's cache of its own parsed YAML files (profile, facts, catalog, configuration)."""

from __future__ import annotations

from doalint import yamlfile
from doalint.source import Span


def _read(path, monkeypatch, cache_home):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.delenv("DOALINT_NO_CACHE", raising=False)
    return yamlfile.read_yaml(path, "test")


def test_a_cached_file_reads_back_the_same_values_and_positions(tmp_path, monkeypatch):
    f = tmp_path / "a.yaml"
    f.write_text("a:\n  b: [1, 2.5, true, null, 'x']\n  c: {d: e}\n", encoding="utf-8")
    value, smap = _read(f, monkeypatch, tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "doalint" / "yaml").iterdir())) == 1
    value2, smap2 = _read(f, monkeypatch, tmp_path / "cache")
    assert value2 == value
    assert smap2.values == smap.values and smap2.keys == smap.keys
    assert all(isinstance(s, Span) for s in smap2.values.values())
    assert smap2.locate(("a", "c", "d"))[0].line == 3


def _parse_counter(monkeypatch):
    """Count the YAML parses (the cache's misses)."""
    from doalint.loaders import yamlpos

    calls = []
    real = yamlpos.parse_yaml
    monkeypatch.setattr(yamlpos, "parse_yaml", lambda text: calls.append(text) or real(text))
    return calls


def test_a_cached_file_is_not_parsed_again(tmp_path, monkeypatch):
    calls = _parse_counter(monkeypatch)
    f = tmp_path / "a.yaml"
    f.write_text("a:\n  b: [1, 2]\n", encoding="utf-8")
    first = _read(f, monkeypatch, tmp_path / "cache")
    assert calls == ["a:\n  b: [1, 2]\n"]
    again = _read(f, monkeypatch, tmp_path / "cache")
    assert calls == ["a:\n  b: [1, 2]\n"] and again[0] == first[0] == {"a": {"b": [1, 2]}}
    assert again[1].locate(("a", "b", 1))[0].line == 2
    # the same text in another file is the same entry: read from the cache too
    g = tmp_path / "b.yaml"
    g.write_text("a:\n  b: [1, 2]\n", encoding="utf-8")
    assert _read(g, monkeypatch, tmp_path / "cache")[0] == {"a": {"b": [1, 2]}} and len(calls) == 1


def test_an_edited_file_is_parsed_again(tmp_path, monkeypatch):
    f = tmp_path / "a.yaml"
    calls = _parse_counter(monkeypatch)
    f.write_text("a: 1\n", encoding="utf-8")
    assert _read(f, monkeypatch, tmp_path / "cache")[0] == {"a": 1}
    f.write_text("a: 2\n", encoding="utf-8")
    assert _read(f, monkeypatch, tmp_path / "cache")[0] == {"a": 2}
    assert calls == ["a: 1\n", "a: 2\n"]
    assert len(list((tmp_path / "cache" / "doalint" / "yaml").iterdir())) == 2


def test_a_damaged_cache_file_means_parsing_again(tmp_path, monkeypatch):
    f = tmp_path / "a.yaml"
    f.write_text("a: [1, 2]\n", encoding="utf-8")
    _read(f, monkeypatch, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "doalint" / "yaml").iterdir()
    good = entry.read_bytes()
    for junk in (b"", b"not a cache", good[:-3], yamlfile._CACHE_FORMAT + b"\xff\x00"):
        entry.write_bytes(junk)
        assert _read(f, monkeypatch, tmp_path / "cache")[0] == {"a": [1, 2]}
        assert entry.read_bytes() == good  # parsed again, and the entry written anew


def test_no_cache_when_turned_off_or_unwritable(tmp_path, monkeypatch):
    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setenv("DOALINT_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert yamlfile.read_yaml(f, "test")[0] == {"a": 1}
    assert not (tmp_path / "cache").exists()
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")  # a file where the cache folder would go
    assert _read(f, monkeypatch, blocker)[0] == {"a": 1}


def test_values_json_cannot_hold_are_not_cached(tmp_path, monkeypatch):
    from doalint.loaders import yamlpos
    from doalint.source import SourceMap

    f = tmp_path / "a.yaml"
    f.write_text("x: 1\n", encoding="utf-8")
    odd = {1: "a number key", "n": float("nan")}  # JSON would give back "1" and a NaN unequal to itself
    monkeypatch.setattr(yamlpos, "parse_yaml", lambda text: [(odd, SourceMap(), [])])
    assert _read(f, monkeypatch, tmp_path / "cache")[0] is odd
    assert not list((tmp_path / "cache").rglob("*")) or not list((tmp_path / "cache" / "doalint" / "yaml").iterdir())


def test_the_cache_is_data_only(tmp_path, monkeypatch):
    """A cache file is JSON: nothing in one can do more than give back values."""
    f = tmp_path / "a.yaml"
    f.write_text("a: [1, 2]\n", encoding="utf-8")
    _read(f, monkeypatch, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "doalint" / "yaml").iterdir()
    import json

    header, _, body = entry.read_bytes().partition(b"\n")
    assert header == b"doalint-yaml-3"
    assert json.loads(body)[0] == {"a": [1, 2]}
