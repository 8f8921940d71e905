import Foundation
import Testing

@testable import AWSClients

/// The AWS SDK conventions for credentials, region and endpoints, and the cold-path URL rules.
@Suite struct AWSEnvironmentTests {
    @Test func environmentVariablesWin() {
        let environment = AWSEnvironment.resolve(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s3cr3t-value", "AWS_SESSION_TOKEN": "t0ken-value", "AWS_REGION": "eu-west-1",
                "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:3001/", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
            ], defaultRegion: "us-east-1", home: "/nonexistent")
        #expect(environment.credentials?.accessKeyID == "AKID")
        #expect(environment.credentials?.sessionToken == "t0ken-value")
        #expect(environment.region == "eu-west-1")
        #expect(environment.endpoint(serviceId: "Lambda", hostPrefix: "lambda") == "http://127.0.0.1:3001")
        #expect(environment.endpoint(serviceId: "Cognito Identity Provider", hostPrefix: "cognito-idp") == "http://127.0.0.1:4566")
        #expect(!environment.description.contains("s3cr3t-value"))
        #expect(!environment.description.contains("t0ken-value"))
    }

    @Test func profilesFromTheSharedFiles() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try """
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = default-secret
            # a comment
            [dev]
            aws_access_key_id=AKIDDEV
            aws_secret_access_key=dev-secret
            """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
            [profile dev]
            region = ap-south-1
            endpoint_url = http://localhost:4566
            """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let byDefault = AWSEnvironment.resolve(environment: [:], defaultRegion: "us-east-1", home: home.path)
        #expect(byDefault.credentials?.accessKeyID == "AKIDDEFAULT")
        #expect(byDefault.region == "us-east-1")
        #expect(byDefault.endpoint(serviceId: "Lambda", hostPrefix: "lambda") == "https://lambda.us-east-1.amazonaws.com")
        let dev = AWSEnvironment.resolve(environment: ["AWS_PROFILE": "dev"], defaultRegion: "us-east-1", home: home.path)
        #expect(dev.credentials?.accessKeyID == "AKIDDEV")
        #expect(dev.region == "ap-south-1")
        #expect(dev.endpoint(serviceId: "Lambda", hostPrefix: "lambda") == "http://localhost:4566")
    }

    @Test func coldPathURLs() {
        #expect(ColdPathURL.check("https://issuer.example.com/x") == nil)
        #expect(ColdPathURL.check("http://127.0.0.1:8080/x") == nil)
        #expect(ColdPathURL.check("http://localhost/x") == nil)
        #expect(ColdPathURL.check("http://[::1]:9/x") == nil)
        #expect(ColdPathURL.check("http://issuer.example.com/x") != nil)
        #expect(ColdPathURL.check("http://127.0.0.1.evil.com/x") != nil)
        #expect(ColdPathURL.check("https://user:pass@host/x") != nil)
        #expect(ColdPathURL.check("file:///etc/passwd") != nil)
        #expect(ColdPathURL.check("http://example.com/", allowPlainHTTPEverywhere: true) == nil)
    }

    @Test func functionNames() throws {
        #expect(try FunctionName("my-function").encoded == "my-function")
        let arn = try FunctionName("arn:aws:lambda:eu-west-1:123456789012:function:auth:live")
        #expect(arn.encoded == "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aauth%3Alive")
        #expect(arn.region == "eu-west-1")
        for bad in ["", "../x", "a/b", "arn:aws:s3:::bucket", "name with space", String(repeating: "a", count: 200)] {
            #expect(throws: LambdaClient.Failure.self) { try FunctionName(bad) }
        }
    }
}
