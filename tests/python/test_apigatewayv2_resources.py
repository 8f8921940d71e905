"""apigatewayv2 models, authorizers, custom domain names, API mappings and tags with boto3 and
the aws CLI."""
import uuid

import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"


@pytest.fixture
def api(apigatewayv2):
    api_id = apigatewayv2.create_api(Name=f"resources-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")["ApiId"]
    yield api_id
    try:
        apigatewayv2.delete_api(ApiId=api_id)
    except ClientError:
        pass


def test_models(apigatewayv2, api):
    created = apigatewayv2.create_model(ApiId=api, Name="Pet", ContentType="application/json", Schema='{"type": "object"}')
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    model_id = created["ModelId"]
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_model(ApiId=api, Name="Pet", Schema="{}")
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    assert apigatewayv2.update_model(ApiId=api, ModelId=model_id, Description="pet")["Description"] == "pet"
    assert apigatewayv2.get_model(ApiId=api, ModelId=model_id)["Schema"] == '{"type": "object"}'
    assert [item["ModelId"] for item in apigatewayv2.get_models(ApiId=api)["Items"]] == [model_id]
    apigatewayv2.delete_model(ApiId=api, ModelId=model_id)
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_model(ApiId=api, ModelId=model_id)
    assert excinfo.value.response["Error"]["Message"] == f"Invalid Model identifier specified {model_id}"


def test_authorizers(apigatewayv2, api):
    jwt = apigatewayv2.create_authorizer(
        ApiId=api, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://issuer.example", "Audience": ["client"]})
    assert jwt["ResponseMetadata"]["HTTPStatusCode"] == 201
    lambda_authorizer = apigatewayv2.create_authorizer(
        ApiId=api, Name="lambda", AuthorizerType="REQUEST", AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
        AuthorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:a/invocations",
        IdentitySource=["$request.header.Authorization"])
    assert lambda_authorizer["EnableSimpleResponses"] is True
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_authorizer(ApiId=api, Name="bad", AuthorizerType="JWT", IdentitySource=["$request.header.A"])
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    route = apigatewayv2.create_route(ApiId=api, RouteKey="GET /me", AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"],
                                      AuthorizationScopes=["profile"])
    assert route["AuthorizerId"] == jwt["AuthorizerId"]
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.delete_authorizer(ApiId=api, AuthorizerId=jwt["AuthorizerId"])
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    updated = apigatewayv2.update_authorizer(ApiId=api, AuthorizerId=jwt["AuthorizerId"],
                                             JwtConfiguration={"Issuer": "https://other.example", "Audience": ["a", "b"]})
    assert updated["JwtConfiguration"]["Audience"] == ["a", "b"]
    pages = list(apigatewayv2.get_paginator("get_authorizers").paginate(ApiId=api, PaginationConfig={"PageSize": 1}))
    assert len([item for page in pages for item in page["Items"]]) == 2
    apigatewayv2.delete_authorizer(ApiId=api, AuthorizerId=lambda_authorizer["AuthorizerId"])
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_authorizer(ApiId=api, AuthorizerId=lambda_authorizer["AuthorizerId"])
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_domain_names_and_api_mappings(apigatewayv2, api):
    domain = f"{uuid.uuid4().hex[:8]}.example.com"
    apigatewayv2.create_stage(ApiId=api, StageName="prod")
    created = apigatewayv2.create_domain_name(
        DomainName=domain, DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c"}])
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    configuration = created["DomainNameConfigurations"][0]
    assert (configuration["EndpointType"], configuration["SecurityPolicy"], configuration["DomainNameStatus"]) == (
        "REGIONAL", "TLS_1_2", "AVAILABLE")
    assert configuration["ApiGatewayDomainName"].endswith(f".execute-api.{REGION}.amazonaws.com")
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_domain_name(DomainName=domain)
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    assert domain in [item["DomainName"] for page in apigatewayv2.get_paginator("get_domain_names").paginate()
                      for item in page["Items"]]
    updated = apigatewayv2.update_domain_name(DomainName=domain, DomainNameConfigurations=[{"SecurityPolicy": "TLS_1_0"}])
    assert updated["DomainNameConfigurations"][0]["SecurityPolicy"] == "TLS_1_0"

    mapping = apigatewayv2.create_api_mapping(DomainName=domain, ApiId=api, Stage="prod", ApiMappingKey="v1/orders")
    assert mapping["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert mapping["ApiMappingKey"] == "v1/orders"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_api_mapping(DomainName=domain, ApiId=api, Stage="prod", ApiMappingKey="v1/orders")
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_api_mapping(DomainName=domain, ApiId=api, Stage="prod", ApiMappingKey="/v1")
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    moved = apigatewayv2.update_api_mapping(DomainName=domain, ApiMappingId=mapping["ApiMappingId"], ApiId=api,
                                            ApiMappingKey="v2/orders")
    assert moved["ApiMappingKey"] == "v2/orders"
    assert apigatewayv2.get_api_mapping(DomainName=domain, ApiMappingId=mapping["ApiMappingId"])["Stage"] == "prod"
    assert len(apigatewayv2.get_api_mappings(DomainName=domain)["Items"]) == 1
    apigatewayv2.delete_api_mapping(DomainName=domain, ApiMappingId=mapping["ApiMappingId"])
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_api_mapping(DomainName=domain, ApiMappingId=mapping["ApiMappingId"])
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"
    assert apigatewayv2.delete_domain_name(DomainName=domain)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_domain_name(DomainName=domain)
    assert excinfo.value.response["Error"]["Message"] == "The domain name resource specified in the request was not found."


def test_tags(apigatewayv2, api):
    apigatewayv2.create_stage(ApiId=api, StageName="prod")
    for arn in [f"arn:aws:apigateway:{REGION}::/apis/{api}", f"arn:aws:apigateway:{REGION}::/apis/{api}/stages/prod"]:
        assert apigatewayv2.tag_resource(ResourceArn=arn, Tags={"env": "prod", "owner": "me"})["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"env": "prod", "owner": "me"}
        apigatewayv2.untag_resource(ResourceArn=arn, TagKeys=["env"])
        assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"owner": "me"}
    assert apigatewayv2.get_api(ApiId=api)["Tags"] == {"owner": "me"}
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_tags(ResourceArn=f"arn:aws:apigateway:{REGION}::/apis/nothere00")
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_aws_cli_resources(aws_cli, api):
    model = aws_cli("apigatewayv2", "create-model", "--api-id", api, "--name", "Order", "--schema", '{"type": "object"}')
    assert aws_cli("apigatewayv2", "get-models", "--api-id", api)["Items"][0]["ModelId"] == model["ModelId"]
    authorizer = aws_cli("apigatewayv2", "create-authorizer", "--api-id", api, "--name", "jwt", "--authorizer-type", "JWT",
                         "--identity-source", "$request.header.Authorization",
                         "--jwt-configuration", "Issuer=https://issuer.example,Audience=client")
    assert authorizer["JwtConfiguration"]["Audience"] == ["client"]
    arn = f"arn:aws:apigateway:{REGION}::/apis/{api}"
    aws_cli("apigatewayv2", "tag-resource", "--resource-arn", arn, "--tags", "k=v")
    assert aws_cli("apigatewayv2", "get-tags", "--resource-arn", arn)["Tags"] == {"k": "v"}
