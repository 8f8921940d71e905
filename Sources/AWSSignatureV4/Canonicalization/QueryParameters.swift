/// The parameters of a raw query string, in order: split on `&` (empty pieces skipped), then on
/// the first `=` (a piece without one has an empty value). The bytes are copied once; names and
/// values are decoded only when asked for.
struct QueryParameters: Sequence {
    struct Parameter {
        let rawName: ArraySlice<UInt8>
        let rawValue: ArraySlice<UInt8>

        var decodedValue: [UInt8] { Self.decode(rawValue) }

        /// The decoded value as a string.
        var value: String { String(decoding: decodedValue, as: UTF8.self) }

        /// Whether the decoded name equals `name`, without allocating when the raw name has no
        /// escapes.
        func decodedNameEquals(_ name: String) -> Bool {
            if PercentEncoding.mayNeedDecoding(rawName) {
                return Self.decode(rawName).elementsEqual(name.utf8)
            }
            return rawName.count == name.utf8.count && rawName.elementsEqual(name.utf8)
        }

        private static func decode(_ raw: ArraySlice<UInt8>) -> [UInt8] {
            PercentEncoding.mayNeedDecoding(raw) ? PercentEncoding.decode(raw) : Array(raw)
        }
    }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0

        mutating func next() -> Parameter? {
            while position < bytes.count {
                let start = position
                var end = start
                var equals: Int?
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") {
                    if equals == nil, bytes[end] == UInt8(ascii: "=") { equals = end }
                    end += 1
                }
                position = end + 1
                guard end > start else { continue }
                if let equals {
                    return Parameter(rawName: bytes[start..<equals], rawValue: bytes[(equals + 1)..<end])
                }
                return Parameter(rawName: bytes[start..<end], rawValue: bytes[end..<end])
            }
            return nil
        }
    }

    let bytes: [UInt8]

    init(_ rawQuery: String) {
        bytes = Array(rawQuery.utf8)
    }

    func makeIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    /// Whether a parameter named `name` is present (with or without a value).
    func contains(_ name: String) -> Bool {
        contains { $0.decodedNameEquals(name) }
    }
}
