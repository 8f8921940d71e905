import JSON

extension Exchange {
    /// The deepest JSON body the gateway reads (validation, body mappings): deeper ones are
    /// refused as not JSON rather than risking the stack.
    static let maxBodyDepth = 256

    /// The request body as JSON, parsed once per request whoever asks first (request validation,
    /// `method.request.body.*` mappings); nil for an empty body.
    func jsonBody() -> Result<JSONValue, JSONParseError>? {
        guard let body, body.readableBytes > 0 else { return nil }
        if let parsedBody { return parsedBody }
        let parsed = Result { () throws(JSONParseError) in
            try JSONValueParser(maxDepth: Self.maxBodyDepth).parse(body.readableBytesView)
        }
        parsedBody = parsed
        return parsed
    }
}
