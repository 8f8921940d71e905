extension Verifier {
    /// Reads the signature `request` claims and checks everything that needs no secret: the
    /// parameters are present and well-formed, the signing time is current, `host` is signed,
    /// and the credential is scoped to this verifier's region and service. Steps 1–6 of the
    /// order in ``Verifier``.
    public func parseSignature(of request: SignableRequest) throws(SignatureV4Error) -> RequestSignature {
        let authorization = request.firstHeaderValue(SignatureV4.Name.authorization).flatMap(Self.nonBlank)
        let query = QueryParameters(request.query)
        let presigned = !request.query.isEmpty && query.contains(SignatureV4.Name.algorithm)
        let fields: SignatureFields
        switch (authorization, presigned) {
        case (.some, true):
            throw SignatureV4Error.bothHeaderAndQuery
        case (nil, false):
            throw SignatureV4Error.missingAuthenticationToken
        case (.some(let header), false):
            fields = try Self.headerFields(header, of: request)
        case (nil, true):
            fields = try Self.queryFields(query, of: request)
        }
        return try validate(fields)
    }

    /// The raw parts of a signature, before validation.
    private struct SignatureFields {
        var location: RequestSignature.Location
        var algorithm: String
        var credential: String
        var signedHeaders: String
        var signature: String
        var rawDate: String
        var acceptsHTTPDate: Bool
        var rawExpires: String?
        var securityToken: String?
    }

    /// Step 2 for `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    private static func headerFields(_ header: String, of request: SignableRequest) throws(SignatureV4Error)
        -> SignatureFields
    {
        let parts = header.withUTF8Buffer(AuthorizationHeaderParts.init)
        if let invalidComponent = parts.invalidComponent {
            throw SignatureV4Error.notKeyValuePair(invalidComponent, header: header)
        }
        let amzDate = request.firstHeaderValue(SignatureV4.Name.amzDate).flatMap(nonBlank)
        let rawDate = amzDate ?? request.firstHeaderValue(SignatureV4.Name.date).flatMap(nonBlank)
        guard let credential = parts.credential, !credential.isEmpty,
            let signature = parts.signature, !signature.isEmpty,
            let signedHeaders = parts.signedHeaders,
            let rawDate
        else {
            throw SignatureV4Error.incompleteHeader(
                missingCredential: parts.credential?.isEmpty ?? true,
                missingSignature: parts.signature?.isEmpty ?? true,
                missingSignedHeaders: parts.signedHeaders == nil,
                missingDate: rawDate == nil,
                header: header
            )
        }
        return SignatureFields(
            location: .authorizationHeader,
            algorithm: parts.algorithm,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            rawDate: rawDate,
            acceptsHTTPDate: amzDate == nil,
            rawExpires: nil,
            securityToken: request.firstHeaderValue(SignatureV4.Name.securityToken)
        )
    }

    /// The pieces of an `Authorization` header: the algorithm (up to the first blank), then
    /// `key=value` components separated by commas and/or blanks. The first occurrence of each
    /// known key wins; unknown keys are ignored.
    private struct AuthorizationHeaderParts {
        var algorithm = ""
        var credential: String?
        var signedHeaders: String?
        var signature: String?
        /// The first component without `=`, which makes the header malformed.
        var invalidComponent: String?

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count, isBlank(bytes[index]) { index += 1 }
            let algorithmStart = index
            while index < bytes.count, !isBlank(bytes[index]) { index += 1 }
            algorithm = bytes.string(algorithmStart..<index)
            while index < bytes.count {
                while index < bytes.count, isBlank(bytes[index]) || bytes[index] == UInt8(ascii: ",") { index += 1 }
                let start = index
                var equals: Int?
                while index < bytes.count, !isBlank(bytes[index]), bytes[index] != UInt8(ascii: ",") {
                    if equals == nil, bytes[index] == UInt8(ascii: "=") { equals = index }
                    index += 1
                }
                guard index > start else { continue }
                guard let equals else {
                    invalidComponent = bytes.string(start..<index)
                    return
                }
                let key = start..<equals
                let value = (equals + 1)..<index
                if bytes.equals(key, "Credential") {
                    credential = credential ?? bytes.string(value)
                } else if bytes.equals(key, "SignedHeaders") {
                    signedHeaders = signedHeaders ?? bytes.string(value)
                } else if bytes.equals(key, "Signature") {
                    signature = signature ?? bytes.string(value)
                }
            }
        }
    }

    /// Step 2 for a presigned URL. The session token is read from the query, or else from an
    /// `X-Amz-Security-Token` header.
    private static func queryFields(
        _ query: QueryParameters,
        of request: SignableRequest
    ) throws(SignatureV4Error) -> SignatureFields {
        var algorithm: String?
        var credential: String?
        var signature: String?
        var signedHeaders: String?
        var date: String?
        var expires: String?
        var token: String?
        for parameter in query {
            if algorithm == nil, parameter.decodedNameEquals(SignatureV4.Name.algorithm) {
                algorithm = parameter.value
            } else if credential == nil, parameter.decodedNameEquals(SignatureV4.Name.credential) {
                credential = parameter.value
            } else if signature == nil, parameter.decodedNameEquals(SignatureV4.Name.signature) {
                signature = parameter.value
            } else if signedHeaders == nil, parameter.decodedNameEquals(SignatureV4.Name.signedHeaders) {
                signedHeaders = parameter.value
            } else if date == nil, parameter.decodedNameEquals(SignatureV4.Name.amzDate) {
                date = parameter.value
            } else if expires == nil, parameter.decodedNameEquals(SignatureV4.Name.expires) {
                expires = parameter.value
            } else if token == nil, parameter.decodedNameEquals(SignatureV4.Name.securityToken) {
                token = parameter.value
            }
        }
        guard let algorithm, !algorithm.isEmpty, let credential, !credential.isEmpty, let signature, !signature.isEmpty,
            let signedHeaders, !signedHeaders.isEmpty, let date, !date.isEmpty
        else {
            let required: [(String, String?)] = [
                (SignatureV4.Name.algorithm, algorithm), (SignatureV4.Name.credential, credential),
                (SignatureV4.Name.signature, signature), (SignatureV4.Name.signedHeaders, signedHeaders),
                (SignatureV4.Name.amzDate, date),
            ]
            throw SignatureV4Error.incompleteQuery(missing: required.filter { $0.1?.isEmpty ?? true }.map(\.0))
        }
        return SignatureFields(
            location: .queryString,
            algorithm: algorithm,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            rawDate: date,
            acceptsHTTPDate: false,
            rawExpires: expires,
            securityToken: token ?? request.firstHeaderValue(SignatureV4.Name.securityToken)
        )
    }

    /// Steps 3 to 6.
    private func validate(_ fields: SignatureFields) throws(SignatureV4Error) -> RequestSignature {
        let parsedDate =
            AmzDate(iso8601Basic: fields.rawDate) ?? (fields.acceptsHTTPDate ? AmzDate(httpDate: fields.rawDate) : nil)
        guard let date = parsedDate else { throw SignatureV4Error.badDate(fields.rawDate) }

        var expires: Int64?
        if let rawExpires = fields.rawExpires {
            guard let seconds = Int64(rawExpires) else { throw SignatureV4Error.expiresNotANumber }
            guard seconds >= 0 else { throw SignatureV4Error.expiresNegative }
            guard seconds <= configuration.maximumPresignedExpiry else {
                throw SignatureV4Error.expiresTooLarge(maximum: configuration.maximumPresignedExpiry)
            }
            expires = seconds
        }

        let current = now()
        let lateness = expires ?? configuration.allowedClockSkew
        if date < current.adding(seconds: -lateness) {
            throw SignatureV4Error.expired(date: date, now: current, window: lateness)
        }
        if date > current.adding(seconds: configuration.allowedClockSkew) {
            throw SignatureV4Error.notYetCurrent(date: date, now: current, window: configuration.allowedClockSkew)
        }

        let signedHeaders = Self.signedHeaderNames(fields.signedHeaders)
        guard signedHeaders.contains(where: { $0 == "host" || $0 == ":authority" }) else {
            throw SignatureV4Error.hostNotSigned
        }

        guard fields.algorithm == SignatureV4.algorithm else {
            throw SignatureV4Error.unsupportedAlgorithm(fields.algorithm)
        }

        let elements = Self.credentialElements(fields.credential)
        guard elements.count == 5 else { throw SignatureV4Error.malformedCredential(fields.credential) }
        let scope = CredentialScope(dateStamp: elements[1], region: elements[2], service: elements[3])

        var scopeMessage = ""
        if let region = configuration.region, scope.region != region {
            scopeMessage += SignatureV4Error.wrongRegionText(scope.region)
        }
        if let service = configuration.service, scope.service != service {
            scopeMessage += SignatureV4Error.wrongServiceText(expected: service)
        }
        if elements[4] != SignatureV4.scopeTerminator {
            scopeMessage += SignatureV4Error.wrongTerminatorText(elements[4])
        }
        if scope.dateStamp != date.dateStamp {
            scopeMessage += SignatureV4Error.wrongDateText(
                scopeDate: scope.dateStamp,
                requestDate: date,
                rawDate: fields.rawDate
            )
        }
        guard scopeMessage.isEmpty else {
            throw SignatureV4Error(code: .invalidSignature, message: scopeMessage)
        }

        return RequestSignature(
            location: fields.location,
            accessKeyID: elements[0],
            scope: scope,
            signedHeaders: signedHeaders,
            signature: fields.signature,
            date: date,
            expires: expires,
            securityToken: fields.securityToken
        )
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `value`, or `nil` when it is empty or only blanks.
    private static func nonBlank(_ value: String) -> String? {
        value.utf8.contains { !isBlank($0) } ? value : nil
    }

    /// `a;B;c` → `["a", "b", "c"]` (empty names skipped).
    private static func signedHeaderNames(_ list: String) -> [String] {
        list.withUTF8Buffer { bytes in
            var names: [String] = []
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ";") {
                if index > start { names.append(bytes.lowercasedString(start..<index)) }
                start = index + 1
            }
            return names
        }
    }

    /// The `/`-separated elements of a credential, trailing slashes ignored (as AWS does).
    private static func credentialElements(_ credential: String) -> [String] {
        credential.withUTF8Buffer { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var elements: [String] = []
            elements.reserveCapacity(5)
            var start = 0
            for index in 0...end where index == end || bytes[index] == UInt8(ascii: "/") {
                elements.append(bytes.string(start..<index))
                start = index + 1
            }
            return elements
        }
    }
}
