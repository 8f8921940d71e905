import AWSClients

/// A REST `AWS` integration's `uri`, compiled once per stage (stage variables substituted):
///
/// - `arn:aws:apigateway:{region}:{service}:action/{Action}[&Name=value…]`: the service's API
///   action, with the query the URI adds;
/// - `arn:aws:apigateway:{region}:{service}:path/{path}`: a path of the service's endpoint, with
///   `{name}` placeholders filled per request (`integration.request.path.name`);
/// - `{service}` may carry a subdomain, `{subdomain}.{service}` (AWS's host
///   `{subdomain}.{service}.{region}.amazonaws.com`).
struct AWSIntegrationURI: Sendable {
    enum Kind: Sendable {
        case action(name: String, query: String)
        case path([IntegrationURI.Part], query: String?)
    }

    let region: String
    let service: AWSService
    let subdomain: String?
    let kind: Kind

    init(parsing uri: String, stageVariables: [String: String]) throws(IntegrationURI.ParseError) {
        let text = try IntegrationURI.substituteStageVariables(uri, stageVariables)
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "apigateway", !fields[3].isEmpty, !fields[4].isEmpty else {
            throw IntegrationURI.ParseError(uri: uri, reason: "an AWS integration URI is arn:aws:apigateway:{region}:{service}:{action|path}/…")
        }
        let isName: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard fields[3].allSatisfy(isName) else { throw IntegrationURI.ParseError(uri: uri, reason: "invalid region '\(fields[3])'") }
        let serviceParts = fields[4].split(separator: ".", omittingEmptySubsequences: false)
        guard serviceParts.count <= 2, serviceParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isName) }) else {
            throw IntegrationURI.ParseError(uri: uri, reason: "invalid service '\(fields[4])'")
        }
        region = String(fields[3])
        service = AWSService(named: String(serviceParts.last ?? ""))
        subdomain = serviceParts.count == 2 ? String(serviceParts[0]) : nil
        let rest = String(fields[5])
        if let action = rest.dropPrefix("action/") {
            let pieces = action.split(separator: "&", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pieces[0])
            let query = pieces.count > 1 ? String(pieces[1]) : ""
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw IntegrationURI.ParseError(uri: uri, reason: "invalid action '\(name)'")
            }
            guard UpstreamTarget.isSafeLiteral(query[...], isQuery: true) else {
                throw IntegrationURI.ParseError(uri: uri, reason: "the action's parameters have characters that must be percent-encoded")
            }
            kind = .action(name: name, query: query)
        } else if let path = rest.dropPrefix("path/") {
            var pathText = Substring(path)
            var query: String?
            if let question = pathText.firstIndex(of: "?") {
                query = String(pathText[pathText.index(after: question)...])
                pathText = pathText[..<question]
                if let query, !UpstreamTarget.isSafeLiteral(query[...], isQuery: true) {
                    throw IntegrationURI.ParseError(uri: uri, reason: "the query has characters that must be percent-encoded")
                }
            }
            kind = .path(try IntegrationURI.parts(of: ("/" + pathText)[...], uri: uri), query: query?.isEmpty == true ? nil : query)
        } else {
            throw IntegrationURI.ParseError(uri: uri, reason: "the URI names neither action/{Action} nor path/{path}")
        }
    }
}
