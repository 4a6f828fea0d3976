"""The cache of botocore's API shapes (doalint.shapes): what a run reads instead of the whole model."""

from __future__ import annotations

import json

import pytest

from doalint import shapes


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DOALINT_NO_CACHE", raising=False)
    shapes.service_model.cache_clear()
    yield tmp_path / "doalint" / "shapes"
    shapes.service_model.cache_clear()


def _fresh(service="ecs"):
    shapes.service_model.cache_clear()
    return shapes.service_model(service)["shapes"]


def test_a_shape_asked_for_is_cached_with_what_it_reaches_and_no_documentation(cache_home):
    table = _fresh()
    item = table["CapacityProviderStrategyItem"]
    assert item["type"] == "structure" and "documentation" not in item
    assert "documentation" not in item["members"]["base"]
    data = json.loads((cache_home / "ecs.json").read_text())
    cached = data["shapes"]
    assert "CapacityProviderStrategyItem" in cached
    assert item["members"]["base"]["shape"] in cached  # (the member's shape came along)
    assert "RegisterTaskDefinitionRequest" not in cached  # (nothing it does not reach)
    assert data["key"][1].endswith(("service-2.json.gz", "service-2.json"))


def test_a_later_run_reads_the_cache_and_not_the_model(cache_home, monkeypatch):
    _fresh()["CapacityProviderStrategyItem"]
    monkeypatch.setattr(shapes, "_read_model", lambda model: pytest.fail("read the model"))
    assert _fresh()["CapacityProviderStrategyItem"]["type"] == "structure"


def test_a_cache_of_another_botocore_or_a_broken_one_is_not_used(cache_home):
    _fresh()["CapacityProviderStrategyItem"]
    path = cache_home / "ecs.json"
    data = json.loads(path.read_text())
    data["key"][2] += 1  # another model file size: another botocore
    data["shapes"]["CapacityProviderStrategyItem"] = {"type": "string"}
    path.write_text(json.dumps(data))
    assert _fresh()["CapacityProviderStrategyItem"]["type"] == "structure"
    path.write_text("{not json")
    assert _fresh()["CapacityProviderStrategyItem"]["type"] == "structure"
    assert json.loads(path.read_text())["shapes"]["CapacityProviderStrategyItem"]["type"] == "structure"


def test_validation_gives_the_same_messages_with_a_cold_and_a_warm_cache(cache_home):
    value = {"family": "x", "containerDefinitions": [{"name": "a", "image": "i", "cpu": "1", "memry": 5}],
             "networkMode": "bridge2"}
    cold = list(shapes.validate("ecs", "RegisterTaskDefinitionRequest", value))
    shapes.service_model.cache_clear()
    warm = list(shapes.validate("ecs", "RegisterTaskDefinitionRequest", value))
    assert cold == warm and len(cold) >= 3
    assert any("did you mean 'memory'" in m for _, m in warm)


def test_an_unknown_shape_is_a_key_error(cache_home):
    with pytest.raises(KeyError):
        _fresh()["NoSuchShape"]
