import Hummingbird
import NIOCore

/// Hummingbird's request context with the client's address, which the audit trail records
/// (CloudTrail's `sourceIPAddress`).
struct ManagementRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection the request came on.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
