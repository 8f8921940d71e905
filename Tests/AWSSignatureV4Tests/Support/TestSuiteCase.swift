import AWSSignatureV4
import Foundation
import Testing

/// One case of the AWS SigV4 test suite: a directory `NAME` holding `NAME.req` (the request),
/// `NAME.creq` (canonical request), `NAME.sts` (string to sign), `NAME.authz` (Authorization
/// header) and `NAME.sreq` (the signed request). Cases may be nested (`normalize-path/…`,
/// `post-sts-token/…`).
struct TestSuiteCase: Sendable, CustomTestStringConvertible {
    /// The path of the case directory relative to the suite, e.g. `normalize-path/get-slash`.
    let name: String
    let request: String
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    let signedRequest: String

    var testDescription: String { name }

    /// The last path component, e.g. `get-slash`.
    var shortName: String { String(name.split(separator: "/").last ?? Substring(name)) }

    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    static let date = "20150830T123600Z"
    /// The session token of the `post-sts-token` cases (from its readme.txt).
    static let sessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    /// Whether the case signs with temporary credentials.
    var usesSessionToken: Bool { name.hasPrefix("post-sts-token/") }

    /// The credentials the case was signed with.
    var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: Self.accessKeyID,
            secretAccessKey: Self.secretAccessKey,
            sessionToken: usesSessionToken ? Self.sessionToken : nil
        )
    }

    /// Every case of the suite, sorted by name; empty when the suite cannot be found (the test
    /// `suiteIsPresentAndComplete` then fails and says why).
    static let all: [TestSuiteCase] = {
        guard let suite = TestSuiteLocator.sigV4Suite().url else { return [] }
        return (try? load(from: suite)) ?? []
    }()

    /// Loads every case under `suite`.
    static func load(from suite: URL) throws -> [TestSuiteCase] {
        var cases: [TestSuiteCase] = []
        let enumerator = FileManager.default.enumerator(at: suite, includingPropertiesForKeys: [.isDirectoryKey])
        while let url = enumerator?.nextObject() as? URL {
            guard TestSuiteLocator.isDirectory(url) else { continue }
            let base = url.lastPathComponent
            let request = url.appendingPathComponent("\(base).req")
            guard FileManager.default.fileExists(atPath: request.path) else { continue }
            func read(_ suffix: String) throws -> String {
                try String(contentsOf: url.appendingPathComponent("\(base).\(suffix)"), encoding: .utf8)
            }
            let relative = url.standardizedFileURL.path.dropFirst(suite.standardizedFileURL.path.count + 1)
            cases.append(
                TestSuiteCase(
                    name: String(relative),
                    request: try read("req"),
                    canonicalRequest: try read("creq"),
                    stringToSign: try read("sts"),
                    authorization: try read("authz"),
                    signedRequest: try read("sreq")
                )
            )
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// Parses a request file of the suite: `METHOD target HTTP/1.1`, header lines `Name:value`,
    /// an empty line, then the body. The target may contain raw spaces and UTF-8 (`get-space`,
    /// `get-utf8`); it is passed through as the wire path, as the suite intends. A line that
    /// starts with whitespace continues the previous header: the suite
    /// (`get-header-value-multiline`) expects each continuation line to be a further value of
    /// that header, joined by commas in the canonical request.
    static func parse(_ text: String) -> SignableRequest {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let requestLine = lines.first ?? ""
        let method = requestLine.prefix { $0 != " " }
        var target = requestLine.dropFirst(method.count + 1)
        if let version = target.range(of: " HTTP/", options: .backwards) {
            target = target[..<version.lowerBound]
        }
        var headers: [SignableRequest.Header] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            if line.first == " " || line.first == "\t", let previous = headers.last {
                headers.append(.init(previous.name, line.trimmingCharacters(in: .whitespaces)))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        let body = index < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        return SignableRequest(method: String(method), target: String(target), headers: headers, payload: .string(body))
    }
}
