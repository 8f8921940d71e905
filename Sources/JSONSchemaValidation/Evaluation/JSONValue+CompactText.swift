import JSON

extension JSONValue {
    /// Compact JSON text for messages, cut at about `limit` characters with `…`. Integral numbers
    /// print without a fraction (`3`, not `3.0`).
    func compactText(limit: Int) -> String {
        let text = JSONWriter.compact(self)
        if text.count > limit { return String(text.prefix(limit)) + "…" }
        return text
    }
}
