/// A JSONPath naming one value of a document: `$`, `$.info.title`,
/// `$.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].type`, `$.servers[0].url`.
/// Keys that are plain identifiers use dot notation, others the quoted bracket notation.
struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    private(set) var description: String

    static let root = JSONPath(description: "$")

    private init(description: String) {
        self.description = description
    }

    func key(_ key: String) -> JSONPath {
        if Self.isIdentifier(key) {
            return JSONPath(description: description + "." + key)
        }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return JSONPath(description: description + "['" + escaped + "']")
    }

    func index(_ index: Int) -> JSONPath {
        JSONPath(description: description + "[\(index)]")
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        guard first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
        }
    }
}
