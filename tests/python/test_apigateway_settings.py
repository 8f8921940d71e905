"""GetAccount / UpdateAccount through boto3 and the aws CLI."""


def test_account_defaults_and_role(apigateway, aws_cli):
    account = apigateway.get_account()
    assert account["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    assert account["features"] == ["UsagePlans"]
    role = "arn:aws:iam::123456789012:role/apigateway-cloudwatch"
    updated = aws_cli("apigateway", "update-account", "--patch-operations",
                      f"op=replace,path=/cloudwatchRoleArn,value={role}")
    assert updated["cloudwatchRoleArn"] == role
    assert apigateway.get_account()["cloudwatchRoleArn"] == role
