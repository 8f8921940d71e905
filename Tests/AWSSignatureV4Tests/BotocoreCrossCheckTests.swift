import AWSSignatureV4
import Testing

/// The ``Signer`` and ``Verifier`` against signatures made by botocore (the signer of aws-cli
/// and boto3). The expected values were produced once with botocore 1.43.11 by this script
/// (`python3 script.py` prints the signed URL and headers of each request A–D):
///
/// ```python
/// # Produces the botocore cross-check vectors embedded in BotocoreCrossCheckTests.swift.
/// import datetime, botocore, botocore.auth as auth
/// from botocore.awsrequest import AWSRequest
/// from botocore.credentials import Credentials
///
/// FIXED = datetime.datetime(2024, 2, 29, 23, 59, 30, tzinfo=datetime.timezone.utc)
/// auth.get_current_datetime = lambda *a, **k: FIXED
/// print("botocore", botocore.__version__)
///
/// def show(name, req):
///     print("==", name)
///     print("url:", req.url)
///     for k, v in req.headers.items():
///         print(f"header: {k}: {v}")
///
/// # A. execute-api with a session token
/// creds = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLE//token+with/slashes==")
/// req = AWSRequest(method="POST",
///     url="https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/pets/my%20dog/toys%3Aall?sort=-price&name=r%C3%A9x&limit=10&flag=&limit=2",
///     headers={"Host": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", "Content-Type": "application/json", "X-Custom": "  a   b  ", "User-Agent": "test-agent/1.0"},
///     data=b'{"name":"R\xc3\xa9x","age":3}')
/// auth.SigV4Auth(creds, "execute-api", "eu-west-1").add_auth(req)
/// show("A", req)
///
/// # B. Lambda Invoke
/// creds2 = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
/// req = AWSRequest(method="POST",
///     url="https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function/invocations",
///     headers={"Host": "lambda.us-east-1.amazonaws.com", "X-Amz-Invocation-Type": "RequestResponse", "Content-Type": "application/json"},
///     data=b'{"hello":"world"}')
/// auth.SigV4Auth(creds2, "lambda", "us-east-1").add_auth(req)
/// show("B", req)
///
/// # C. Presigned execute-api GET, 300 seconds, with a session token
/// req = AWSRequest(method="GET",
///     url="https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items?color=blue",
///     headers={"Host": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"})
/// auth.SigV4QueryAuth(creds, "execute-api", "eu-west-1", expires=300).add_auth(req)
/// show("C", req)
///
/// # D. S3 PUT (no path normalisation, single encoding, X-Amz-Content-SHA256)
/// req = AWSRequest(method="PUT",
///     url="https://examplebucket.s3.amazonaws.com/photos//2024/my%20photo.jpg",
///     headers={"Host": "examplebucket.s3.amazonaws.com", "Content-Type": "image/jpeg"},
///     data=b"not really a jpeg")
/// auth.S3SigV4Auth(creds2, "s3", "us-east-1").add_auth(req)
/// show("D", req)
/// ```
@Suite("botocore cross-check")
struct BotocoreCrossCheckTests {
    static let date = AmzDate(iso8601Basic: "20240229T235930Z") ?? AmzDate(secondsSince1970: 0)
    static let temporary = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        sessionToken: "FQoGZXIvYXdzEXAMPLE//token+with/slashes=="
    )
    static let longTerm = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )

    static func verifier(
        _ credentials: AWSCredentials,
        region: String,
        service: String,
        configuration: Verifier.Configuration? = nil,
        at now: AmzDate = date
    ) -> Verifier {
        Verifier(
            configuration: configuration ?? .init(region: region, service: service),
            credentialProvider: StaticCredentialProvider([credentials]),
            now: { now }
        )
    }

    /// A: execute-api, temporary credentials, an encoded space and colon in the path, UTF-8 and
    /// repeated parameters in the query, a value with runs of spaces, an unsigned User-Agent.
    static func executeAPIRequest() -> SignableRequest {
        SignableRequest(
            method: "POST",
            path: "/prod/pets/my%20dog/toys%3Aall",
            query: "sort=-price&name=r%C3%A9x&limit=10&flag=&limit=2",
            headers: [
                .init("Host", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"),
                .init("Content-Type", "application/json"),
                .init("X-Custom", "  a   b  "),
                .init("User-Agent", "test-agent/1.0"),
            ],
            payload: .string(#"{"name":"Réx","age":3}"#)
        )
    }

    static let executeAPIAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240229/eu-west-1/execute-api/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-custom, "
        + "Signature=09cc6a0dfb56ed3805a6e38999421cac7b3647d9c005d774322ae69f6855b4ab"

    @Test("execute-api request with a session token")
    func executeAPI() throws {
        var request = Self.executeAPIRequest()
        Signer(credentials: Self.temporary, region: "eu-west-1", service: "execute-api").sign(&request, date: Self.date)
        #expect(request.firstHeaderValue("Authorization") == Self.executeAPIAuthorization)
        #expect(request.firstHeaderValue("X-Amz-Date") == "20240229T235930Z")
        #expect(request.firstHeaderValue("X-Amz-Security-Token") == Self.temporary.sessionToken)
    }

    @Test("the Verifier accepts botocore's execute-api request")
    func verifyExecuteAPI() throws {
        var request = Self.executeAPIRequest()
        request.headers += [
            .init("X-Amz-Date", "20240229T235930Z"),
            .init("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLE//token+with/slashes=="),
            .init("Authorization", Self.executeAPIAuthorization),
        ]
        let verified = try Self.verifier(Self.temporary, region: "eu-west-1", service: "execute-api").verify(request)
        #expect(verified.accessKeyID == "AKIAIOSFODNN7EXAMPLE")
        #expect(verified.signedHeaders == ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-custom"])
        #expect(verified.sessionToken == Self.temporary.sessionToken)
    }

    /// B: Lambda Invoke, its function ARN percent-encoded in the path.
    @Test("Lambda Invoke")
    func lambdaInvoke() throws {
        var request = SignableRequest(
            method: "POST",
            path:
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function/invocations",
            headers: [
                .init("Host", "lambda.us-east-1.amazonaws.com"),
                .init("X-Amz-Invocation-Type", "RequestResponse"),
                .init("Content-Type", "application/json"),
            ],
            payload: .string(#"{"hello":"world"}"#)
        )
        Signer(credentials: Self.longTerm, region: "us-east-1", service: "lambda").sign(&request, date: Self.date)
        #expect(
            request.firstHeaderValue("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/us-east-1/lambda/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type, "
                + "Signature=304bd7b11ad2bdee85d29e0c930916c6f5599258ab21a0838703214b59e9b266"
        )
        #expect(request.firstHeaderValue("X-Amz-Security-Token") == nil)
        let verified = try Self.verifier(Self.longTerm, region: "us-east-1", service: "lambda").verify(request)
        #expect(verified.scope.service == "lambda")
    }

    static let presignedQuery =
        "color=blue&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240229%2Feu-west-1%2Fexecute-api%2Faws4_request"
        + "&X-Amz-Date=20240229T235930Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
        + "&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE%2F%2Ftoken%2Bwith%2Fslashes%3D%3D"
        + "&X-Amz-Signature=c403ce932ca5fc7c802a2d7b2ed98dd92f53965e2b29d0811ea473cdc22eae12"

    /// C: a presigned execute-api URL, 300 seconds, temporary credentials.
    @Test("presigned execute-api URL")
    func presignedURL() throws {
        var request = SignableRequest(
            method: "GET",
            path: "/prod/items",
            query: "color=blue",
            headers: [.init("Host", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com")]
        )
        Signer(credentials: Self.temporary, region: "eu-west-1", service: "execute-api")
            .presign(&request, expires: 300, date: Self.date)
        #expect(request.query == Self.presignedQuery)
        #expect(request.firstHeaderValue("Authorization") == nil)
    }

    @Test("the Verifier accepts botocore's presigned URL until it expires")
    func verifyPresignedURL() throws {
        let request = SignableRequest(
            method: "GET",
            path: "/prod/items",
            query: Self.presignedQuery,
            headers: [.init("Host", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com")]
        )
        let fresh = Self.verifier(
            Self.temporary, region: "eu-west-1", service: "execute-api", at: Self.date.adding(seconds: 299))
        let verified = try fresh.verify(request)
        #expect(verified.location == .queryString)
        #expect(verified.sessionToken == Self.temporary.sessionToken)

        let late = Self.verifier(
            Self.temporary, region: "eu-west-1", service: "execute-api", at: Self.date.adding(seconds: 301))
        let error = #expect(throws: SignatureV4Error.self) { try late.verify(request) }
        #expect(error?.exceptionName == "InvalidSignatureException")
        #expect(
            error?.message
                == "Signature expired: 20240229T235930Z is now earlier than 20240229T235931Z (20240301T000431Z - 5 min.)"
        )
    }

    /// D: S3 PUT: no path normalisation (`//` kept), single encoding, `X-Amz-Content-Sha256`.
    @Test("S3 PUT")
    func s3Put() throws {
        var request = SignableRequest(
            method: "PUT",
            path: "/photos//2024/my%20photo.jpg",
            headers: [.init("Host", "examplebucket.s3.amazonaws.com"), .init("Content-Type", "image/jpeg")],
            payload: .string("not really a jpeg")
        )
        Signer(credentials: Self.longTerm, region: "us-east-1", service: "s3", options: .s3).sign(
            &request, date: Self.date)
        #expect(
            request.firstHeaderValue("X-Amz-Content-Sha256")
                == "21ac2586e213d1f490778a07bf0025a98fc57595863a282372bac594b398322b"
        )
        #expect(
            request.firstHeaderValue("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/us-east-1/s3/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=592339d05754caa44814a8866659bc47072dcc4598dccf5351dc90810053a7ca"
        )
        let s3 = Verifier.Configuration(
            region: "us-east-1",
            service: "s3",
            pathEncoding: .s3,
            payloadHashSource: .contentSHA256Header(allowsUnsignedPayload: true)
        )
        let verified = try Self.verifier(Self.longTerm, region: "us-east-1", service: "s3", configuration: s3).verify(
            request)
        #expect(verified.signedHeaders.contains("x-amz-content-sha256"))

        var swappedBody = request
        swappedBody.payload = .string("something else")
        let error = #expect(throws: SignatureV4Error.self) {
            try Self.verifier(Self.longTerm, region: "us-east-1", service: "s3", configuration: s3).verify(swappedBody)
        }
        #expect(error?.exceptionName == "XAmzContentSHA256Mismatch")
    }
}
