/// The phases of a request, in AWS's order. This file is the one place that declares it;
/// `PipelineOrderTests` pins it. (We say *phase*, never *stage*: a stage is an API resource.)
///
/// ```
///  endpoint → resourcePolicy → waf → route → authorizer → apiKey → throttle → requestValidation
///  → integrationRequest → cache → integration → integrationResponse → gatewayResponse → afterWrite
/// ```
public enum PhaseKind: String, Sendable, CaseIterable, Comparable {
    /// Host and base path, `{apiId}.execute-api.*`, `/restapis/{id}/{stage}/_user_request_/`: API and stage.
    case endpoint
    /// REST resource policies (source IP, VPC endpoint, principals).
    case resourcePolicy
    /// WAF web ACL: IP sets, rate-based rules, managed rule groups.
    case waf
    /// REST resource tree or HTTP API route keys.
    case route
    /// NONE, AWS_IAM, Cognito/JWT, Lambda TOKEN/REQUEST.
    case authorizer
    /// REST API keys in a usage plan for the stage.
    case apiKey
    /// Usage-plan, method, stage and account token buckets; quotas.
    case throttle
    /// Required parameters and JSON Schema models.
    case requestValidation
    /// Parameter mapping, mapping templates, passthrough behaviour.
    case integrationRequest
    /// REST stage cache.
    case cache
    /// MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY.
    case integration
    /// Selection patterns, response templates, header mapping.
    case integrationResponse
    /// Every failure rendered as its gateway-response type.
    case gatewayResponse
    /// Access log, metrics, trace span: once, after the response is written.
    case afterWrite

    /// AWS's order.
    public static let order: [PhaseKind] = allCases

    /// The phases this build implements. The others are absent from compiled pipelines, not
    /// faked; `docs/aws-compatibility.md` lists them as *not yet*.
    public static let implemented: Set<PhaseKind> = [
        .endpoint, .route, .requestValidation, .integrationRequest, .cache, .integration, .integrationResponse, .gatewayResponse,
    ]

    public static func < (lhs: PhaseKind, rhs: PhaseKind) -> Bool {
        order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!  // safe: every case is in `order`
    }
}
