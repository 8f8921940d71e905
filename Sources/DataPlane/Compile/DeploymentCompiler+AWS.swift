import AWSClients
import GatewayModel
import NIOHTTP1

/// The AWS integrations, compiled once per stage: REST `AWS` (a Lambda function, non-proxy, or
/// an AWS service action or path) and HTTP APIs' first-class integrations (`AWS_PROXY` with an
/// `integrationSubtype`). What AWS would refuse, and what is not built, becomes an integration
/// that answers 500 and a diagnostic.
extension DeploymentCompiler {
    /// A REST integration of type `AWS`.
    func restAWSIntegration(
        _ integration: GatewayModel.Integration, stage: StageSpecification, requestTemplates: RequestTemplates,
        responses: IntegrationResponses, services: AuthorizerServices, where location: String, diagnostics: inout [String]
    ) -> any IntegrationHandler {
        func unavailable(_ reason: String) -> any IntegrationHandler {
            diagnostics.append("\(location): \(reason)")
            return UnavailableIntegration(reason: reason, dialect: .rest)
        }
        guard let uriText = integration.uri else { return unavailable("AWS integration without a uri") }
        let uri: AWSIntegrationURI
        do {
            uri = try AWSIntegrationURI(parsing: uriText, stageVariables: stage.variables)
        } catch {
            return unavailable(error.description)
        }
        let credentials: AWSCredentialSource
        switch Self.credentialSource(integration.credentials, stage: stage, services: services) {
        case .success(let source): credentials = source
        case .failure(let reason): return unavailable(reason.description)
        }
        let timeout = Int64(integration.timeoutInMillis ?? GatewayModel.Integration.defaultTimeoutInMillis)
        let parameters = RestRequestParameters(
            integration.requestParameters, stageVariables: stage.variables, location: location, diagnostics: &diagnostics)
        if uri.service.name == "lambda" {
            guard let function = AuthorizerPhases.function(of: uriText, variables: stage.variables) else {
                return unavailable("the AWS integration's URI \(uriText) names no Lambda function")
            }
            let invoke: LambdaInvokeTarget
            do {
                invoke = try LambdaInvokeTarget(function: function, environment: services.environment)
            } catch {
                return unavailable(error.description)
            }
            for (name, _) in parameters.headers where !["x-amz-invocation-type", "x-amz-client-context"].contains(name.lowercased()) {
                diagnostics.append("\(location): Lambda's Invoke takes no header \(name) (ignored)")
            }
            if case .literal(let type)? = parameters.header("X-Amz-Invocation-Type"), !LambdaIntegration.invocationTypes.contains(type) {
                return unavailable("X-Amz-Invocation-Type '\(type)' is not RequestResponse, Event or DryRun")
            }
            return LambdaIntegration(
                invoke: invoke, requestTemplates: requestTemplates,
                invocationType: parameters.header("X-Amz-Invocation-Type"), clientContext: parameters.header("X-Amz-Client-Context"),
                responses: responses, credentials: credentials, timeoutMilliseconds: timeout,
                requestContentHandling: contentHandling(integration.contentHandling, where: location, diagnostics: &diagnostics))
        }
        guard let methodText = integration.httpMethod?.uppercased(), methodText != "ANY" else {
            return unavailable("an AWS integration needs its httpMethod (the method of the service call)")
        }
        let method = HTTPMethod(rawValue: methodText)
        let target: AWSServiceTarget
        do {
            let hostPrefix = uri.subdomain.map { "\($0).\(uri.service.name)" }
            target = try AWSServiceTarget(service: uri.service, region: uri.region, environment: services.environment, hostPrefix: hostPrefix)
        } catch {
            return unavailable(error.description)
        }
        return AWSServiceIntegration(
            uri: uri, target: target, httpMethod: method, parameters: parameters, requestTemplates: requestTemplates, responses: responses,
            credentials: credentials, timeoutMilliseconds: timeout,
            requestContentHandling: contentHandling(integration.contentHandling, where: location, diagnostics: &diagnostics))
    }

    /// An HTTP API `AWS_PROXY` integration with an `integrationSubtype`.
    func httpAWSSubtypeIntegration(
        _ integration: ApiGatewayV2.Integration, subtypeName: String, stage: StageSpecification, services: AuthorizerServices,
        where location: String, diagnostics: inout [String]
    ) -> any IntegrationHandler {
        func unavailable(_ reason: String) -> any IntegrationHandler {
            diagnostics.append("\(location): \(reason)")
            return UnavailableIntegration(reason: reason, dialect: .http)
        }
        guard let subtype = AWSIntegrationSubtype.named(subtypeName) else {
            return unavailable("integration subtype \(subtypeName) is not one of \(AWSIntegrationSubtype.allNames.joined(separator: ", "))")
        }
        let mapped = integration.requestParameters ?? [:]
        if let problem = subtype.problem(with: mapped.keys) { return unavailable(problem) }
        var parameters: [(name: String, value: ValueTemplate)] = []
        var region = services.environment.region
        for (name, expression) in mapped.sorted(by: { $0.key < $1.key }) {
            guard let value = ValueTemplate(expression, stageVariables: stage.variables) else {
                return unavailable("unsupported value '\(expression)' for the parameter \(name)")
            }
            if name == "Region" {
                guard let literal = value.literal else { return unavailable("Region must be a fixed value (variables in it are not built)") }
                region = literal
                continue
            }
            parameters.append((name, value))
        }
        let credentials: AWSCredentialSource
        switch Self.credentialSource(integration.credentialsArn, stage: stage, services: services) {
        case .success(let source): credentials = source
        case .failure(let reason): return unavailable(reason.description)
        }
        let target: AWSServiceTarget
        do {
            target = try AWSServiceTarget(service: subtype.service, region: region, environment: services.environment, hostPrefix: subtype.hostPrefix)
        } catch {
            return unavailable(error.description)
        }
        return AWSSubtypeIntegration(
            subtype: subtype, parameters: parameters, target: target, credentials: credentials,
            timeoutMilliseconds: Int64(integration.timeoutInMillis ?? ApiGatewayV2.Integration.defaultTimeoutInMillis))
    }

    struct CredentialsProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// Whose credentials sign: the process's when `credentials` is empty, the role an IAM role
    /// ARN names (stage variables resolved). `arn:aws:iam::*:user/*` (the caller's own
    /// credentials) is not built yet.
    static func credentialSource(
        _ credentials: String?, stage: StageSpecification, services: AuthorizerServices
    ) -> Result<AWSCredentialSource, CredentialsProblem> {
        guard let credentials, !credentials.isEmpty else { return .success(.process(services.environment.credentials)) }
        let arn: String
        do {
            arn = try IntegrationURI.substituteStageVariables(credentials, stage.variables)
        } catch {
            return .failure(CredentialsProblem(description: "credentials \(credentials): \(error.reason)"))
        }
        if arn == "arn:aws:iam::*:user/*" {
            return .failure(CredentialsProblem(description: "calling with the caller's credentials (arn:aws:iam::*:user/*) is not built yet"))
        }
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "iam", fields[5].hasPrefix("role/"), fields[5].count > 5 else {
            return .failure(CredentialsProblem(description: "credentials \(arn) is not an IAM role ARN"))
        }
        return .success(.role(services.roles.role(arn)))
    }
}

extension ValueTemplate {
    /// The value when the template has no variables.
    var literal: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        return nil
    }
}
