public import NIOCore
public import NIOHTTP1
public import Logging

/// One request run through the whole pipeline of a compiled gateway on one event loop, in
/// process and without a socket: what the management API's `TestInvokeMethod` does with the
/// API's current definition compiled as a stage of its own.
public enum TestInvocation {
    /// What the run answered, with the execution log lines its trace recorded (every line the
    /// stage's logging setting keeps, since a test invocation logs at INFO with data trace).
    public struct Outcome: Sendable {
        public var response: GatewayHTTPResponse
        public var requestId: String?
        public var lines: [ExecutionTrace.Line]

        /// The execution log as `TestInvokeMethod`'s `log` gives it: a heading, then each line
        /// stamped `Mon Dec 07 09:40:00 UTC 2026 : …`. The usage plan lines before `Starting
        /// execution` are left out, as a test invocation skips API keys and usage plans.
        public var log: String {
            let start = lines.firstIndex { $0.text.hasPrefix("Starting execution for request") } ?? 0
            var text = "Execution log for request \(requestId ?? "")\n"
            for line in lines[start...] {
                text += Self.stamp(line.timestamp) + " : " + line.text + "\n"
            }
            return text
        }

        /// `Mon Dec 07 09:40:00 UTC 2026`, AWS's stamp of test invocation log lines.
        public static func stamp(_ milliseconds: Int64) -> String {
            let c = CivilTime(epochSeconds: milliseconds / 1000)
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(HTTPDate.days[c.weekday]) \(HTTPDate.months[c.month - 1]) \(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) UTC \(c.year)"
        }
    }

    /// Runs `head` and `body` through `gateway` on `loop`. The integration's own timeout bounds
    /// the run; the loop's upstream connections are closed once the answer is in, since the
    /// gateway serves this one request only.
    public static func run(
        head: HTTPRequestHead, body: ByteBuffer?, gateway: CompiledGateway, on loop: any EventLoop, logger: Logger
    ) -> EventLoopFuture<Outcome> {
        let promise = loop.makePromise(of: Outcome.self)
        loop.execute {
            let context = LoopContext.standalone(eventLoop: loop, gateway: gateway, logger: logger)
            let incoming = IncomingRequest(
                head: head, body: body, sourceIp: "test-invoke-source-ip", localPort: 443, isSecure: true,
                receivedAtMilliseconds: WallClock.nowMilliseconds())
            func finish(_ result: PipelineResult) {
                context.upstreams.closeAll()
                promise.succeed(
                    Outcome(
                        response: result.response, requestId: result.exchange?.context.requestId,
                        lines: result.exchange?.trace?.loggedLines ?? []))
            }
            switch RequestPipeline.resolve(incoming, loop: context) {
            case .exchange(let exchange): RequestPipeline.run(exchange, loop: context, finish: finish)
            case .answered(let answered): finish(answered)
            }
        }
        return promise.futureResult
    }
}
