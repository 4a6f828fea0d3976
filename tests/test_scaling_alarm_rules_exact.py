"""Exact behaviour of the auto scaling (DOA301-306), Cloud Map (DOA501), Container Insights (DOA801)
and CPU alarm (DOA802) rules in the cases a rule fixture cannot hold: inputs where another rule
(such as DOA002's schema check) also reports, so only the named rule's findings are compared."""

from __future__ import annotations

import json

import pytest

GOOD_ALARM = {
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
        {"Name": "ClusterName", "Value": "doa-market-cluster"},
    ],
    "AlarmActions": ["arn:aws:sns:ap-northeast-2:123456789012:alerts"],
}


def report_of(linter, doc, name: str = "input.json"):
    raw = doc if isinstance(doc, bytes) else json.dumps(doc, indent=2).encode()
    report = linter.lint_buffer(raw, name)
    assert not report.internal_errors
    return report


def findings_of(linter, rule: str, doc, name: str = "input.json") -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in report_of(linter, doc, name).findings if f.rule == rule]


def paths_of(linter, rule: str, doc) -> list[tuple]:
    """Where the findings point in the document (a missing key's finding names the key it wants)."""
    return [tuple(f.path) for f in report_of(linter, doc).findings if f.rule == rule]


class TestCpuAlarmDimensions:
    """DOA802 reads every named dimension, whatever comes before it."""

    def test_a_nameless_dimension_does_not_stop_the_check_of_the_others(self, linter):
        """A dimension without a Name is DOA002's; the ServiceName and ClusterName after it still count,
        so DOA802 reports nothing for a list that holds both with the right values."""
        alarm = dict(GOOD_ALARM, Dimensions=[{"Value": "x"}, *GOOD_ALARM["Dimensions"]])
        assert findings_of(linter, "DOA802", alarm) == []

    def test_a_nameless_dimension_before_a_wrong_value_still_reports_the_value(self, linter):
        alarm = dict(GOOD_ALARM, Dimensions=[{"Value": "x"}, {"Name": "ServiceName", "Value": "product-service"},
                                             {"Name": "ClusterName", "Value": "default"}])
        assert findings_of(linter, "DOA802", alarm) == [
            (20, "dimension ClusterName is 'default'; the standard's cluster is 'doa-market-cluster'")]


GOOD_CLOUD_MAP = {
    "Name": "product-service",
    "NamespaceId": "ns-abc123",
    "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 60}], "RoutingPolicy": "MULTIVALUE"},
    "HealthCheckCustomConfig": {"FailureThreshold": 1},
}

A_RECORD_WANTED = "the standard requires an 'A' record (the task's private IP address) with TTL 60"


def profile_with(tmp_path, old: str, new: str):
    """The bundled profile with one line changed, loaded as a user's profile file."""
    from doalint.profile import default_profile_path, load_profile

    text = default_profile_path().read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "profile.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_profile(path)


class TestCloudMapRecords:
    """DOA501 names what DnsRecords lacks, also where DOA002 reports a missing required member."""

    def test_dns_records_not_set(self, linter):
        svc = dict(GOOD_CLOUD_MAP, DnsConfig={"RoutingPolicy": "MULTIVALUE"})
        assert findings_of(linter, "DOA501", svc) == [(4, f"DnsConfig.DnsRecords is not set; {A_RECORD_WANTED}")]

    def test_records_without_a_type(self, linter):
        svc = dict(GOOD_CLOUD_MAP, DnsConfig={"DnsRecords": [{"TTL": 60}], "RoutingPolicy": "MULTIVALUE"})
        assert findings_of(linter, "DOA501", svc) == [
            (5, f"DnsConfig.DnsRecords has no record with a Type; {A_RECORD_WANTED}")]


class TestCloudMapFailureThresholdOfAnotherProfile:
    """A profile whose failure threshold is not AWS's fixed 1: an omitted FailureThreshold means 1
    (Cloud Map's value), so it is reported; the profile's own value written out is not."""

    @pytest.fixture
    def linter2(self, tmp_path):
        from doalint.engine.runner import Linter

        return Linter(profile_with(tmp_path, "  failure_threshold: 1\n", "  failure_threshold: 2\n"))

    def test_omitted_threshold_is_reported_as_aws_default(self, linter2):
        svc = dict(GOOD_CLOUD_MAP, HealthCheckCustomConfig={})
        assert findings_of(linter2, "DOA501", svc) == [
            (13, "HealthCheckCustomConfig.FailureThreshold is not set, so Cloud Map uses 1; the standard requires 2")]

    def test_the_profiles_threshold_written_out_passes(self, linter2):
        svc = dict(GOOD_CLOUD_MAP, HealthCheckCustomConfig={"FailureThreshold": 2})
        assert findings_of(linter2, "DOA501", svc) == []


class TestContainerInsights:
    """DOA801 finds the containerInsights setting wherever it sits in settings, and compares it with
    any value the profile may require."""

    @staticmethod
    def cluster(*settings):
        return {"clusterName": "doa-market-cluster", "settings": list(settings)}

    def test_a_setting_of_another_name_before_it_is_not_read_as_container_insights(self, linter):
        doc = self.cluster({"name": "someOtherSetting", "value": "off"}, {"name": "containerInsights", "value": "enabled"})
        assert findings_of(linter, "DOA801", doc) == []

    def test_a_null_setting_before_it_is_skipped(self, linter):
        doc = self.cluster(None, {"name": "containerInsights", "value": "disabled"})
        assert findings_of(linter, "DOA801", doc) == [
            (7, "containerInsights is 'disabled'; the standard requires 'enabled', so that CPU, memory, network "
                "and task metrics of every service reach CloudWatch")]

    @pytest.mark.parametrize("got,found", [("disabled", []), ("enabled", [
        (6, "containerInsights is 'enabled'; the standard requires 'disabled', so that CPU, memory, network "
            "and task metrics of every service reach CloudWatch")])])
    def test_a_profile_that_requires_disabled(self, tmp_path, got, found):
        """'disabled' has no list of values that include it: only 'disabled' itself passes."""
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, "  container_insights: enabled", "  container_insights: disabled"))
        assert findings_of(linter, "DOA801", self.cluster({"name": "containerInsights", "value": got})) == found


def scaling_policy(**changes):
    doc = {
        "PolicyName": "product-service-requests-scaling",
        "ServiceNamespace": "ecs",
        "ResourceId": "service/doa-market-cluster/product-service",
        "ScalableDimension": "ecs:service:DesiredCount",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": 1500.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ALBRequestCountPerTarget",
                "ResourceLabel": "app/doa-market-alb/abc123/targetgroup/product-service/def456",
            },
            "ScaleInCooldown": 300,
            "ScaleOutCooldown": 60,
        },
    }
    doc.update(changes)
    return doc


def cpu_policy(**tt_changes):
    tt = {"TargetValue": 70.0,
          "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
          "ScaleInCooldown": 300, "ScaleOutCooldown": 60}
    tt.update(tt_changes)
    return scaling_policy(TargetTrackingScalingPolicyConfiguration={k: v for k, v in tt.items() if v is not None})


class TestRequestCountTarget:
    def test_target_value_not_set_names_the_catalog_rps(self, linter):
        doc = scaling_policy()
        del doc["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
        assert findings_of(linter, "DOA303", doc) == [
            (7, "TargetValue is not set; the standard's ALBRequestCountPerTarget target for product-service is 1500 "
                "(its target RPS in the catalog)")]
        assert paths_of(linter, "DOA303", doc) == [("TargetTrackingScalingPolicyConfiguration", "TargetValue")]


class TestCooldownDefaults:
    """DOA304 judges a left-out cooldown by what Application Auto Scaling uses in its place."""

    def test_namespace_left_out_is_judged_as_the_standards(self, linter):
        """Without ServiceNamespace the policy is judged as an ecs one: AWS's default scale-out cooldown
        for ECS is 300 seconds."""
        doc = cpu_policy(ScaleOutCooldown=None)
        del doc["ServiceNamespace"]
        assert findings_of(linter, "DOA304", doc) == [
            (6, "ScaleOutCooldown is not set, so Application Auto Scaling waits its default 300 seconds between "
                "scale-out activities; the standard requires 60")]

    def test_a_namespace_without_a_known_default(self, linter):
        doc = cpu_policy(ScaleOutCooldown=None)
        doc["ServiceNamespace"] = "dynamodb"
        assert findings_of(linter, "DOA304", doc) == [
            (7, "ScaleOutCooldown is not set; the standard requires 60 seconds")]

    def test_scale_in_left_out_under_a_profile_that_wants_another_cooldown(self, tmp_path):
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, "  scale_in_cooldown: 300", "  scale_in_cooldown: 600"))
        assert findings_of(linter, "DOA304", cpu_policy(ScaleInCooldown=None)) == [
            (7, "ScaleInCooldown is not set, so Application Auto Scaling waits its default 300 seconds between "
                "scale-in activities; the standard requires 600")]


def scalable_target(resource_id=None, **changes):
    doc = {"ServiceNamespace": "ecs", "ResourceId": resource_id, "ScalableDimension": "ecs:service:DesiredCount",
           "MinCapacity": 3, "MaxCapacity": 15}
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


class TestScalableResourceId:
    """DOA305 compares each placeholder of the profile's ResourceId template with what the ResourceId holds."""

    def test_service_not_in_catalog_gets_no_full_resource_id(self, linter):
        """Without a catalog service the standard's full ResourceId is unknown, so the message stops at the
        part it can judge."""
        doc = scalable_target("service/default/legacy-batch-worker")
        assert findings_of(linter, "DOA305", doc) == [
            (3, "ResourceId 'service/default/legacy-batch-worker' names cluster 'default'; the standard's cluster "
                "is 'doa-market-cluster'")]

    def test_resource_id_not_set(self, linter):
        doc = scaling_policy()
        del doc["ResourceId"]
        assert findings_of(linter, "DOA305", doc) == [
            (1, "ResourceId is not set; the standard requires 'service/doa-market-cluster/{service}'")]
        assert paths_of(linter, "DOA305", doc) == [("ResourceId",)]

    def test_service_namespace_not_set(self, linter):
        doc = scalable_target("service/doa-market-cluster/product-service", ServiceNamespace=None)
        assert findings_of(linter, "DOA305", doc) == [(1, "ServiceNamespace is not set; the standard requires 'ecs'")]
        assert paths_of(linter, "DOA305", doc) == [("ServiceNamespace",)]

    @pytest.mark.parametrize("resource_id,found", [
        ("service/doa-market-cluster/123456789012/3003/product-service", []),
        ("service/doa-market-cluster/123456789012/9999/product-service",
         [(3, "ResourceId 'service/doa-market-cluster/123456789012/9999/product-service' names port '9999'; "
              "the standard's port is '3003' (ResourceId 'service/doa-market-cluster/{account}/3003/product-service')")]),
    ])
    def test_template_with_port_and_an_account_the_profile_does_not_know(self, tmp_path, resource_id, found):
        """{port} is the service's catalog port; {account}, with no account_id in the profile, accepts any value."""
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, '  resource_id: "service/{cluster}/{service}"',
                                     '  resource_id: "service/{cluster}/{account}/{port}/{service}"'))
        assert findings_of(linter, "DOA305", scalable_target(resource_id)) == found

    def test_template_naming_a_placeholder_twice(self, tmp_path):
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, '  resource_id: "service/{cluster}/{service}"',
                                     '  resource_id: "service/{cluster}/{service}/{service}"'))
        doc = scalable_target("service/default/product-service/product-service")
        assert findings_of(linter, "DOA305", doc) == [
            (3, "ResourceId 'service/default/product-service/product-service' names cluster 'default'; the standard's "
                "cluster is 'doa-market-cluster' (ResourceId 'service/doa-market-cluster/product-service/product-service')")]

    def test_service_placeholder_before_the_cluster(self, tmp_path):
        """The service a ResourceId's last part names is the policy's; another service where the template
        puts {service} is reported as such."""
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, '  resource_id: "service/{cluster}/{service}"',
                                     '  resource_id: "service/{service}/{cluster}"'))
        doc = scalable_target("service/order-service/product-service")
        assert findings_of(linter, "DOA305", doc) == [
            (3, "ResourceId 'service/order-service/product-service' names service 'order-service'; the standard's "
                "service is 'product-service' (ResourceId 'service/product-service/doa-market-cluster')")]

    def test_the_standards_own_resource_id_passes_when_placeholders_touch(self, tmp_path):
        """'{cluster}-{region}' cannot be split by pattern alone (both hold '-'): the exact standard value passes."""
        from doalint.engine.runner import Linter

        linter = Linter(profile_with(tmp_path, '  resource_id: "service/{cluster}/{service}"',
                                     '  resource_id: "service/{cluster}-{region}/{service}"'))
        doc = scalable_target("service/doa-market-cluster-ap-northeast-2/product-service")
        assert findings_of(linter, "DOA305", doc) == []
