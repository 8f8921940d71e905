extension CanonicalRequest {
    /// The canonical query string of the wire query `rawQuery`: parameters split on `&` and the
    /// first `=`, percent-decoded, re-encoded with SigV4's encoding, sorted by encoded name then
    /// encoded value (byte order), joined as `name=value` with `&`. A parameter without `=` gets
    /// an empty value. Decoding then re-encoding is what AWS does on receipt, so a query encoded
    /// in any valid way canonicalises the same.
    public static func canonicalQueryString(_ rawQuery: String, excluding excludedParameter: String? = nil) -> String {
        var output: [UInt8] = []
        appendCanonicalQuery(rawQuery, excluding: excludedParameter, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendCanonicalQuery(
        _ rawQuery: String,
        excluding excludedParameter: String?,
        to output: inout [UInt8]
    ) {
        guard !rawQuery.isEmpty else { return }
        var parameters: [(name: [UInt8], value: [UInt8])] = []
        for parameter in QueryParameters(rawQuery) {
            if let excludedParameter, parameter.decodedNameEquals(excludedParameter) { continue }
            var name: [UInt8] = []
            var value: [UInt8] = []
            name.reserveCapacity(parameter.rawName.count)
            value.reserveCapacity(parameter.rawValue.count)
            reencode(parameter.rawName, into: &name)
            reencode(parameter.rawValue, into: &value)
            parameters.append((name, value))
        }
        parameters.sort { left, right in
            left.name == right.name
                ? left.value.lexicographicallyPrecedes(right.value)
                : left.name.lexicographicallyPrecedes(right.name)
        }
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            output.append(contentsOf: parameter.name)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: parameter.value)
        }
    }

    /// Appends `raw` decoded and re-encoded, skipping the decoding step when it has no `%`.
    private static func reencode(_ raw: ArraySlice<UInt8>, into output: inout [UInt8]) {
        if PercentEncoding.mayNeedDecoding(raw) {
            PercentEncoding.encode(PercentEncoding.decode(raw), into: &output)
        } else {
            PercentEncoding.encode(raw, into: &output)
        }
    }
}
