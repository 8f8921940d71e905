public import AWSSignatureV4
public import Foundation
import NIOConcurrencyHelpers
public import NIOCore

/// The temporary credentials of one IAM role (an integration's `credentials`), as the data plane
/// signs with them: assumed through STS on first use, kept until they expire, and renewed in the
/// background (`AssumedRoles.run()`) once less than `refreshWindow` of their life is left, so a
/// request only waits for STS when there are no valid credentials at all.
///
/// The lock guards a few fields; it is taken once per signed call, never held across I/O.
public final class AssumedRoleCredentials: Sendable {
    /// Renew this long before the expiration.
    static let refreshWindow: TimeInterval = 300
    /// After a failed attempt, further requests fail at once for this long (a broken role must
    /// not turn every request into an STS call).
    static let retryInterval: TimeInterval = 1

    public enum Lookup {
        case ready(AWSCredentials)
        /// Being assumed: the future completes on the loop that asked.
        case loading(EventLoopFuture<AWSCredentials>)
        /// The last attempt failed moments ago (why, for the log).
        case unavailable(String)
    }

    private struct State {
        var session: STSClient.Session?
        var waiters: [EventLoopPromise<AWSCredentials>] = []
        var inFlight = false
        var lastFailure: (at: Date, why: String)?
    }

    public let roleArn: String
    private let loader: AssumedRoles
    private let state = NIOLockedValueBox(State())

    init(roleArn: String, loader: AssumedRoles) {
        self.roleArn = roleArn
        self.loader = loader
    }

    /// Credentials to sign a call made now.
    public func credentials(on loop: any EventLoop, now: Date = Date()) -> Lookup {
        enum Step {
            case answer(Lookup)
            case answerAndLoad(Lookup)
        }
        let step: Step = state.withLockedValue { state in
            if let session = state.session, session.expiration.timeIntervalSince(now) > 10 {
                let renew = session.expiration.timeIntervalSince(now) < Self.refreshWindow && !state.inFlight
                if renew { state.inFlight = true }
                return renew ? .answerAndLoad(.ready(session.credentials)) : .answer(.ready(session.credentials))
            }
            if let failure = state.lastFailure, now.timeIntervalSince(failure.at) < Self.retryInterval, !state.inFlight {
                return .answer(.unavailable(failure.why))
            }
            let promise = loop.makePromise(of: AWSCredentials.self)
            state.waiters.append(promise)
            if state.inFlight { return .answer(.loading(promise.futureResult)) }
            state.inFlight = true
            return .answerAndLoad(.loading(promise.futureResult))
        }
        switch step {
        case .answer(let lookup):
            return lookup
        case .answerAndLoad(let lookup):
            loader.assume(self)
            return lookup
        }
    }

    /// The loader's answer.
    func finished(_ result: Result<STSClient.Session, STSClient.Failure>, now: Date = Date()) {
        let waiters: [EventLoopPromise<AWSCredentials>] = state.withLockedValue { state in
            state.inFlight = false
            switch result {
            case .success(let session):
                state.session = session
                state.lastFailure = nil
            case .failure(let failure):
                state.lastFailure = (now, failure.description)
            }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            switch result {
            case .success(let session): waiter.succeed(session.credentials)
            case .failure(let failure): waiter.fail(failure)
            }
        }
    }
}
