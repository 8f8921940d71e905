import NIOConcurrencyHelpers

/// Every role the deployments name, by ARN (shared across recompiles, so a redeploy keeps the
/// sessions), and the queue of `AssumeRole` calls worked through by `run()`, a service of the
/// process: calls are made off the event loops, at most `queueLength` wait.
public final class AssumedRoles: Sendable {
    static let queueLength = 256

    private let sts: STSClient?
    private let roles = NIOLockedValueBox<[String: AssumedRoleCredentials]>([:])
    private let jobs: AsyncStream<AssumedRoleCredentials>
    private let queue: AsyncStream<AssumedRoleCredentials>.Continuation
    private let log: @Sendable (String) -> Void

    /// `sts`: nil when there is no HTTP client (every role fails).
    public init(sts: STSClient?, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.sts = sts
        self.log = log
        (jobs, queue) = AsyncStream.makeStream(of: AssumedRoleCredentials.self, bufferingPolicy: .bufferingOldest(Self.queueLength))
    }

    /// The role's credentials holder (one per ARN).
    public func role(_ arn: String) -> AssumedRoleCredentials {
        roles.withLockedValue { roles in
            if let known = roles[arn] { return known }
            let made = AssumedRoleCredentials(roleArn: arn, loader: self)
            roles[arn] = made
            return made
        }
    }

    /// Works through the queue until `finish()` (the service group runs it).
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await role in jobs {
                group.addTask { await self.load(role) }
            }
        }
    }

    /// Stops taking calls; waiting requests fail.
    public func finish() { queue.finish() }

    func assume(_ role: AssumedRoleCredentials) {
        guard sts != nil else {
            role.finished(.failure(STSClient.Failure(description: "no HTTP client to call STS with")))
            return
        }
        switch queue.yield(role) {
        case .enqueued: break
        case .dropped, .terminated: role.finished(.failure(STSClient.Failure(description: "too many roles being assumed")))
        @unknown default: role.finished(.failure(STSClient.Failure(description: "AssumeRole refused")))
        }
    }

    private func load(_ role: AssumedRoleCredentials) async {
        guard let sts else { return }
        do {
            let session = try await sts.assumeRole(role.roleArn, sessionName: "portcullis-integration")
            role.finished(.success(session))
        } catch {
            log("the integration role \(role.roleArn) could not be assumed: \(error)")
            role.finished(.failure(error))
        }
    }
}
