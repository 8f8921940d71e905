/// Where a record lives: the path of parent ids above it, such as `[apiId]` for a resource of a
/// REST API, `[apiId, resourceId]` for one of its methods, or ``root`` for top-level records
/// (REST APIs, API keys, usage plans, domain names).
///
/// Parents nest, so that ``StoreWriteTransaction/deleteAll(under:)`` removes a whole subtree
/// (everything stored under an API when the API is deleted) in one statement.
///
/// Segments are compared as UTF-8 bytes (not by Unicode canonical equivalence), the same in every
/// backend. A segment may hold any character except U+0000; it may contain `/`.
public struct StoreParent: Hashable, Sendable, CustomStringConvertible {
    /// The parent ids, outermost first. Empty for ``root``.
    public let segments: [String]

    /// The top level: no parent.
    public static let root = StoreParent(segments: [])

    /// A parent made of the given ids, outermost first: `StoreParent(apiId)`,
    /// `StoreParent(apiId, resourceId)`.
    public init(_ first: String, _ more: String...) {
        self.segments = [first] + more
    }

    /// A parent made of `segments`, outermost first; `[]` is ``root``.
    public init(segments: [String]) {
        self.segments = segments
    }

    /// This parent with one more id below it.
    public func appending(_ segment: String) -> StoreParent {
        StoreParent(segments: self.segments + [segment])
    }

    /// Whether this is ``root``.
    public var isRoot: Bool { self.segments.isEmpty }

    /// Whether `other` is this parent or lies below it.
    public func contains(_ other: StoreParent) -> Bool {
        other.storageKey.utf8.starts(with: self.storageKey.utf8)
    }

    /// The encoding backends store and index: each segment with `%` and `/` percent-escaped, each
    /// followed by `/` (`""` for ``root``, `"abc/"`, `"abc/r1/"`). A parent's descendants are
    /// exactly the records whose storage key starts with its storage key, which a backend can
    /// answer with the index range `[storageKey, ``storageKeyUpperBound``)`.
    public var storageKey: String {
        var key = ""
        for segment in self.segments {
            for character in segment.unicodeScalars {
                switch character {
                case "%": key += "%25"
                case "/": key += "%2F"
                default: key.unicodeScalars.append(character)
                }
            }
            key += "/"
        }
        return key
    }

    /// The smallest storage key greater than every descendant's storage key (the trailing `/`
    /// replaced by `0`, the next byte); `nil` for ``root``, which contains everything.
    public var storageKeyUpperBound: String? {
        let key = self.storageKey
        guard key.hasSuffix("/") else { return nil }
        return String(key.dropLast()) + "0"
    }

    /// Decodes a ``storageKey``.
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when `storageKey` is not such an encoding.
    public init(storageKey: String) throws {
        var segments: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = storageKey.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "/":
                segments.append(String(current))
                current = String.UnicodeScalarView()
            case "%":
                let escape = String(String.UnicodeScalarView([scalars.next(), scalars.next()].compactMap { $0 }))
                switch escape {
                case "25": current.append("%")
                case "2F": current.append("/")
                default:
                    throw GatewayStoreError(code: .corruptRecord, message: "A stored parent key is malformed.")
                }
            default:
                current.append(scalar)
            }
        }
        guard current.isEmpty else {
            throw GatewayStoreError(code: .corruptRecord, message: "A stored parent key is malformed.")
        }
        self.segments = segments
    }

    public var description: String {
        self.isRoot ? "/" : self.segments.joined(separator: "/")
    }

    public static func == (lhs: StoreParent, rhs: StoreParent) -> Bool {
        lhs.segments.count == rhs.segments.count
            && zip(lhs.segments, rhs.segments).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.segments.count)
        for segment in self.segments {
            hasher.combine(segment.utf8.count)
            for byte in segment.utf8 { hasher.combine(byte) }
        }
    }
}
