import Testing

@testable import Observability

/// AWS's example formats (REST and HTTP APIs, from the API Gateway developer guide) render byte for
/// byte: each `$context` variable replaced, `-` for a variable without a value, the rest copied.
@Suite struct AccessLogFormatTests {
    static let values: [String: String] = [
        "identity.sourceIp": "192.0.2.10", "requestTime": "07/Dec/2026:05:40:00 +0000", "httpMethod": "GET",
        "resourcePath": "/pets/{id}", "routeKey": "GET /pets/{id}", "protocol": "HTTP/1.1", "status": "200", "responseLength": "17",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId": "FlBf3GvMoAMEa7A=",
    ]

    static func render(_ format: String) -> String {
        AccessLogFormat(parsing: format).render { values[$0] }
    }

    @Test func restExamples() {
        #expect(
            Self.render(
                #"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#)
                == #"192.0.2.10 - - [07/Dec/2026:05:40:00 +0000]"GET /pets/{id} HTTP/1.1" 200 17 c6af9ac6-7b61-11e6-9a41-93e8deadbeef FlBf3GvMoAMEa7A="#)
        #expect(
            Self.render(
                #"{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#)
                == #"{ "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId":"FlBf3GvMoAMEa7A=","ip": "192.0.2.10", "caller":"-", "user":"-", "requestTime":"07/Dec/2026:05:40:00 +0000", "httpMethod":"GET", "resourcePath":"/pets/{id}", "status":"200", "protocol":"HTTP/1.1", "responseLength":"17" }"#)
        #expect(
            Self.render(
                #"<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#)
                == #"<request id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef"> <extendedRequestId>FlBf3GvMoAMEa7A=</extendedRequestId> <ip>192.0.2.10</ip> <caller>-</caller> <user>-</user> <requestTime>07/Dec/2026:05:40:00 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets/{id}</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>17</responseLength> </request>"#)
        #expect(
            Self.render(
                "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId")
                == "192.0.2.10,-,-,07/Dec/2026:05:40:00 +0000,GET,/pets/{id},HTTP/1.1,200,17,c6af9ac6-7b61-11e6-9a41-93e8deadbeef,FlBf3GvMoAMEa7A=")
    }

    @Test func httpApiExamples() {
        #expect(
            Self.render(
                #"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#)
                == #"192.0.2.10 - - [07/Dec/2026:05:40:00 +0000] "GET GET /pets/{id} HTTP/1.1" 200 17 c6af9ac6-7b61-11e6-9a41-93e8deadbeef"#)
        #expect(
            Self.render(
                #"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#)
                == #"{ "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "ip": "192.0.2.10", "requestTime":"07/Dec/2026:05:40:00 +0000", "httpMethod":"GET","routeKey":"GET /pets/{id}", "status":"200","protocol":"HTTP/1.1", "responseLength":"17" }"#)
        #expect(
            Self.render(
                #"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#)
                == #"<request id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef"> <ip>192.0.2.10</ip> <requestTime>07/Dec/2026:05:40:00 +0000</requestTime> <httpMethod>GET</httpMethod> <routeKey>GET /pets/{id}</routeKey> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>17</responseLength> </request>"#)
        #expect(
            Self.render(
                "$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId")
                == "192.0.2.10,07/Dec/2026:05:40:00 +0000,GET,GET /pets/{id},HTTP/1.1,200,17,c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
    }

    @Test func variableNamesEndBeforeOtherCharacters() {
        #expect(AccessLogFormat(parsing: "$context.status.").parts == [.variable("status"), .literal(".")])
        #expect(AccessLogFormat(parsing: "a$context.b-c$contextx$context.").parts == [.literal("a"), .variable("b"), .literal("-c$contextx$context.")])
        #expect(AccessLogFormat(parsing: "$context.authorizer.claims.sub").variables == ["authorizer.claims.sub"])
        #expect(AccessLogFormat(parsing: "ünï $context.requestId ✓").render { _ in "x" } == "ünï x ✓")
    }

    @Test func destinations() {
        let group = LogGroupDestination(arn: "arn:aws:logs:eu-west-1:123456789012:log-group:my-group:*", streamName: "s")
        #expect(group?.groupName == "my-group")
        #expect(group?.region == "eu-west-1")
        #expect(LogGroupDestination(arn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x", streamName: "s") == nil)
        #expect(LogGroupDestination(arn: "nonsense", streamName: "s") == nil)
        let names = AccessLogStreamName(process: 0xabc)
        #expect(names.name(apiId: "a1", stage: "prod").count == 32)
        #expect(names.name(apiId: "a1", stage: "prod").hasSuffix("0000000000000abc"))
        #expect(names.name(apiId: "a1", stage: "prod") != names.name(apiId: "a1", stage: "dev"))
    }
}

/// Firehose destination ARNs: AWS takes only delivery streams named `amazon-apigateway-…`.
@Suite struct FirehoseDestinationTests {
    @Test func parsesAWSsStreamArns() throws {
        let destination = try #require(FirehoseDestination(arn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-logs"))
        #expect(destination.region == "eu-west-1" && destination.streamName == "amazon-apigateway-logs")
        #expect(FirehoseDestination(arn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/other-logs") == nil)
        #expect(FirehoseDestination(arn: "arn:aws:logs:eu-west-1:123456789012:log-group:amazon-apigateway-logs") == nil)
        #expect(FirehoseDestination(arn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-a/b") == nil)
        #expect(FirehoseDestination(arn: "arn:aws:firehose") == nil)
    }
}
