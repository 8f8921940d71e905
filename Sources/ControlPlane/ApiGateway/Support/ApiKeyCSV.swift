/// The CSV format of `ImportApiKeys` (AWS's "API key file format"): a header line naming the
/// columns `Name`, `Key`, `Description`, `Enabled` and `UsagePlanIds` (case-insensitive, any
/// order; `Key` required), then one key per line. Fields may be double-quoted; usage plan ids are
/// separated by `;` or whitespace inside their field.
enum ApiKeyCSV {
    struct Row: Sendable, Hashable {
        var name: String?
        var key: String?
        var description: String?
        var enabled: Bool
        var usagePlanIds: [String]
    }

    static func parse(_ text: String) throws(ManagementError) -> [Row] {
        var lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        guard !lines.isEmpty else { throw .badRequest("Invalid API keys file: it is empty") }
        let header = fields(lines.removeFirst()).map { $0.lowercased() }
        guard let keyColumn = header.firstIndex(of: "key") else {
            throw .badRequest("Invalid API keys file: the header must name a Key column")
        }
        func column(_ name: String, _ row: [String]) -> String? {
            guard let index = header.firstIndex(of: name), index < row.count else { return nil }
            let value = row[index]
            return value.isEmpty ? nil : value
        }
        return lines.map { line in
            let row = fields(line)
            return Row(
                name: column("name", row), key: keyColumn < row.count && !row[keyColumn].isEmpty ? row[keyColumn] : nil,
                description: column("description", row), enabled: column("enabled", row)?.lowercased() == "true",
                usagePlanIds: (column("usageplanids", row) ?? "").split { $0 == ";" || $0 == " " || $0 == "|" }.map(String.init))
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingSpaces())
        return fields
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
