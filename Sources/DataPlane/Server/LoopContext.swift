public import Logging
public import NIOCore

/// What one event loop owns: the gateway it currently serves, its upstream pool, its id
/// generator, its cached `Date` header. Touched only on that loop, so nothing here needs a lock.
public final class LoopContext {
    public let eventLoop: any EventLoop
    public internal(set) var gateway: CompiledGateway
    let upstreams: UpstreamConnectionPool
    var identifiers = RequestIdentifiers()
    /// Draws the canary split (`CanarySplit`): one generator per loop, so no lock.
    var canaryRandom = CanaryRandom()
    let logger: Logger
    private var cachedDateSecond: Int64 = -1
    private var cachedDate = ""

    init(eventLoop: any EventLoop, gateway: CompiledGateway, upstreams: UpstreamConnectionPool, logger: Logger) {
        self.eventLoop = eventLoop
        self.gateway = gateway
        self.upstreams = upstreams
        self.logger = logger
    }

    /// The IMF-fixdate for `Date`, formatted once a second.
    func dateHeader(epochMilliseconds: Int64) -> String {
        let second = epochMilliseconds / 1000
        if second != cachedDateSecond {
            cachedDateSecond = second
            cachedDate = HTTPDate.format(epochSeconds: second)
        }
        return cachedDate
    }
}

/// RFC 9110 IMF-fixdate: `Tue, 25 Nov 2026 00:45:00 GMT`.
enum HTTPDate {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(epochSeconds: Int64) -> String {
        let c = CivilTime(epochSeconds: epochSeconds)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[c.weekday]), \(pad(c.day)) \(months[c.month - 1]) \(c.year) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) GMT"
    }
}

extension LoopContext {
    /// A loop context of its own for `gateway` on `eventLoop`, with an upstream pool of its own:
    /// for running the pipeline outside a server (benchmarks of the phases and observers).
    public static func standalone(eventLoop: any EventLoop, gateway: CompiledGateway, logger: Logger) -> LoopContext {
        LoopContext(
            eventLoop: eventLoop, gateway: gateway, upstreams: UpstreamConnectionPool(eventLoop: eventLoop, tls: UpstreamTLSContexts()),
            logger: logger)
    }
}
