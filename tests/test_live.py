"""scan-aws: the example project registered in a real HTTP API server (moto's, on 127.0.0.1) gives
the same findings as `check` on its files; where moto drops fields, botocore's Stubber answers with
responses of the real output shapes; drift (--compare); throttling, access denied, credentials."""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto.server")

import live_world  # noqa: E402
from conftest import ROOT, SARIF_SCHEMA, run_cli  # noqa: E402

from doalint.live import api as live_api  # noqa: E402

# What moto's server does not keep of what it was given (it answers without them, or empty):
# the paths the Stubber tests fill in, with the values the files registered. README, "Live
# account", lists the same; test_moto_drops_exactly_these keeps this list true.
MOTO_DROPS = {
    ("ecs", "describe_services", "services"): ("deploymentConfiguration", "enableECSManagedTags"),
    ("codedeploy", "get_deployment_group", "deploymentGroupInfo"): ("alarmConfiguration",),
}
# the kinds and top-level keys those are, for comparing findings without them
DROPPED_PATHS = {"ecs-service": ("deploymentConfiguration", "enableECSManagedTags"),
                 "codedeploy-deployment-group": ("alarmConfiguration",)}


@pytest.fixture(scope="module")
def server():
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = live_world.free_port()
    srv = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    srv.start()
    yield f"http://127.0.0.1:{port}"
    srv.stop()


@pytest.fixture
def world(server, monkeypatch):
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{server}/moto-api/reset", method="POST")).read()
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": live_world.REGION}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return live_world.register_example(server)


def _scan_args(world, *extra):
    return ("scan-aws", "--region", live_world.REGION, "--cluster", live_world.CLUSTER,
            "--endpoint-url", world.endpoint, "--color", "never", *extra)


def _key(f: dict) -> tuple:
    # an IAM policy file has no name; the account's inline policy has one: compare by kind there
    return f["rule"], f["document"] if f["kind"] != "iam-policy" else "IAM policy"


def _dropped(f: dict) -> bool:
    keys = DROPPED_PATHS.get(f["kind"], ())
    return any(f["path"] == k or f["path"].startswith(k + ".") or f["path"].startswith(k + "[") for k in keys)


def _check_files(world) -> dict:
    code, out, err = run_cli("check", "--format", "json", *[str(f) for f in world.files])
    assert code == 1, err
    return json.loads(out)


def test_scan_reports_what_check_reports_except_what_moto_drops(world):
    code, out, err = run_cli(*_scan_args(world, "--format", "json"))
    assert code == 1, err
    live = json.loads(out)
    files = _check_files(world)
    assert live["summary"]["source"] == "aws"
    assert all(f["line"] is None and f["resource"].startswith("arn:aws:") for f in live["findings"])
    got = Counter(_key(f) for f in live["findings"] if not _dropped(f))
    want = Counter(_key(f) for f in files["findings"] if not _dropped(f))
    assert got == want
    assert len(got) >= 15  # the bad folder's violations, across kinds, single and across documents
    assert {r for r, _ in got} >= {"DOA104", "DOA109", "DOA117", "DOA201", "DOA204", "DOA205", "DOA301", "DOA401",
                                   "DOA502", "DOA604", "DOA802", "DOA902", "DOA905"}


def _record(world, monkeypatch):
    """Run a scan against the server, recording the ecs and codedeploy calls and their answers."""
    from doalint.live.collect import collect

    calls = []
    real = live_api.Api.call

    def recording(self, service, operation, **params):
        out = real(self, service, operation, **params)
        if service in ("ecs", "codedeploy"):
            calls.append((service, operation, params, json.loads(json.dumps(out))))
        return out

    monkeypatch.setattr(live_api.Api, "call", recording)
    collect(live_api.Api(live_world.REGION, endpoint_url=world.endpoint), live_world.CLUSTER)
    monkeypatch.setattr(live_api.Api, "call", real)
    return calls


def _registered(world) -> dict:
    """What was registered, by kind and name, with the server's identifiers."""
    out = {}
    for f in world.files:
        data = world.subst(live_world.load(f))
        if "serviceName" in data:
            out[("services", data["serviceName"])] = data
        if "deploymentGroupName" in data:
            out[("deploymentGroupInfo", data["deploymentGroupName"])] = data
    return out


def _fill(world, calls):
    """The recorded answers with what moto dropped put back from the registered files; returns the
    calls and the (operation, key) pairs filled, to be compared with MOTO_DROPS."""
    registered = _registered(world)
    filled = set()
    for service, operation, _params, out in calls:
        for (svc, op, key), keys in MOTO_DROPS.items():
            if (svc, op) != (service, operation):
                continue
            items = out.get(key)
            for item in items if isinstance(items, list) else [items] if isinstance(items, dict) else []:
                name = item.get("serviceName") or item.get("deploymentGroupName")
                source = registered.get((key, name)) or {}
                for k in keys:
                    if k in source and item.get(k) in (None, {}, []):
                        item[k] = source[k]
                        filled.add((operation, k))
    return calls, filled


def test_moto_drops_exactly_these(world, monkeypatch):
    """The fields the Stubber tests fill in are those moto does not keep (and no more)."""
    calls, filled = _fill(world, _record(world, monkeypatch))
    assert filled == {(op, k) for (_, op, _), keys in MOTO_DROPS.items() for k in keys}


def test_stubbed_answers_of_real_shape_give_exactly_checks_findings(world, monkeypatch):
    """ecs and codedeploy answer through botocore's Stubber (which validates each response against the
    real output shape and each request's parameters), with what moto dropped put back; every other
    call goes to the server. The findings are then those of `check`, with nothing set aside."""
    from botocore.stub import Stubber

    from doalint.engine.runner import Linter
    from doalint.live.collect import collect
    from doalint.live.scan import scan
    from doalint.profile import load_profile
    from doalint.reporters import jsonfmt

    calls, _ = _fill(world, _record(world, monkeypatch))
    api = live_api.Api(live_world.REGION, endpoint_url=world.endpoint)
    stubbers = {}
    for service in ("ecs", "codedeploy"):
        stubbers[service] = Stubber(api.client(service))
    for service, operation, params, out in calls:
        stubbers[service].add_response(operation, out, params)
    for s in stubbers.values():
        s.activate()
    live = collect(api, live_world.CLUSTER)
    for s in stubbers.values():
        s.assert_no_pending_responses()
    report = jsonfmt.as_dict(scan(Linter(load_profile()), live))
    files = _check_files(world)
    assert Counter(_key(f) for f in report["findings"]) == Counter(_key(f) for f in files["findings"])


def test_compare_reports_drift(world, tmp_path):
    declared = tmp_path / "declared"
    world.write_declared(declared)
    code, out, err = run_cli(*_scan_args(world, "--compare", str(declared), "--select", "DOA960"))
    assert code == 0, out + err  # as registered: no drift

    world.client("ecs").update_service(cluster=live_world.CLUSTER, service="product-service", desiredCount=5)
    world.client("cloudwatch").delete_alarms(AlarmNames=["auth-service-high-cpu"])
    alarm = live_world.load(live_world.EXAMPLE / "services/order-service/alarm-high-cpu.json")
    world.call("cloudwatch", "put_metric_alarm", alarm, AlarmName="order-service-made-by-hand")
    elbv2 = world.client("elbv2")
    listener = elbv2.describe_listeners(LoadBalancerArn=elbv2.describe_load_balancers()["LoadBalancers"][0][
        "LoadBalancerArn"])["Listeners"][0]["ListenerArn"]
    rule = next(r for r in elbv2.describe_rules(ListenerArn=listener)["Rules"] if r["Priority"] == "2")
    elbv2.modify_rule(RuleArn=rule["RuleArn"], Conditions=[{"Field": "path-pattern", "Values": ["/api/v2/products/*"]}])
    code, out, err = run_cli(*_scan_args(world, "--compare", str(declared), "--select", "DOA960", "--format", "json"))
    assert code == 1, err
    found = json.loads(out)["findings"]
    by = {(Path(f["file"]).name if f["line"] else f["file"].rsplit(":", 1)[-1], f["path"]): f for f in found}
    changed = by[("service.json", "desiredCount")]
    assert "declared 3, deployed 5" in changed["message"] and changed["line"] == 5
    assert changed["file"].endswith("services/product-service/service.json")
    assert changed["related"][0]["file"].endswith("service/doa-market-cluster/product-service")
    assert "does not run it" in by[("alarm-high-cpu.json", "")]["message"]
    assert by[("alarm-high-cpu.json", "")]["file"].endswith("auth-service/alarm-high-cpu.json")
    assert "no file of this run declares it" in by[("order-service-made-by-hand", "")]["message"]
    edited = by[("listener-rules.json", "Rules[1].Conditions[0].Values")]  # one rule of the listener's list
    assert 'declared ["/api/v1/products/*"], deployed ["/api/v2/products/*"]' in edited["message"]
    assert edited["related"][0]["file"] == listener
    assert len(found) == 4


def test_compare_on_one_service_leaves_the_others_alone(world, tmp_path):
    declared = tmp_path / "declared"
    world.write_declared(declared)
    code, out, err = run_cli(*_scan_args(world, "--service", "product-service", "--compare", str(declared),
                                         "--select", "DOA960"))
    assert code == 0, out + err


def test_every_output_format_names_the_arn(world, tmp_path):
    sarif_file = tmp_path / "live.sarif"
    code, out, err = run_cli(*_scan_args(world, "--select", "DOA117", "--output", f"sarif:{sarif_file}"))
    assert code == 1
    assert "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/user-service:1 at containerDefinitions[0].image: " \
           "DOA117 [warning]" in out
    assert "in 1 resource;" in out
    sarif = json.loads(sarif_file.read_text())
    (result,) = sarif["runs"][0]["results"]
    loc = result["locations"][0]
    assert "physicalLocation" not in loc
    assert loc["logicalLocations"][0] == {
        "name": "user-service:1", "kind": "resource",
        "fullyQualifiedName": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/user-service:1"}
    schema_file = SARIF_SCHEMA
    import jsonschema

    jsonschema.validate(sarif, json.loads(schema_file.read_text()))
    code, out, _ = run_cli(*_scan_args(world, "--select", "DOA117", "--format", "github"))
    assert out.startswith("::warning title=DOA117 ") and "task-definition/user-service:1 at containerDefinitions" in out
    code, out, _ = run_cli(*_scan_args(world, "--select", "DOA117", "--format", "junit"))
    assert 'classname="arn:aws:ecs:' in out
    code, out, _ = run_cli(*_scan_args(world, "--select", "DOA117", "--format", "json"))
    report = json.loads(out)
    import jsonschema

    jsonschema.validate(report, json.loads((ROOT / "doalint/schemas/report-v1.schema.json").read_text()))


def test_a_missing_cluster_or_service_is_a_usage_error(world):
    code, out, err = run_cli("scan-aws", "--region", live_world.REGION, "--cluster", "nope",
                             "--endpoint-url", world.endpoint)
    assert code == 2 and "no active cluster 'nope'" in err and "Traceback" not in err
    code, out, err = run_cli(*_scan_args(world, "--service", "nope-service"))
    assert code == 2 and "has no service 'nope-service'" in err


# --- throttling, access denied, credentials ---------------------------------------------------


def _stubbed_api(**kw):
    from botocore.stub import Stubber

    sleeps = []
    api = live_api.Api(live_world.REGION, endpoint_url="http://127.0.0.1:9", sleep=sleeps.append, **kw)
    stub = Stubber(api.client("ecs"))
    return api, stub, sleeps


def test_throttled_calls_are_retried_with_growing_backoff(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    api, stub, sleeps = _stubbed_api(attempts=5, base_delay=1.0)
    for code in ("ThrottlingException", "ThrottlingException", "TooManyRequestsException"):
        stub.add_client_error("describe_clusters", service_error_code=code, http_status_code=400)
    stub.add_response("describe_clusters", {"clusters": [{"clusterName": "c"}]}, {"clusters": ["c"]})
    with stub:
        out = api.call("ecs", "describe_clusters", clusters=["c"])
    assert out == {"clusters": [{"clusterName": "c"}]}
    assert len(sleeps) == 3
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0 and 2.0 <= sleeps[2] <= 4.0  # exponential, jittered
    assert api.calls == ["ecs:DescribeClusters"] * 4


def test_throttled_to_the_end_names_the_call(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    api, stub, sleeps = _stubbed_api(attempts=3)
    for _ in range(3):
        stub.add_client_error("list_services", service_error_code="ThrottlingException", http_status_code=400)
    with stub, pytest.raises(live_api.AwsError) as exc:
        api.pages("ecs", "list_services", cluster="c")
    assert str(exc.value).startswith("ecs:ListServices still throttled after 3 attempts")
    assert len(sleeps) == 2


def test_access_denied_names_the_call_and_the_policy(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    api, stub, sleeps = _stubbed_api()
    stub.add_client_error("describe_services", service_error_code="AccessDeniedException",
                          service_message="User is not authorized to perform: ecs:DescribeServices",
                          http_status_code=400)
    with stub, pytest.raises(live_api.AwsError) as exc:
        api.call("ecs", "describe_services", cluster="c", services=["s"])
    assert "ecs:DescribeServices was denied (AccessDeniedException: User is not authorized" in str(exc.value)
    assert "read-only policy in the README" in str(exc.value)
    assert sleeps == []  # denied is not retried


def test_paging_reads_every_page(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    api, stub, _ = _stubbed_api()
    stub.add_response("list_services", {"serviceArns": ["a"], "nextToken": "t1"}, {"cluster": "c"})
    stub.add_response("list_services", {"serviceArns": ["b"], "nextToken": "t2"}, {"cluster": "c", "nextToken": "t1"})
    stub.add_response("list_services", {"serviceArns": ["c"]}, {"cluster": "c", "nextToken": "t2"})
    with stub:
        assert api.pages("ecs", "list_services", cluster="c") == ["a", "b", "c"]


class _Answer(BaseHTTPRequestHandler):
    """A stand-in for AWS that answers every call with one JSON-protocol error."""

    status, code, message = 400, "AccessDeniedException", "not authorized"
    seen = 0

    def do_POST(self):  # noqa: N802
        type(self).seen += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"__type": self.code, "message": self.message}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def answering(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")

    def start(status, code, message):
        handler = type("H", (_Answer,), {"status": status, "code": code, "message": message, "seen": 0})
        srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        started.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}", handler

    started: list = []
    yield start
    for srv in started:
        srv.shutdown()


def test_cli_access_denied_exits_2_naming_the_call(answering):
    url, handler = answering(400, "AccessDeniedException", "User is not authorized to perform: ecs:DescribeClusters")
    code, out, err = run_cli("scan-aws", "--region", "eu-west-1", "--cluster", "c", "--endpoint-url", url)
    assert code == 2 and out == ""
    assert err.startswith("doalint: error: ecs:DescribeClusters was denied (AccessDeniedException")
    assert handler.seen == 1


def test_cli_throttled_until_the_last_attempt_exits_2(answering):
    url, handler = answering(400, "ThrottlingException", "Rate exceeded")
    code, out, err = run_cli("scan-aws", "--region", "eu-west-1", "--cluster", "c", "--endpoint-url", url,
                             "--max-attempts", "2")
    assert code == 2 and "ecs:DescribeClusters still throttled after 2 attempts (ThrottlingException: Rate exceeded)" in err
    assert handler.seen == 2


def test_cli_reports_an_html_error_page_in_one_line(answering):
    url, handler = answering(500, "InternalFailure", "<!doctype html><html><body>proxy error</body></html>")
    code, out, err = run_cli("scan-aws", "--region", "eu-west-1", "--cluster", "c", "--endpoint-url", url,
                             "--max-attempts", "1")
    assert code == 2 and err.count("\n") == 1
    assert "ecs:DescribeClusters failed (InternalFailure: an HTML error page instead of an AWS error)" in err


def test_cli_rejects_an_endpoint_that_is_not_a_url(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    code, out, err = run_cli("scan-aws", "--region", "eu-west-1", "--cluster", "c", "--endpoint-url", "not a url")
    assert code == 2 and "cannot make the ecs client (Invalid endpoint: not a url)" in err


def test_cli_without_credentials_exits_2(tmp_path, monkeypatch):
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for k in ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(k, raising=False)
    args = ("scan-aws", "--region", "eu-west-1", "--cluster", "c", "--endpoint-url", "http://127.0.0.1:9")
    code, out, err = run_cli(*args)
    assert code == 2 and "ecs:DescribeClusters: no usable AWS credentials" in err
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds")  # a broken setting
    code, out, err = run_cli(*args)
    assert code == 2 and "Unsupported host 'example.com'" in err and "credential settings" in err


def test_cli_without_boto3_says_which_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "boto3", None)
    code, out, err = run_cli("scan-aws", "--region", "eu-west-1", "--cluster", "c")
    assert code == 2 and "pip install 'doalint[aws]'" in err


# --- the read-only policy ----------------------------------------------------------------------


def _readme_policy() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- readonly-policy:start -->")
    body = text[start:text.index("<!-- readonly-policy:end -->")]
    return json.loads(body.split("```json", 1)[1].split("```", 1)[0])


def test_the_readme_policy_is_the_fixture_and_allows_exactly_the_calls_made():
    fixture = ROOT / "fixtures" / "live" / "doalint-readonly-policy.json"
    policy = _readme_policy()
    assert json.loads(fixture.read_text()) == policy
    actions = {a for st in policy["Statement"] for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"])}
    assert actions == set(live_api.CALLS.values())
    assert all(not a.split(":")[1].startswith(("Create", "Put", "Update", "Delete", "Register", "Modify"))
               for a in actions)


def test_the_readonly_policy_is_clean():
    code, out, err = run_cli("check", str(ROOT / "fixtures" / "live" / "doalint-readonly-policy.json"))
    assert code == 0, out + err
    assert "1 document" in out


def test_custom_deployment_configurations_are_read_and_checked(monkeypatch):
    """moto has no deployment configurations: the CodeDeploy part of a scan through the Stubber,
    with the example's custom linear configuration as GetDeploymentConfig answers it."""
    from botocore.stub import Stubber

    from doalint.engine.runner import Linter
    from doalint.live.collect import Live, _codedeploy
    from doalint.live.scan import scan
    from doalint.profile import load_profile

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    config_file = live_world.EXAMPLE / "deploy" / "codedeploy-linear.json"
    config = json.loads(config_file.read_text())
    group = {"applicationName": "doa-market", "deploymentGroupName": "product-service",
             "deploymentConfigName": config["deploymentConfigName"], "computePlatform": "ECS",
             "ecsServices": [{"serviceName": "product-service", "clusterName": live_world.CLUSTER}]}
    api = live_api.Api(live_world.REGION, endpoint_url="http://127.0.0.1:9")
    stub = Stubber(api.client("codedeploy"))
    stub.add_response("list_applications", {"applications": ["doa-market"]}, {})
    stub.add_response("batch_get_applications", {"applicationsInfo": [
        {"applicationName": "doa-market", "computePlatform": "ECS"}]}, {"applicationNames": ["doa-market"]})
    stub.add_response("list_deployment_groups", {"deploymentGroups": ["product-service"]},
                      {"applicationName": "doa-market"})
    stub.add_response("get_deployment_group", {"deploymentGroupInfo": group},
                      {"applicationName": "doa-market", "deploymentGroupName": "product-service"})
    stub.add_response("get_deployment_config", {"deploymentConfigInfo": {**config, "deploymentConfigId": "c-1"}},
                      {"deploymentConfigName": config["deploymentConfigName"]})
    live = Live(live_world.REGION, live_world.CLUSTER, "123456789012")
    with stub:
        _codedeploy(api, live, ["product-service"])
    kinds = [d.kind for d in live.docs]
    assert kinds == ["codedeploy-deployment-group", "codedeploy-deployment-config"]
    assert live.docs[1].arn.endswith(":deploymentconfig:" + config["deploymentConfigName"])
    live.docs = live.docs[1:]
    report = scan(Linter(load_profile()), live)
    code, out, _ = run_cli("check", "--format", "json", str(config_file))
    assert sorted(f.rule for f in report.findings) == sorted(f["rule"] for f in json.loads(out)["findings"])
    assert report.documents == 1 and not report.skipped
