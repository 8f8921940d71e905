import Foundation
import JSON
import NIOCore
import NIOHTTP1

/// What a Lambda function answered an AWS_PROXY integration, read by AWS's rules (reference
/// §2.3, §2.4). A pure translator: output bytes in, the client's status, headers and body out,
/// or why the output is malformed (the integration answers REST 502 / HTTP APIs 500 for it).
///
/// **Payload 1.0** (REST, HTTP APIs with `1.0`): a JSON object whose only keys are `statusCode`
/// (a number or a numeric string, 200 when absent), `headers` (values stringified: `true`
/// becomes `"true"`), `multiValueHeaders` (lists), `body` (a string) and `isBase64Encoded`.
/// `{}` is 200 with no body. Anything else — not JSON, a bare string, another key, a
/// non-numeric `statusCode`, a non-list multi-value header, a body that is not a string — is
/// malformed. A name in both header maps sends the multi-value values first, under the
/// multi-value key's casing. A base64 body is decoded only when `decodesBase64` says so (REST:
/// the API's `binaryMediaTypes` match); otherwise its text goes out as it is.
///
/// **Payload 2.0** (HTTP APIs): valid JSON that is not an object with `statusCode` is the body
/// of a 200 with `content-type: application/json` (a JSON string: its text; anything else:
/// the output as it is). Otherwise `statusCode`, `headers`, `body`, `isBase64Encoded` (always
/// decoded) and `cookies` (each its own `set-cookie`) are read; not JSON is malformed.
///
/// Bounds: the output is at most Lambda's 6 MB (`LambdaClient`), nested at most 64 deep; the
/// headers made from it at most 64 KiB, each name a token and each value free of line breaks.
enum LambdaProxyResponse {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static let maxHeaderBytes = 64 * 1024
    private static let v1Keys: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]

    /// Payload 1.0. `decodesBase64` sees the function's headers (for their `Content-Type`).
    static func payloadV1(_ output: ByteBuffer, decodesBase64: (HTTPHeaders) -> Bool) -> Result<GatewayHTTPResponse, Malformed> {
        guard let value = parse(output) else { return .failure(Malformed("the function's output is not JSON")) }
        guard let object = value.objectValue else { return .failure(Malformed("the function's output is a \(value.typeName), not an object")) }
        if let unknown = object.keys.first(where: { !v1Keys.contains($0) }) {
            return .failure(Malformed("the function's output has the unknown key '\(unknown.prefix(64))'"))
        }
        do throws(Malformed) {
            let status = try statusCode(object["statusCode"])
            var headers = HTTPHeaders()
            var single = try stringMap(object["headers"], name: "headers")
            if let multi = object["multiValueHeaders"], multi != .null {
                guard let map = multi.objectValue else { throw Malformed("multiValueHeaders is a \(multi.typeName), not an object") }
                for (name, values) in map {
                    guard let list = values.arrayValue else { throw Malformed("multiValueHeaders.\(name.prefix(64)) is not a list") }
                    for element in list {
                        if let text = try headerText(element, name: name) { headers.add(name: name, value: text) }
                    }
                    if let index = single.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                        headers.add(name: name, value: single[index].value)
                        single.remove(at: index)
                    }
                }
            }
            for (name, value) in single { headers.add(name: name, value: value) }
            try check(headers)
            let base64 = try flag(object["isBase64Encoded"])
            let body = try bodyText(object["body"]).map { text throws(Malformed) in
                try bytes(text, base64: base64 && decodesBase64(headers))
            }
            return .success(GatewayHTTPResponse(status: status, headers: headers, body: body))
        } catch {
            return .failure(error)
        }
    }

    /// Payload 2.0.
    static func payloadV2(_ output: ByteBuffer) -> Result<GatewayHTTPResponse, Malformed> {
        guard let value = parse(output) else { return .failure(Malformed("the function's output is not JSON")) }
        guard let object = value.objectValue, object["statusCode"] != nil else {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            let body = value.stringValue.map { ByteBuffer(string: $0) } ?? output
            return .success(GatewayHTTPResponse(status: .ok, headers: headers, body: body.readableBytes > 0 ? body : nil))
        }
        do throws(Malformed) {
            let status = try statusCode(object["statusCode"])
            var headers = HTTPHeaders()
            for (name, value) in try stringMap(object["headers"], name: "headers") { headers.add(name: name, value: value) }
            if let cookies = object["cookies"], cookies != .null {
                guard let list = cookies.arrayValue else { throw Malformed("cookies is a \(cookies.typeName), not a list") }
                for cookie in list {
                    guard let text = cookie.stringValue else { throw Malformed("a cookie is a \(cookie.typeName), not a string") }
                    headers.add(name: "set-cookie", value: text)
                }
            }
            try check(headers)
            let base64 = try flag(object["isBase64Encoded"])
            let body = try bodyText(object["body"]).map { text throws(Malformed) in try bytes(text, base64: base64) }
            return .success(GatewayHTTPResponse(status: status, headers: headers, body: body))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Parts

    private static func parse(_ output: ByteBuffer) -> JSONValue? {
        try? JSONValueParser(maxDepth: 64).parse(output.readableBytesView)
    }

    private static func statusCode(_ value: JSONValue?) throws(Malformed) -> HTTPResponseStatus {
        let code: Int?
        switch value {
        case .none, .null?: return .ok
        case .number(let number)?: code = number.rounded() == number && abs(number) < 1_000 ? Int(number) : nil
        case .string(let text)?: code = text.count <= 3 ? Int(text) : nil
        default: code = nil
        }
        guard let code, (100...599).contains(code) else { throw Malformed("statusCode is not an HTTP status code") }
        return HTTPResponseStatus(statusCode: code)
    }

    /// `headers`: names to values, stringified (numbers and booleans as JSON writes them).
    private static func stringMap(_ value: JSONValue?, name: String) throws(Malformed) -> [(name: String, value: String)] {
        guard let value, value != .null else { return [] }
        guard let map = value.objectValue else { throw Malformed("\(name) is a \(value.typeName), not an object") }
        var pairs: [(name: String, value: String)] = []
        for (key, entry) in map {
            if let text = try headerText(entry, name: key) { pairs.append((key, text)) }
        }
        return pairs
    }

    private static func headerText(_ value: JSONValue, name: String) throws(Malformed) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return JSONWriter.format(number)
        case .array, .object: throw Malformed("the header \(name.prefix(64)) has a \(value.typeName) value")
        }
    }

    private static func check(_ headers: HTTPHeaders) throws(Malformed) {
        var total = 0
        for (name, value) in headers {
            guard HeaderValue.isValidName(name) else { throw Malformed("'\(name.prefix(64))' is not a header name") }
            guard HeaderValue.isSafe(value) else { throw Malformed("the header \(name) has a line break") }
            total += name.utf8.count + value.utf8.count + 4
            guard total <= maxHeaderBytes else { throw Malformed("the headers are larger than \(maxHeaderBytes) bytes") }
        }
    }

    private static func bodyText(_ value: JSONValue?) throws(Malformed) -> String? {
        switch value {
        case .none, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw Malformed("body is a \(other.typeName), not a string")
        }
    }

    private static func flag(_ value: JSONValue?) throws(Malformed) -> Bool {
        switch value {
        case .none, .null?: return false
        case .bool(let flag)?: return flag
        case let other?: throw Malformed("isBase64Encoded is a \(other.typeName), not a boolean")
        }
    }

    private static func bytes(_ text: String, base64: Bool) throws(Malformed) -> ByteBuffer {
        guard base64 else { return ByteBuffer(string: text) }
        // Line breaks are allowed (Python's `base64.encodebytes` writes them); nothing else is.
        let compact = text.utf8.contains { $0 == 0x0A || $0 == 0x0D } ? text.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" } : text
        guard let data = Data(base64Encoded: compact) else {
            throw Malformed("isBase64Encoded is true but the body is not base64")
        }
        return ByteBuffer(bytes: data)
    }
}
