extension GatewayHTTPResponse {
    /// The answer with the `X-Amzn-Trace-Id` the integration made for its call: REST answers of
    /// AWS and AWS_PROXY integrations carry it, as AWS's do.
    func traced(_ exchange: Exchange) -> GatewayHTTPResponse {
        guard let trace = exchange.context.xrayTraceId else { return self }
        var response = self
        response.headers.replaceOrAdd(name: "X-Amzn-Trace-Id", value: trace)
        return response
    }
}
