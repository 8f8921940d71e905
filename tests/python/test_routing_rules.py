"""Routing rules of custom domain names against the real binary, driven by boto3's apigatewayv2
client and plain HTTP: AWS's evaluation example (priorities, header globs, base paths), the three
routing modes, `stripBasePath`, a header-based blue/green switch by PutRoutingRule, and AWS's
answers for invalid rules."""
import uuid

import botocore.exceptions
import pytest

from conftest import make_client
from test_canary_and_domains import Domain, mock_api


def invoke(api_id, stage="prod", strip=None):
    action = {"ApiId": api_id, "Stage": stage}
    if strip is not None:
        action["StripBasePath"] = strip
    return [{"InvokeApi": action}]


def headers(*pairs):
    return {"MatchHeaders": {"AnyOf": [{"Header": name, "ValueGlob": glob} for name, glob in pairs]}}


def test_routing_rules_route_by_headers_and_base_paths(fresh_server):
    server = fresh_server().start()
    v1 = make_client("apigateway", server.endpoint)
    v2 = make_client("apigatewayv2", server.endpoint)
    apis = [mock_api(v1, f"target-{n}", n) for n in (1, 2, 3, 4)]
    for api_id in apis:
        v1.create_deployment(restApiId=api_id, stageName="prod")
    name = f"petstore-{uuid.uuid4().hex[:6]}.example.test"
    domain = v2.create_domain_name(DomainName=name, RoutingMode="ROUTING_RULE_ONLY",
                                   DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c"}])
    assert domain["RoutingMode"] == "ROUTING_RULE_ONLY"

    # AWS's example 1, created out of priority order.
    catch_all = v2.create_routing_rule(DomainName=name, Priority=100, Conditions=[], Actions=invoke(apis[2]))
    shopper = v2.create_routing_rule(
        DomainName=name, Priority=50, Actions=invoke(apis[1], strip=True),
        Conditions=[headers(("Accept", "image/webp")), headers(("Pet", "Dog-*")),
                    {"MatchBasePaths": {"AnyOf": ["PetStoreShopper"]}}])
    hello = v2.create_routing_rule(DomainName=name, Priority=10, Conditions=[headers(("Hello", "World"))], Actions=invoke(apis[0]))
    assert hello["RoutingRuleArn"].endswith(f":/domainnames/{name}/routingrules/{hello['RoutingRuleId']}")
    assert hello["Priority"] == 10 and hello["Actions"] == invoke(apis[0])
    listed = v2.list_routing_rules(DomainName=name)["RoutingRules"]
    assert [rule["Priority"] for rule in listed] == [10, 50, 100]
    assert v2.get_routing_rule(DomainName=name, RoutingRuleId=shopper["RoutingRuleId"])["Conditions"] == shopper["Conditions"]

    site = Domain(server, name)
    first = site.wait_until("/version", lambda r: r.status_code == 200, timeout=10)
    assert first.json() == {"version": 3, "path": "/version"}  # the catch-all
    hello_site = Domain(server, name, headers={"Hello": "World"})
    assert hello_site.get("/version").json()["version"] == 1
    both = {"hello": "World", "Pet": "Dog-Bella", "Accept": "image/webp"}
    # Rule abc123 (priority 10) takes it before zzz000: API 1 sees the whole path, which it has no
    # resource for (it strips nothing).
    taken_by_first = site.get("/PetStoreShopper/version", headers=both)
    assert (taken_by_first.status_code, taken_by_first.json()) == (403, {"message": "Missing Authentication Token"})
    del both["hello"]
    # The matched base path is stripped for the API of rule zzz000.
    assert site.get("/PetStoreShopper/version", headers=both).json() == {"version": 2, "path": "/version"}
    # Header names are case-insensitive, values case-sensitive: "world" is not "World".
    assert site.get("/version", headers={"HELLO": "World"}).json()["version"] == 1
    assert site.get("/version", headers={"Hello": "world"}).json()["version"] == 3

    # Blue/green by header: PutRoutingRule repoints the rule; the catch-all is removed, so a
    # request no rule takes gets AWS's 403.
    v2.put_routing_rule(DomainName=name, RoutingRuleId=hello["RoutingRuleId"], Priority=10,
                        Conditions=[headers(("Hello", "World"))], Actions=invoke(apis[3]))
    v2.delete_routing_rule(DomainName=name, RoutingRuleId=catch_all["RoutingRuleId"])
    assert site.wait_until("/version", lambda r: r.status_code == 403).json() == {"message": "Forbidden"}
    assert hello_site.wait_until("/version", lambda r: r.json().get("version") == 4).json()["version"] == 4

    # ROUTING_RULE_THEN_API_MAPPING: rules first, then the API mappings.
    v2.create_api_mapping(DomainName=name, ApiId=apis[2], Stage="prod", ApiMappingKey="")
    v2.update_domain_name(DomainName=name, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
    assert site.wait_until("/version", lambda r: r.status_code == 200).json()["version"] == 3
    assert hello_site.get("/version").json()["version"] == 4
    # API_MAPPING_ONLY: the rules are ignored.
    v2.update_domain_name(DomainName=name, RoutingMode="API_MAPPING_ONLY")
    assert hello_site.wait_until("/version", lambda r: r.json().get("version") == 3).json()["version"] == 3


def test_routing_rules_on_a_rest_domain_name(fresh_server):
    """A domain name created through `apigateway` takes routing rules and its routingMode."""
    server = fresh_server().start()
    v1 = make_client("apigateway", server.endpoint)
    v2 = make_client("apigatewayv2", server.endpoint)
    blue, green = mock_api(v1, "blue", 1), mock_api(v1, "green", 2)
    for api_id in (blue, green):
        v1.create_deployment(restApiId=api_id, stageName="prod")
    name = f"rest-{uuid.uuid4().hex[:6]}.example.test"
    created = v1.create_domain_name(domainName=name, regionalCertificateArn="arn:aws:acm:us-east-1:1:certificate/c",
                                    endpointConfiguration={"types": ["REGIONAL"]}, routingMode="ROUTING_RULE_THEN_API_MAPPING")
    assert created["routingMode"] == "ROUTING_RULE_THEN_API_MAPPING"
    v1.create_base_path_mapping(domainName=name, restApiId=blue, stage="prod")
    v2.create_routing_rule(DomainName=name, Priority=5, Conditions=[headers(("x-color", "green"))], Actions=invoke(green))
    site = Domain(server, name)
    assert site.wait_until("/version", lambda r: r.status_code == 200).json()["version"] == 1
    green_site = Domain(server, name, headers={"x-color": "green"})
    assert green_site.wait_until("/version", lambda r: r.status_code == 200 and r.json()["version"] == 2).json()["version"] == 2
    assert site.get("/version").json()["version"] == 1
    patched = v1.update_domain_name(domainName=name, patchOperations=[{"op": "replace", "path": "/routingMode", "value": "ROUTING_RULE_ONLY"}])
    assert patched["routingMode"] == "ROUTING_RULE_ONLY"
    assert site.wait_until("/version", lambda r: r.status_code == 403).status_code == 403
    # Deleting the domain name deletes its rules.
    v1.delete_domain_name(domainName=name)
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        v2.list_routing_rules(DomainName=name)
    assert missing.value.response["Error"]["Code"] == "NotFoundException"


@pytest.mark.parametrize("rule, message", [
    ({"Priority": 0, "Conditions": [], "Actions": None}, "priority"),
    ({"Priority": 1_000_001, "Conditions": [], "Actions": None}, "priority"),
    ({"Priority": 1, "Conditions": [headers(("a", "1")), headers(("b", "2")), headers(("c", "3"))], "Actions": None}, "two matchHeaders"),
    ({"Priority": 1, "Conditions": [headers(("Authorization", "x"))], "Actions": None}, "restricted"),
    ({"Priority": 1, "Conditions": [headers(("x-amz-date", "x"))], "Actions": None}, "restricted"),
    ({"Priority": 1, "Conditions": [headers(("x-v", "a*b"))], "Actions": None}, "valueGlob"),
    ({"Priority": 1, "Conditions": [{"MatchBasePaths": {"AnyOf": ["a//b"]}}], "Actions": None}, "apiMappingKey"),
    ({"Priority": 1, "Conditions": [], "Actions": []}, "Exactly one action"),
])
def test_invalid_routing_rules_are_refused(fresh_server, rule, message):
    server = fresh_server().start()
    v1 = make_client("apigateway", server.endpoint)
    v2 = make_client("apigatewayv2", server.endpoint, validate=False)
    api_id = mock_api(v1, "target", 1)
    v1.create_deployment(restApiId=api_id, stageName="prod")
    name = f"bad-{uuid.uuid4().hex[:6]}.example.test"
    v2.create_domain_name(DomainName=name)
    arguments = dict(rule)
    arguments["Actions"] = invoke(api_id) if rule["Actions"] is None else rule["Actions"]
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        v2.create_routing_rule(DomainName=name, **arguments)
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert message in refused.value.response["Error"]["Message"]
    assert v2.list_routing_rules(DomainName=name)["RoutingRules"] == []


def test_routing_rule_conflicts_and_targets(fresh_server):
    server = fresh_server().start()
    v1 = make_client("apigateway", server.endpoint)
    v2 = make_client("apigatewayv2", server.endpoint)
    api_id = mock_api(v1, "target", 1)
    v1.create_deployment(restApiId=api_id, stageName="prod")
    http_api = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    name = f"c-{uuid.uuid4().hex[:6]}.example.test"
    v2.create_domain_name(DomainName=name)
    v2.create_routing_rule(DomainName=name, Priority=7, Conditions=[], Actions=invoke(api_id))

    def code(**arguments):
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            v2.create_routing_rule(DomainName=name, **arguments)
        return refused.value.response["Error"]["Code"]

    assert code(Priority=7, Conditions=[], Actions=invoke(api_id)) == "ConflictException"
    assert code(Priority=8, Conditions=[], Actions=invoke(http_api, "$default")) == "BadRequestException"
    assert code(Priority=8, Conditions=[], Actions=invoke("nosuchapi")) == "NotFoundException"
    assert code(Priority=8, Conditions=[], Actions=invoke(api_id, "nostage")) == "NotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        v2.get_routing_rule(DomainName=name, RoutingRuleId="nosuch")
    assert missing.value.response["Error"]["Code"] == "NotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as no_domain:
        v2.create_routing_rule(DomainName="nosuch.example.test", Priority=1, Conditions=[], Actions=invoke(api_id))
    assert no_domain.value.response["Error"]["Code"] == "NotFoundException"
