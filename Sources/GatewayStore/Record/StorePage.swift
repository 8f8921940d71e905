/// One page of a listing, ordered by id (UTF-8 byte order, the same in every backend).
public struct StorePage<Element> {
    /// The records of this page, at most the requested limit.
    public var items: [Element]
    /// The id to pass as `after` to fetch the next page; `nil` when this is the last page.
    public var nextAfter: String?

    /// A page.
    public init(items: [Element], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }

    /// The page with each item transformed.
    public func map<Other>(_ transform: (Element) throws -> Other) rethrows -> StorePage<Other> {
        StorePage<Other>(items: try self.items.map(transform), nextAfter: self.nextAfter)
    }
}

extension StorePage: Sendable where Element: Sendable {}

extension StorePage {
    /// Checks a page size: `nil` (everything) or at least 1.
    /// Backends call this so that every backend reports the same error.
    /// - Throws: ``GatewayStoreError/Code/invalidArgument``.
    public static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 1 {
            throw GatewayStoreError.invalidArgument("A page limit must be at least 1.")
        }
    }
}
