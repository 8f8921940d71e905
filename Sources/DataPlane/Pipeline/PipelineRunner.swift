/// Runs a method's compiled phases in order, then its integration, and hands the result to
/// `finish`. It runs on the event loop and allocates nothing per phase.
enum PipelineRunner {
    static func run(
        _ exchange: Exchange, method: CompiledMethod, loop: LoopContext,
        finish: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void
    ) {
        runPhases(from: 0, exchange, method, loop, finish)
    }

    private static func runPhases(
        from start: Int, _ exchange: Exchange, _ method: CompiledMethod, _ loop: LoopContext,
        _ finish: @escaping (Result<GatewayHTTPResponse, GatewayError>) -> Void
    ) {
        var index = start
        while index < method.phases.count {
            switch method.phases[index].process(exchange) {
            case .proceed:
                index += 1
            case .respond(let error):
                finish(.failure(error))
                return
            case .suspend(let wait):
                let next = index + 1
                wait { outcome in
                    switch outcome {
                    case .proceed: runPhases(from: next, exchange, method, loop, finish)
                    case .respond(let error): finish(.failure(error))
                    case .suspend:
                        finish(.failure(.configuration(cause: "a phase suspended twice")))
                    }
                }
                return
            }
        }
        method.integration.invoke(exchange, loop: loop, completion: finish)
    }
}
