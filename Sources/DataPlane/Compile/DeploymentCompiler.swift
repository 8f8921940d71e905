import AWSClients
public import GatewayModel
import NIOHTTP1

/// A stage to serve: its name, the deployment it points at, and its variables.
public struct StageSpecification: Sendable, Hashable {
    public var name: String
    public var deploymentId: String
    public var variables: [String: String]

    public init(name: String, deploymentId: String, variables: [String: String] = [:]) {
        self.name = name
        self.deploymentId = deploymentId
        self.variables = variables
    }
}

/// An API snapshot and the stages that serve it.
public struct ServedApi: Sendable {
    public var definition: ApiDefinition
    public var stages: [StageSpecification]

    public init(definition: ApiDefinition, stages: [StageSpecification]) {
        self.definition = definition
        self.stages = stages
    }
}

/// Builds the immutable `CompiledGateway` from deployments: routers, integrations with their URIs,
/// mappings, templates and selection patterns — everything parsed here, once, so that a request
/// only reads. Problems AWS would report at invocation become integrations that answer 500 and a
/// diagnostic for the log.
public struct DeploymentCompiler: Sendable {
    public init() {}

    /// Compiles `served` (documents given to `portcullis serve`, tests): each stage as a plain
    /// stage record with its variables. See ``compile(_:shortAddressApiIds:reusing:)``.
    public func compile(_ served: [ServedApi], shortAddressApiIds: [String] = []) -> CompiledGateway {
        var stages: [DeployedStage] = []
        for api in served {
            for stage in api.stages {
                let variables = stage.variables.isEmpty ? nil : stage.variables
                let settings: StageSettings
                switch api.definition {
                case .rest: settings = .rest(Stage(stageName: stage.name, deploymentId: stage.deploymentId, variables: variables))
                case .http:
                    settings = .http(ApiGatewayV2.Stage(stageName: stage.name, deploymentId: stage.deploymentId, stageVariables: variables))
                }
                stages.append(DeployedStage(definition: api.definition, deploymentId: stage.deploymentId, settings: settings))
            }
        }
        return compile(GatewaySnapshot(stages: stages), shortAddressApiIds: shortAddressApiIds)
    }

    /// Compiles everything the data plane reads. A stage whose deployment, canary and stage record
    /// are those `previous` compiled is reused as it is, so a change recompiles only what it
    /// touched. Stages of the same API are gathered under it; a later stage of the same name wins.
    /// `shortAddressApiIds`: see ``CompiledGateway/shortAddressApis``.
    /// `identities`: who may sign `AWS_IAM` requests (process configuration).
    /// `authorizers`: the key sets, token caches and clients of Cognito, JWT and Lambda authorizers.
    /// `caches`: the REST stage caches, kept across compiles (pass the same one every time).
    public func compile(
        _ snapshot: GatewaySnapshot, shortAddressApiIds: [String] = [], reusing previous: CompiledGateway? = nil,
        identities: CompiledIdentities = .none, authorizers: AuthorizerServices = .none,
        observers: (any AfterWriteObserverFactory)? = nil, caches: StageCaches = StageCaches(), tracing: TracingPolicy = .standard
    ) -> CompiledGateway {
        var diagnostics: [String] = []
        var apis: [String: CompiledApi] = [:]
        var order: [String] = []
        var reused = 0
        let clientCertificates = CompiledClientCertificates.compile(
            snapshot.clientCertificates, previous: previous?.clientCertificates, diagnostics: &diagnostics)
        for deployed in snapshot.stages {
            let apiId = deployed.apiId
            let name = deployed.settings.stageName
            let old = previous?.apis[apiId]?.stages[name]
            // Either variant of the stage compiled before may serve as either now: after a
            // promotion the old canary is the new primary.
            // A stage presenting a client certificate compiled anew is compiled anew with it.
            let certificate = clientCertificates.certificate(for: deployed.settings)
            if certificate == nil, let missing = CompiledClientCertificates.id(in: deployed.settings) {
                diagnostics.append("\(apiId)/\(name): client certificate \(missing) does not exist; HTTPS integrations present none")
            }
            let sameCertificate = certificate === previous?.clientCertificates.certificate(for: deployed.settings)
            let reusable = sameCertificate ? [old, old?.canary?.stage].compactMap { $0 } : []
            let services = AuthorizerPhases(services: authorizers, identities: identities)
            let fingerprint = StageFingerprint(deployed)
            var stage: CompiledStage
            if let found = reusable.first(where: { $0.fingerprint == fingerprint }) {
                stage = found
                stage.isCanary = false
                reused += 1
            } else {
                stage = compileStage(
                    deployed.definition, fingerprint, identities: identities, authorizers: services, clientCertificate: certificate,
                    tracing: tracing)
            }
            // The primary keeps the whole record (canary settings included) for the phases to read.
            stage.settings = deployed.settings
            stage.canary = nil
            if let canary = deployed.canary, let canaryFingerprint = StageFingerprint(canaryOf: deployed),
                case .rest(let record) = deployed.settings
            {
                var variant: CompiledStage
                if let found = reusable.first(where: { $0.fingerprint == canaryFingerprint }) {
                    variant = found
                    reused += 1
                } else {
                    variant = compileStage(
                        canary.definition, canaryFingerprint, identities: identities, authorizers: services, clientCertificate: certificate,
                        tracing: tracing)
                }
                variant.isCanary = true
                variant.canary = nil
                variant.settings = canaryFingerprint.settings
                let settings = record.canarySettings
                stage.canary = CompiledCanary(
                    stage: variant, split: CanarySplit(percentTraffic: settings?.percentTraffic ?? 0),
                    useStageCache: settings?.useStageCache ?? false)
                diagnostics += variant.diagnostics
            }
            caches.attach(&stage, for: deployed)
            diagnostics += stage.diagnostics
            var stages = apis[apiId]?.stages ?? [:]
            stages[name] = stage
            let kind: ApiKind
            let disabled: Bool
            switch deployed.definition {
            case .rest(let frozen):
                kind = .rest
                disabled = frozen.api.disableExecuteApiEndpoint ?? false
            case .http(let frozen):
                kind = .http
                disabled = frozen.api.disableExecuteApiEndpoint ?? false
            }
            if apis[apiId] == nil { order.append(apiId) }
            apis[apiId] = CompiledApi(apiId: apiId, name: deployed.definition.name, kind: kind, stages: stages, executeApiEndpointDisabled: disabled)
        }
        caches.retain(Set(snapshot.stages.map { $0.apiId + "/" + $0.settings.stageName }))
        let customDomains = CompiledDomains.compile(snapshot.domains, apis: apis, diagnostics: &diagnostics)
        let compiled = order.compactMap { apis[$0] }
        return CompiledGateway(
            apis: compiled, diagnostics: diagnostics, shortAddressApiIds: shortAddressApiIds,
            observers: observers?.makeObservers(for: compiled) ?? [],
            usagePlans: CompiledUsagePlans(snapshot.usagePlans, previous: previous?.usagePlans), domains: snapshot.domains,
            customDomains: customDomains, reusedStages: reused, identities: identities, clientCertificates: clientCertificates)
    }

    /// One variant of a stage (its deployment and the stage record as it sees it), with the
    /// diagnostics of its compilation.
    private func compileStage(
        _ definition: ApiDefinition, _ fingerprint: StageFingerprint, identities: CompiledIdentities, authorizers: AuthorizerPhases,
        clientCertificate: UpstreamClientCertificate? = nil, tracing: TracingPolicy
    ) -> CompiledStage {
        var diagnostics: [String] = []
        let settings = fingerprint.settings
        let specification = StageSpecification(name: settings.stageName, deploymentId: fingerprint.deploymentId, variables: fingerprint.variables)
        var stage: CompiledStage
        switch definition {
        case .rest(let frozen):
            stage = compileRest(
                frozen, stage: specification, settings: settings, identities: identities, authorizers: authorizers,
                clientCertificate: clientCertificate, diagnostics: &diagnostics)
        case .http(let frozen):
            stage = compileHttp(frozen, stage: specification, settings: settings, authorizers: authorizers, diagnostics: &diagnostics)
        }
        stage.settings = settings
        stage.fingerprint = fingerprint
        stage.executionLogging = ExecutionLogging.compile(settings)
        stage.tracing = tracing.sampling(for: settings)
        stage.diagnostics = diagnostics
        return stage
    }

    /// The guards `definition` declares that this build refuses to serve open (authorizers, until
    /// their phases exist), one message per method or route, naming it.
    public static func unenforcedGuards(in definition: ApiDefinition) -> [String] {
        var messages: [String] = []
        let authorizers = AuthorizerPhases(services: .none)
        switch definition {
        case .rest(let snapshot):
            for case let refusal as UnenforcedGuardPhase in restStagePhases(snapshot, settings: nil, identities: .none) {
                messages.append("the API: \(refusal.reason)")
            }
            for resource in snapshot.resources.sorted(by: { $0.path < $1.path }) {
                for (verb, method) in (resource.resourceMethods ?? [:]).sorted(by: { $0.key < $1.key }) {
                    for case let refusal as UnenforcedGuardPhase in authorizers.rest(method, authorizers: snapshot.authorizers ?? []) {
                        messages.append("\(verb.uppercased()) \(resource.path): \(refusal.reason)")
                    }
                }
            }
        case .http(let snapshot):
            for route in snapshot.routes.sorted(by: { $0.routeKey < $1.routeKey }) {
                for case let refusal as UnenforcedGuardPhase in authorizers.http(route, authorizers: snapshot.authorizers ?? []) {
                    messages.append("\(route.routeKey): \(refusal.reason)")
                }
            }
        }
        return messages
    }

    // MARK: REST

    private func compileRest(
        _ snapshot: RestApiSnapshot, stage: StageSpecification, settings: StageSettings, identities: CompiledIdentities,
        authorizers: AuthorizerPhases, clientCertificate: UpstreamClientCertificate?, diagnostics: inout [String]
    ) -> CompiledStage {
        var methodSettings: [String: MethodSetting] = [:]
        if case .rest(let record) = settings { methodSettings = record.methodSettings ?? [:] }
        var builder = PathRouter<MethodTable>.Builder()
        let apiId = snapshot.api.id
        let stagePhases = Self.restStagePhases(snapshot, settings: settings, identities: identities)
        let defersPolicy = stagePhases.contains { ($0 as? ResourcePolicyPhase)?.defersDenials == true }
        let binaryMediaTypes = BinaryMediaTypes(snapshot.api.binaryMediaTypes)
        // Request validation: each model compiled once for the whole deployment.
        var models = RequestModels(snapshot)
        for resource in snapshot.resources {
            let template: PathTemplate
            do {
                template = try PathTemplate(parsing: resource.path)
            } catch {
                diagnostics.append("\(apiId) \(resource.path): \(error)")
                continue
            }
            var table = MethodTable()
            for (verb, method) in resource.resourceMethods ?? [:] {
                let where_ = "\(apiId)/\(stage.name) \(verb) \(resource.path)"
                let integration = compileRestIntegration(
                    method.methodIntegration, apiId: apiId, stage: stage, binaryMediaTypes: binaryMediaTypes, services: authorizers.services,
                    clientCertificate: clientCertificate, where: where_, diagnostics: &diagnostics)
                var phases = authorizers.rest(method, authorizers: snapshot.authorizers ?? [], apiId: apiId, stage: stage)
                for case let refusal as UnenforcedGuardPhase in phases { diagnostics.append("\(where_): \(refusal.reason)") }
                // Methods that are not AWS_IAM get the resource policy's verdict for an anonymous
                // caller (the IAM phase judges AWS_IAM callers with their identity).
                if defersPolicy, method.authorizationType?.uppercased() != "AWS_IAM" {
                    phases.insert(ResourcePolicyAuthorizationPhase(), at: 0)
                }
                if method.apiKeyRequired == true {
                    let source: ApiKeyPhase.Source = snapshot.api.apiKeySource?.uppercased() == "AUTHORIZER" ? .authorizer : .header
                    phases.append(ApiKeyPhase(apiId: apiId, stage: stage.name, source: source))
                }
                // Method settings name a method `pets/GET` (the resource path without its first `/`).
                let settingKey = String(resource.path.dropFirst()) + "/" + verb.uppercased()
                let limits = methodSettings[settingKey] ?? methodSettings["*/*"]
                phases.append(
                    ThrottlePhase(
                        apiId: apiId, stage: stage.name, method: settingKey,
                        methodBucket: ThrottlePhase.methodBucket(rate: limits?.throttlingRateLimit, burst: limits?.throttlingBurstLimit),
                        dialect: .rest))
                if let validation = RequestValidationPhase.compile(
                    method, validators: snapshot.requestValidators ?? [], models: &models, where: where_, diagnostics: &diagnostics)
                {
                    phases.append(validation)
                }
                let cache = CachePhase.compile(
                    resourceId: resource.id, resourcePath: resource.path, verb: verb.uppercased(), integration: method.methodIntegration,
                    methodSettings: methodSettings, stageVariables: stage.variables, where: where_, diagnostics: &diagnostics)
                table.methods[verb.uppercased()] = CompiledMethod(
                    resourceId: resource.id, resourcePath: resource.path, httpMethod: verb.uppercased(), routeKey: "",
                    parameterNames: template.parameterNames, phases: phases, integration: integration, cache: cache)
            }
            if !table.methods.isEmpty {
                builder.add(template, table) { $0.merged(with: $1) }
            }
        }
        for case let refusal as UnenforcedGuardPhase in stagePhases { diagnostics.append("\(apiId)/\(stage.name): \(refusal.reason)") }
        let gatewayResponses = CompiledGatewayResponses(
            snapshot.gatewayResponses, stageVariables: stage.variables, location: "\(apiId)/\(stage.name)", diagnostics: &diagnostics)
        return CompiledStage(
            apiId: apiId, kind: .rest, name: stage.name, deploymentId: stage.deploymentId, variables: stage.variables,
            router: builder.build(), defaultRoute: nil, phases: stagePhases, binaryMediaTypes: binaryMediaTypes,
            gatewayResponses: gatewayResponses)
    }

    /// A REST stage's phases before routing: the resource policy and private endpoint, or a
    /// refusal when the engine cannot judge the policy, and a refusal for every stage guard not
    /// enforced yet.
    static func restStagePhases(_ snapshot: RestApiSnapshot, settings: StageSettings?, identities: CompiledIdentities) -> [any RequestPhase] {
        var phases: [any RequestPhase] = []
        switch ResourcePolicyPhase.compile(
            snapshot, region: identities.region, accountId: identities.accountId, privateEndpoints: identities.privateEndpoints)
        {
        case .none: break
        case .phase(let phase): phases.append(phase)
        case .refused(let reason): phases.append(UnenforcedGuardPhase(kind: .resourcePolicy, reason: reason, dialect: .rest))
        }
        for (kind, reason) in UnenforcedGuardPhase.stageGuards(settings: settings) {
            phases.append(UnenforcedGuardPhase(kind: kind, reason: reason, dialect: .rest))
        }
        return phases
    }

    private func compileRestIntegration(
        _ integration: GatewayModel.Integration?, apiId: String, stage: StageSpecification, binaryMediaTypes: BinaryMediaTypes,
        services: AuthorizerServices, clientCertificate: UpstreamClientCertificate?, where location: String, diagnostics: inout [String]
    ) -> any IntegrationHandler {
        guard let integration else {
            diagnostics.append("\(location): no integration defined for the method")
            return UnavailableIntegration(reason: "no integration defined for the method", dialect: .rest)
        }
        let requestTemplates = RequestTemplates(
            integration.requestTemplates, passthrough: integration.passthroughBehavior, where: location, diagnostics: &diagnostics)
        let responses = compileIntegrationResponses(integration.integrationResponses, stage: stage, where: location, diagnostics: &diagnostics)
        switch integration.type {
        case .mock:
            var codes: [String: Int] = [:]
            // Static templates' status codes are read once here; a Velocity template's come from
            // its output per request (so `#if` can choose them).
            for (contentType, template) in requestTemplates.templates {
                guard case .text(let text) = template else { continue }
                if let code = MockIntegration.statusCode(in: String(buffer: text)) {
                    codes[contentType] = code
                } else {
                    diagnostics.append("\(location): the MOCK request template for \(contentType) has no statusCode")
                }
            }
            return MockIntegration(requestTemplates: requestTemplates, staticStatusCodes: codes, responses: responses)
        case .http, .httpProxy:
            guard let uriText = integration.uri else {
                diagnostics.append("\(location): HTTP integration without a uri")
                return UnavailableIntegration(reason: "HTTP integration without a uri", dialect: .rest)
            }
            let uri: IntegrationURI
            do {
                uri = try IntegrationURI(
                    parsing: uriText, stageVariables: stage.variables,
                    skipCertificateVerification: integration.tlsConfig?.insecureSkipVerification ?? false,
                    clientCertificate: clientCertificate)
            } catch {
                diagnostics.append("\(location): \(error)")
                return UnavailableIntegration(reason: error.description, dialect: .rest)
            }
            let parameters = RestRequestParameters(
                integration.requestParameters, stageVariables: stage.variables, location: location, diagnostics: &diagnostics)
            let method = integration.httpMethod.flatMap { $0.uppercased() == "ANY" ? nil : HTTPMethod(rawValue: $0.uppercased()) }
            let timeout = Int64(integration.timeoutInMillis ?? GatewayModel.Integration.defaultTimeoutInMillis)
            var http = HTTPIntegration(
                mode: integration.type == .httpProxy ? .restProxy : .restCustom, uri: uri, httpMethod: method,
                timeoutMilliseconds: timeout, apiId: apiId, pathMappings: parameters.path, queryMappings: parameters.query,
                headerMappings: parameters.headers, requestTemplates: requestTemplates, responses: responses, parameterMapping: nil)
            if integration.type == .http {
                http.requestContentHandling = contentHandling(integration.contentHandling, where: location, diagnostics: &diagnostics)
            }
            return http
        case .awsProxy:
            return lambdaProxy(
                .rest, uri: integration.uri, stage: stage, services: services, binaryMediaTypes: binaryMediaTypes,
                timeout: integration.timeoutInMillis ?? GatewayModel.Integration.defaultTimeoutInMillis, where: location,
                diagnostics: &diagnostics)
        case .aws:
            return restAWSIntegration(
                integration, stage: stage, requestTemplates: requestTemplates, responses: responses, services: services, where: location,
                diagnostics: &diagnostics)
        default:
            let reason = "integration type \(integration.type) is not built yet"
            diagnostics.append("\(location): \(reason)")
            return UnavailableIntegration(reason: reason, dialect: .rest)
        }
    }

    /// An AWS_PROXY integration: the function its URI names, with the stage's variables (a
    /// URI that names none answers 500, as AWS does at invocation).
    private func lambdaProxy(
        _ format: LambdaProxyIntegration.Format, uri: String?, stage: StageSpecification, services: AuthorizerServices,
        binaryMediaTypes: BinaryMediaTypes, timeout: Int, where location: String, diagnostics: inout [String]
    ) -> any IntegrationHandler {
        let dialect: ApiDialect = format == .rest ? .rest : .http
        guard let function = AuthorizerPhases.function(of: uri ?? "", variables: stage.variables) else {
            let reason = "the AWS_PROXY integration's URI \(uri ?? "(none)") names no Lambda function"
            diagnostics.append("\(location): \(reason)")
            return UnavailableIntegration(reason: reason, dialect: dialect)
        }
        let invoke: LambdaInvokeTarget
        do {
            invoke = try LambdaInvokeTarget(function: function, environment: services.environment)
        } catch {
            diagnostics.append("\(location): \(error)")
            return UnavailableIntegration(reason: error.description, dialect: dialect)
        }
        if services.environment.credentials == nil { diagnostics.append("\(location): no AWS credentials to invoke Lambda with: calls answer 500") }
        return LambdaProxyIntegration(
            format: format, invoke: invoke, credentials: .process(services.environment.credentials), timeoutMilliseconds: Int64(timeout),
            binaryMediaTypes: binaryMediaTypes)
    }

    private func compileIntegrationResponses(
        _ responses: [String: IntegrationResponse]?, stage: StageSpecification, where location: String, diagnostics: inout [String]
    ) -> IntegrationResponses {
        var entries: [IntegrationResponses.Entry] = []
        var defaultEntry: IntegrationResponses.Entry?
        for (key, response) in (responses ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let code = Int(response.statusCode), (100...599).contains(code) else {
                diagnostics.append("\(location): integration response \(key) has an invalid status code")
                continue
            }
            var headers: [(name: String, source: MappingSource)] = []
            for (target, expression) in (response.responseParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let name = target.dropPrefix("method.response.header."), HeaderValue.isValidName(name) else {
                    diagnostics.append("\(location): unsupported response mapping target '\(target)' (ignored)")
                    continue
                }
                guard let source = MappingSource.parse(expression, stageVariables: stage.variables) else {
                    diagnostics.append("\(location): unsupported mapping expression '\(expression)' (ignored)")
                    continue
                }
                guard source.isSafeForHeaders else {
                    diagnostics.append("\(location): the value of \(target) has a line break (ignored)")
                    continue
                }
                headers.append((name, source))
            }
            let templates = MappingTemplate.compile(
                response.responseTemplates, kind: "response \(key)", where: location, diagnostics: &diagnostics)
            let patternText = response.selectionPattern.flatMap { $0.isEmpty ? nil : $0 }
            var pattern: SelectionPattern?
            if let patternText {
                do {
                    pattern = try SelectionPattern(patternText)
                } catch {
                    diagnostics.append("\(location): invalid selectionPattern '\(patternText)': \(error)")
                    continue
                }
            }
            var entry = IntegrationResponses.Entry(
                selectionPattern: patternText, pattern: pattern, status: HTTPResponseStatus(statusCode: code),
                headers: headers, templates: templates)
            entry.contentHandling = contentHandling(response.contentHandling, where: location, diagnostics: &diagnostics)
            if pattern == nil { defaultEntry = entry } else { entries.append(entry) }
        }
        return IntegrationResponses(entries: entries, defaultEntry: defaultEntry)
    }

    // MARK: HTTP APIs

    private func compileHttp(
        _ snapshot: ApiGatewayV2.ApiSnapshot, stage: StageSpecification, settings: StageSettings, authorizers: AuthorizerPhases,
        diagnostics: inout [String]
    ) -> CompiledStage {
        var routeSettings: [String: ApiGatewayV2.RouteSettings] = [:]
        var defaultRouteSettings: ApiGatewayV2.RouteSettings?
        if case .http(let record) = settings {
            routeSettings = record.routeSettings ?? [:]
            defaultRouteSettings = record.defaultRouteSettings
        }
        let apiId = snapshot.api.apiId
        var integrations: [String: ApiGatewayV2.Integration] = [:]
        for integration in snapshot.integrations { integrations[integration.integrationId] = integration }
        var builder = PathRouter<MethodTable>.Builder()
        var defaultRoute: CompiledMethod?
        for route in snapshot.routes {
            let location = "\(apiId)/\(stage.name) \(route.routeKey)"
            let integration: any IntegrationHandler
            if let id = route.integrationId, let target = integrations[id] {
                integration = compileHttpIntegration(
                    target, apiId: apiId, stage: stage, services: authorizers.services, where: location, diagnostics: &diagnostics)
            } else {
                diagnostics.append("\(location): the route has no integration target")
                integration = UnavailableIntegration(reason: "the route has no integration target", dialect: .http)
            }
            var phases = authorizers.http(route, authorizers: snapshot.authorizers ?? [], apiId: apiId, stage: stage)
            for case let refusal as UnenforcedGuardPhase in phases { diagnostics.append("\(location): \(refusal.reason)") }
            let limits = routeSettings[route.routeKey] ?? defaultRouteSettings
            phases.append(
                ThrottlePhase(
                    apiId: apiId, stage: stage.name, method: route.routeKey,
                    methodBucket: ThrottlePhase.methodBucket(rate: limits?.throttlingRateLimit, burst: limits?.throttlingBurstLimit),
                    dialect: .http))
            if route.routeKey == "$default" {
                defaultRoute = CompiledMethod(
                    resourceId: route.routeId, resourcePath: "$default", httpMethod: "ANY", routeKey: "$default",
                    parameterNames: [], phases: phases, integration: integration)
                continue
            }
            let parts = route.routeKey.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else {
                diagnostics.append("\(location): invalid route key")
                continue
            }
            let template: PathTemplate
            do {
                template = try PathTemplate(parsing: String(parts[1]))
            } catch {
                diagnostics.append("\(location): \(error)")
                continue
            }
            var table = MethodTable()
            table.methods[parts[0].uppercased()] = CompiledMethod(
                resourceId: route.routeId, resourcePath: String(parts[1]), httpMethod: parts[0].uppercased(),
                routeKey: route.routeKey, parameterNames: template.parameterNames, phases: phases, integration: integration)
            builder.add(template, table) { $0.merged(with: $1) }
        }
        return CompiledStage(
            apiId: apiId, kind: .http, name: stage.name, deploymentId: stage.deploymentId, variables: stage.variables,
            router: builder.build(), defaultRoute: defaultRoute, cors: CorsPolicy(snapshot.api.corsConfiguration))
    }

    private func compileHttpIntegration(
        _ integration: ApiGatewayV2.Integration, apiId: String, stage: StageSpecification, services: AuthorizerServices,
        where location: String, diagnostics: inout [String]
    ) -> any IntegrationHandler {
        if integration.integrationType.uppercased() == "AWS_PROXY", let subtype = integration.integrationSubtype {
            return httpAWSSubtypeIntegration(integration, subtypeName: subtype, stage: stage, services: services, where: location, diagnostics: &diagnostics)
        }
        if integration.integrationType.uppercased() == "AWS_PROXY", integration.integrationSubtype == nil {
            return lambdaProxy(
                integration.payloadFormatVersion == "1.0" ? .httpV1 : .httpV2, uri: integration.integrationUri, stage: stage, services: services,
                binaryMediaTypes: .none, timeout: integration.timeoutInMillis ?? ApiGatewayV2.Integration.defaultTimeoutInMillis,
                where: location, diagnostics: &diagnostics)
        }
        guard integration.integrationType.uppercased() == "HTTP_PROXY" else {
            let reason = "integration type \(integration.integrationType) is not built yet"
            diagnostics.append("\(location): \(reason)")
            return UnavailableIntegration(reason: reason, dialect: .http)
        }
        guard let uriText = integration.integrationUri else {
            diagnostics.append("\(location): HTTP_PROXY integration without a uri")
            return UnavailableIntegration(reason: "HTTP_PROXY integration without a uri", dialect: .http)
        }
        let uri: IntegrationURI
        do {
            uri = try IntegrationURI(parsing: uriText, stageVariables: stage.variables, serverName: integration.tlsConfig?.serverNameToVerify)
        } catch {
            diagnostics.append("\(location): \(error)")
            return UnavailableIntegration(reason: error.description, dialect: .http)
        }
        let mapping = HttpApiParameterMapping(
            integration.requestParameters ?? [:], stageVariables: stage.variables, diagnostics: &diagnostics, location: location)
        let responseMapping = HttpApiResponseMapping(
            integration.responseParameters ?? [:], stageVariables: stage.variables, diagnostics: &diagnostics, location: location)
        let method = integration.integrationMethod.flatMap { $0.uppercased() == "ANY" ? nil : HTTPMethod(rawValue: $0.uppercased()) }
        let timeout = Int64(integration.timeoutInMillis ?? ApiGatewayV2.Integration.defaultTimeoutInMillis)
        var http = HTTPIntegration(
            mode: .httpApiProxy, uri: uri, httpMethod: method, timeoutMilliseconds: timeout, apiId: apiId, pathMappings: [:],
            queryMappings: [], headerMappings: [], requestTemplates: RequestTemplates(nil, passthrough: nil),
            responses: IntegrationResponses(entries: [], defaultEntry: nil), parameterMapping: mapping.isEmpty ? nil : mapping)
        http.responseMapping = responseMapping.isEmpty ? nil : responseMapping
        return http
    }
}

/// `contentHandling` as compiled: `CONVERT_TO_BINARY`, `CONVERT_TO_TEXT`, or none (passthrough).
func contentHandling(_ text: String?, where location: String, diagnostics: inout [String]) -> ContentHandling? {
    guard let text, !text.isEmpty else { return nil }
    guard let handling = ContentHandling(rawValue: text.uppercased()) else {
        diagnostics.append("\(location): unknown contentHandling '\(text)' (passthrough)")
        return nil
    }
    return handling
}

extension MappingSource {
    /// Static values are checked once here; dynamic ones when they are made.
    var isSafeForHeaders: Bool {
        if case .literal(let value) = self { return HeaderValue.isSafe(value) }
        return true
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
