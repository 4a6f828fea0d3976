"""DOA960 (drift), exactly: which differences between the files and the account it reports, where
(declared line and path, the deployed value as a related location) and in which words.

The account's side is built without AWS: a doalint.live.collect.Live holding describe-call
answers, compared with files written to a temporary folder by doalint.live.drift.scan_and_compare
(the path `doalint scan-aws --compare` takes). A few properties of the rule that no pairing of real
documents can reach (a document whose deployed side is not an object, a model built without
``model_input``) are checked on the rule's function with a hand-made doalint.live.drift.Drift.
"""

from __future__ import annotations

import copy
import json

import yaml

from doalint.engine.findings import RelatedLocation

REGION, CLUSTER, ACCOUNT = "ap-northeast-2", "doa-market-cluster", "123456789012"
ALARM_ARN = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:product-service-high-cpu"
LABEL = "CloudWatch metric alarm product-service-high-cpu"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
SUFFIX = "; the account has drifted from the files"

# A PutMetricAlarm input as a team keeps it in git; the account answers with the same alarm, as
# describe-alarms shows it (see _deployed).
ALARM = {
    "AlarmName": "product-service-high-cpu",
    "MetricName": "CPUUtilization",
    "Namespace": "AWS/ECS",
    "Statistic": "Average",
    "Period": 300,
    "EvaluationPeriods": 2,
    "Threshold": 80,
    "ComparisonOperator": "GreaterThanThreshold",
    "Dimensions": [
        {"Name": "ServiceName", "Value": "product-service"},
        {"Name": "ClusterName", "Value": CLUSTER},
    ],
    "AlarmActions": [TOPIC],
}


def _deployed(**changes) -> dict:
    alarm = copy.deepcopy(ALARM)
    alarm.update({"Threshold": 80.0, "AlarmArn": ALARM_ARN, "ActionsEnabled": True, "OKActions": [],
                  "StateValue": "OK"})
    alarm.update(changes)
    return {"MetricAlarms": [alarm]}


def _compare(linter, tmp_path, declared, deployed, name: str = "alarm.json", arn: str = ALARM_ARN,
             kind: str = "cloudwatch-alarm"):
    """(DOA960 findings, the declared file's text, the report): ``declared`` (a value, or text)
    written to a folder, compared with one deployed resource."""
    from doalint.live.collect import Live, LiveDoc
    from doalint.live.drift import scan_and_compare

    folder = tmp_path / "declared"
    folder.mkdir(parents=True, exist_ok=True)
    text = declared if isinstance(declared, str) else json.dumps(declared, indent=2)
    (folder / name).write_text(text)
    live = Live(REGION, CLUSTER, ACCOUNT, [LiveDoc(arn, kind, deployed)])
    report = scan_and_compare(linter, live, [str(folder)])
    assert report.internal_errors == []
    return [f for f in report.findings if f.rule == "DOA960"], text, report


def _line(text: str, needle: str, nth: int = 1) -> int:
    """The line (1-based) of the ``nth`` line of ``text`` holding ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def _related(path, arn: str = ALARM_ARN):
    return (RelatedLocation(arn, 0, 0, "the deployed value", path),)


# --- a changed value ------------------------------------------------------------------------------


def test_a_changed_value_is_reported_on_its_declared_line_with_both_values(linter, tmp_path):
    """The finding sits on the declared key, names both values as written and the deployed
    resource, and relates the deployed value (the resource's ARN, the same path, no line)."""
    declared = {**ALARM, "Threshold": 90}
    (f,), text, _ = _compare(linter, tmp_path, declared, _deployed())
    assert (f.line, f.col, f.path) == (_line(text, '"Threshold"'), 3, ("Threshold",))
    assert f.message == f"Threshold: declared 90, deployed 80 ({ALARM_ARN}){SUFFIX}"
    assert f.related == _related(("Threshold",))
    assert f.document == LABEL


def test_a_changed_string_deep_in_a_named_entry_names_its_full_path(linter, tmp_path):
    """A value inside an entry of a list of named things (dimensions) is reported at its own path,
    strings quoted; the deployed value is related at the same path of the resource."""
    declared = copy.deepcopy(ALARM)
    declared["Dimensions"][1]["Value"] = "doa-market-cluster-v2"
    (f,), text, _ = _compare(linter, tmp_path, declared, _deployed())
    assert f.path == ("Dimensions", 1, "Value")
    assert f.line == _line(text, "doa-market-cluster-v2")
    assert f.message == (f"Dimensions[1].Value: declared 'doa-market-cluster-v2', deployed '{CLUSTER}' "
                         f"({ALARM_ARN}){SUFFIX}")
    assert f.related == _related(("Dimensions", 1, "Value"))


def test_a_changed_list_of_values_shows_both_lists(linter, tmp_path):
    """A list of plain values differs as a whole: both lists, as JSON."""
    muted = f"{TOPIC}-muted"
    (f,), text, _ = _compare(linter, tmp_path, ALARM, _deployed(AlarmActions=[muted]))
    assert (f.path, f.line) == (("AlarmActions",), _line(text, '"AlarmActions"'))
    assert f.message == f'AlarmActions: declared ["{TOPIC}"], deployed ["{muted}"] ({ALARM_ARN}){SUFFIX}'
    assert f.related == _related(("AlarmActions",))


def test_a_named_entry_the_account_lacks_is_reported_on_the_entry(linter, tmp_path):
    """A declared entry (by name) the deployed list does not hold: the entry is shown and the
    deployed resource named; no deployed value is shown."""
    declared = copy.deepcopy(ALARM)
    declared["Dimensions"].append({"Name": "TaskDefinitionFamily", "Value": "product-service"})
    (f,), text, _ = _compare(linter, tmp_path, declared, _deployed())
    assert f.path == ("Dimensions", 2)
    assert f.line == _line(text, '"TaskDefinitionFamily"') - 1  # the entry's opening brace
    assert f.message == ('Dimensions[2]: declared {"Name": "TaskDefinitionFamily", "Value": "product-service"}, '
                         f"but {LABEL} ({ALARM_ARN}) has no such entry{SUFFIX}")


def test_several_changes_are_each_reported(linter, tmp_path):
    """Every differing key is judged, also after keys the account does not show."""
    declared = {"AlarmName": ALARM["AlarmName"], "AlarmDescription": "CPU of product-service",
                "TreatMissingData": "breaching", **{k: v for k, v in ALARM.items() if k != "AlarmName"},
                "Threshold": 90, "EvaluationPeriods": 3}
    found, text, _ = _compare(linter, tmp_path, declared, _deployed(TreatMissingData=None))
    assert [(f.path, f.line) for f in found] == [(("EvaluationPeriods",), _line(text, '"EvaluationPeriods"')),
                                                  (("Threshold",), _line(text, '"Threshold"'))]


# --- what is not drift ----------------------------------------------------------------------------


def test_the_same_alarm_is_no_drift(linter, tmp_path):
    """Equal documents (80 and 80.0, dimensions in another order, keys only AWS shows) do not drift."""
    deployed = _deployed()
    deployed["MetricAlarms"][0]["Dimensions"].reverse()
    found, _, report = _compare(linter, tmp_path, ALARM, deployed)
    assert found == [] and "DOA960" in report.rules_run


def test_keys_the_account_does_not_show_are_not_judged(linter, tmp_path):
    """A key the describe call omits, or answers with null, is not drift (describe calls leave out
    what they default)."""
    declared = {**ALARM, "AlarmDescription": "CPU of product-service", "TreatMissingData": "breaching"}
    found, _, _ = _compare(linter, tmp_path, declared, _deployed(TreatMissingData=None))
    assert found == []


# --- lists of unnamed entries ---------------------------------------------------------------------

METRICS = [
    {"Id": "cpu", "MetricStat": {"Metric": {"Namespace": "AWS/ECS", "MetricName": "CPUUtilization"},
                                 "Period": 60, "Stat": "Average"}, "ReturnData": False},
    {"Id": "high", "Expression": "cpu * 2", "ReturnData": True},
]


def _metric_alarm(metrics) -> dict:
    return {**{k: v for k, v in ALARM.items() if k not in ("MetricName", "Namespace", "Statistic", "Period",
                                                             "Dimensions")},
            "Metrics": metrics}


def _metric_deployed(metrics) -> dict:
    alarm = {**_metric_alarm(metrics), "AlarmArn": ALARM_ARN, "StateValue": "OK"}
    return {"MetricAlarms": [alarm]}


def test_a_number_is_the_same_in_any_form(linter, tmp_path):
    """"60" and 60.0 (only equal as numbers; in a metric query, which the model takes as it is) and a
    NaN on both sides are the same value."""
    declared, deployed = copy.deepcopy(METRICS), copy.deepcopy(METRICS)
    declared[0]["MetricStat"]["Period"] = "60"
    deployed[0]["MetricStat"]["Period"] = 60.0
    found, _, _ = _compare(linter, tmp_path, _metric_alarm(declared), _metric_deployed(deployed))
    assert found == []
    declared = yaml.safe_dump({**ALARM, "Threshold": float("nan")}, sort_keys=False)
    assert "Threshold: .nan" in declared
    found, _, _ = _compare(linter, tmp_path / "nan", declared, _deployed(Threshold=float("nan")), name="alarm.yaml")
    assert found == []


def test_unnamed_entries_are_compared_in_order(linter, tmp_path):
    """Entries without a name (metric queries) are compared one by one, in order: equal lists do not
    drift, a value changed inside an entry is reported at its own path."""
    found, _, _ = _compare(linter, tmp_path, _metric_alarm(METRICS), _metric_deployed(copy.deepcopy(METRICS)))
    assert found == []
    deployed = copy.deepcopy(METRICS)
    deployed[1]["Expression"] = "cpu * 3"
    (f,), text, _ = _compare(linter, tmp_path, _metric_alarm(METRICS), _metric_deployed(deployed))
    assert (f.path, f.line) == (("Metrics", 1, "Expression"), _line(text, '"Expression"'))
    assert f.message == f"Metrics[1].Expression: declared 'cpu * 2', deployed 'cpu * 3' ({ALARM_ARN}){SUFFIX}"
    assert f.related == _related(("Metrics", 1, "Expression"))


def test_unnamed_entries_of_another_count_are_reported_on_the_list(linter, tmp_path):
    """A list of unnamed entries that is longer or shorter on the account: reported on the list, its
    common entries still compared."""
    deployed = copy.deepcopy(METRICS) + [{"Id": "extra", "Expression": "cpu", "ReturnData": False}]
    deployed[0]["ReturnData"] = True
    found, text, _ = _compare(linter, tmp_path, _metric_alarm(METRICS), _metric_deployed(deployed))
    assert [(f.path, f.line) for f in found] == [
        (("Metrics",), _line(text, '"Metrics"')),
        (("Metrics", 0, "ReturnData"), _line(text, '"ReturnData"')),
    ]
    assert found[0].message.startswith('Metrics: declared [{"Id": "cpu", ')
    assert found[1].message == f"Metrics[0].ReturnData: declared false, deployed true ({ALARM_ARN}){SUFFIX}"


# --- placeholders ---------------------------------------------------------------------------------


def test_a_placeholder_name_leaves_the_literal_values_compared(linter, tmp_path):
    """A dimension whose name is a placeholder is not judged by name (the name is unknown); the
    dimensions are then compared in order, and a literal value that differs is still drift."""
    declared = copy.deepcopy(ALARM)
    declared["Dimensions"][0] = {"Name": "${SERVICE_DIMENSION}", "Value": "product-service-v2"}
    (f,), text, _ = _compare(linter, tmp_path, declared, _deployed())
    assert (f.path, f.line) == (("Dimensions", 0, "Value"), _line(text, "product-service-v2"))
    assert f.message == (f"Dimensions[0].Value: declared 'product-service-v2', deployed 'product-service' "
                         f"({ALARM_ARN}){SUFFIX}")


# --- presence -------------------------------------------------------------------------------------


def test_a_resource_no_file_declares_is_reported_on_its_arn(linter, tmp_path):
    from doalint.live.collect import Live, LiveDoc
    from doalint.live.drift import scan_and_compare

    folder = tmp_path / "declared"
    folder.mkdir()
    (folder / "alarm.json").write_text(json.dumps(ALARM))
    by_hand = copy.deepcopy(_deployed())
    other_arn = ALARM_ARN + "-by-hand"
    by_hand["MetricAlarms"][0].update(AlarmName="product-service-high-cpu-by-hand", AlarmArn=other_arn)
    live = Live(REGION, CLUSTER, ACCOUNT, [LiveDoc(ALARM_ARN, "cloudwatch-alarm", _deployed()),
                                           LiveDoc(other_arn, "cloudwatch-alarm", by_hand)])
    report = scan_and_compare(linter, live, [str(folder)])
    (f,) = [f for f in report.findings if f.rule == "DOA960"]
    assert (f.file, f.line, f.path, f.related) == (other_arn, 0, (), ())
    assert f.message == (f"{LABEL}-by-hand is deployed in cluster {CLUSTER}, but no file of this run declares it "
                         "(made by hand or by another tool?)")


def test_a_declared_resource_the_account_lacks_is_reported_on_the_file(linter, tmp_path):
    from doalint.live.collect import Live
    from doalint.live.drift import scan_and_compare

    folder = tmp_path / "declared"
    folder.mkdir()
    (folder / "alarm.json").write_text(json.dumps(ALARM, indent=2))
    report = scan_and_compare(linter, Live(REGION, CLUSTER, ACCOUNT), [str(folder)])
    (f,) = [f for f in report.findings if f.rule == "DOA960"]
    assert f.file.endswith("alarm.json") and (f.line, f.path, f.related) == (1, (), ())
    assert f.message == (f"{LABEL} is declared here, but cluster {CLUSTER} does not run it "
                         "(never deployed, or deleted outside git)")


# --- listener rules: one rule of a list against one rule of another list ---------------------------

LISTENER = (f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/doa-market-alb/50dc6c495c0c9188/"
            "f2f7dc8efc522ab2")
TARGET_GROUP = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/product-service/73e2d6bc24d8a067"


def _rule(priority, path: str, **extra) -> dict:
    return {"Priority": priority, "Conditions": [{"Field": "path-pattern", "Values": [path]}],
            "Actions": [{"Type": "forward", "TargetGroupArn": TARGET_GROUP}], **extra}


def test_a_listener_rule_is_compared_with_the_deployed_rule_of_its_priority(linter, tmp_path):
    """Declared rules (a list) and deployed rules (describe-rules, the default rule first): the
    finding is on the declared rule's path, the related value on the deployed rule's."""
    declared = {"ListenerArn": LISTENER, "Rules": [_rule(1, "/api/v1/users/*"), _rule(2, "/api/v1/products/*")]}
    rule_arn = LISTENER.replace("listener/", "listener-rule/")
    deployed = {"Rules": [
        _rule("default", "/", IsDefault=True, RuleArn=f"{rule_arn}/0"),
        _rule("1", "/api/v1/users/*", IsDefault=False, RuleArn=f"{rule_arn}/1"),
        _rule("2", "/api/v2/products/*", IsDefault=False, RuleArn=f"{rule_arn}/2"),
    ]}
    (f,), text, _ = _compare(linter, tmp_path, declared, deployed, name="rules.json", arn=LISTENER,
                             kind="elbv2-listener-rules")
    assert f.path == ("Rules", 1, "Conditions", 0, "Values")
    assert f.line == _line(text, '"Values"', 2)
    assert f.message == (f'Rules[1].Conditions[0].Values: declared ["/api/v1/products/*"], '
                         f'deployed ["/api/v2/products/*"] ({LISTENER}){SUFFIX}')
    assert f.related == _related(("Rules", 2, "Conditions", 0, "Values"), LISTENER)


# --- the rule's function on hand-made pairs -------------------------------------------------------

TG_ARN = TARGET_GROUP


def _rule_on(kind: str, declared_data, deployed_data, deployed_file: str = ALARM_ARN, **declared_fields):
    """The violations DOA960's function yields for one pair of documents."""
    from doalint.document import Document
    from doalint.engine.registry import load_rules
    from doalint.live.drift import Drift, Pair

    declared = Document("declared.json", kind, declared_data, None, label="the declared one", **declared_fields)
    deployed = Document(deployed_file, kind, deployed_data, None, label="the deployed one")
    drift = Drift(CLUSTER, pairs=[Pair(kind, "key", declared, deployed)])
    found = list(load_rules()["DOA960"].fn(drift, None))
    for v in found:
        assert v.doc is declared and [r.doc for r in v.related] == [deployed]
        assert [r.message for r in v.related] == ["the deployed value"]
    return [(v.path, v.message, v.related[0].path) for v in found]


def test_the_values_compared_are_the_model_input_when_there_is_one():
    """The declared side is what the model was built from (placeholders taken out), and the data as
    written when a document keeps no model input."""
    assert _rule_on("cloudwatch-alarm", {"Threshold": "${LIMIT}"}, {"Threshold": 80.0}, model_input={}) == []
    assert _rule_on("cloudwatch-alarm", {"Threshold": 90}, {"Threshold": 80.0}) == [
        (("Threshold",), f"Threshold: declared 90, deployed 80 ({ALARM_ARN}){SUFFIX}", ("Threshold",))]


def test_a_document_unlike_the_deployed_one_as_a_whole_is_named_the_document():
    """When the deployed side is not an object at all, the difference is the whole document's."""
    assert _rule_on("cloudwatch-alarm", {"Threshold": 90}, ["Threshold"]) == [
        ((), f'the document: declared {{"Threshold": 90}}, deployed ["Threshold"] ({ALARM_ARN}){SUFFIX}', ())]


def test_a_key_named_otherwise_in_the_describe_output_is_compared_under_that_name():
    """A target group's Name (create input) is TargetGroupName in describe output: compared with it,
    and the deployed value related at the output's name. Only the document's own keys are renamed: a
    Name inside a nested object is compared with the nested Name."""
    assert _rule_on("elbv2-target-group", {"Name": "tg-a", "Port": 80}, {"TargetGroupName": "tg-b", "Port": 80},
                    TG_ARN) == [(("Name",), f"Name: declared 'tg-a', deployed 'tg-b' ({TG_ARN}){SUFFIX}",
                                 ("TargetGroupName",))]
    declared = {"Name": "tg", "Matcher": {"Name": "a"}}
    deployed = {"TargetGroupName": "tg", "Matcher": {"Name": "b", "TargetGroupName": "a"}}
    assert _rule_on("elbv2-target-group", declared, deployed, TG_ARN) == [
        (("Matcher", "Name"), f"Matcher.Name: declared 'a', deployed 'b' ({TG_ARN}){SUFFIX}", ("Matcher", "Name"))]
