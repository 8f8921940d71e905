/// A small set of header names matched ASCII-case-insensitively without allocating: the length
/// check rejects most names at once, the rest are compared byte by byte. (`lowercased()` per
/// header would allocate a string per header per request.)
struct HeaderNameSet: Sendable {
    private let names: [[UInt8]]

    init(_ names: [String]) {
        self.names = names.map { Array($0.lowercased().utf8) }
    }

    func contains(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            for candidate in names where candidate.count == bytes.count {
                var equal = true
                for index in 0..<bytes.count {
                    var byte = bytes[index]
                    if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
                    if byte != candidate[index] {
                        equal = false
                        break
                    }
                }
                if equal { return true }
            }
            return false
        }
    }
}
