public import JSON

/// A JSON Schema draft-04 validator, compiled once and used for many instances.
///
/// This is the engine behind API Gateway request validation (`validateRequestBody` against a
/// method's `requestModels`), whose models are draft-04 schemas. Compilation decodes and checks
/// every keyword, resolves every `$ref` (plain `#/definitions/...` pointers, `id`-based scopes,
/// and other documents such as `https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}`
/// through the ``JSONSchemaResolver`` given), and compiles every `pattern` once. Validation then
/// does no parsing, no regex compiling and no I/O, and the validator is an immutable `Sendable`
/// value safe to share across threads.
///
/// ```swift
/// let validator = try JSONSchemaValidator(
///     schema: petModel,
///     baseURI: "https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet",
///     resolver: StaticSchemaResolver(modelsByURI))
/// if !validator.isValid(body) { /* 400 Invalid request body */ }
/// let result = validator.validate(body)   // every violation, for the log
/// ```
///
/// Semantics, where draft-04 leaves a choice:
/// - Numbers are `Double`s (as ``JSON/JSONValue`` keeps them): `1.0` is an `integer`,
///   `1 == 1.0` in `enum` and `uniqueItems`, and `multipleOf` is decided on the shortest decimal
///   forms, so `0.0075` is a multiple of `0.0001`.
/// - `maxLength`/`minLength` count Unicode code points.
/// - `pattern` is ECMA-262 (see ``ECMAScriptRegex``), unanchored.
/// - `format` is an annotation unless ``Options/validatesFormats`` is on.
/// - Siblings of `$ref` are ignored, including `id`.
public struct JSONSchemaValidator: Sendable {
    /// Settings fixed at compile time.
    public struct Options: Sendable, Hashable {
        /// Check `format` for `date-time`, `email`, `hostname`, `ipv4`, `ipv6` and `uri`. Default
        /// false: API Gateway treats `format` as an annotation.
        public var validatesFormats: Bool
        /// The deepest nesting of subschema evaluations (each level of the instance, each
        /// combinator and each `$ref` counts one) and of schema objects. Deeper instances are
        /// invalid with a `$depth` violation instead of risking the stack. Default 256.
        public var maxDepth: Int
        /// The most violations ``JSONSchemaValidator/validate(_:)`` collects before it stops.
        /// Default 100.
        public var maxViolations: Int

        public init(validatesFormats: Bool = false, maxDepth: Int = 256, maxViolations: Int = 100) {
            self.validatesFormats = validatesFormats
            self.maxDepth = maxDepth
            self.maxViolations = maxViolations
        }
    }

    /// The URI of the built-in draft-04 metaschema.
    public static let draft4MetaschemaURI = "http://json-schema.org/draft-04/schema#"

    private let nodes: [SchemaNode]
    private let root: Int
    /// The settings this validator was compiled with.
    public let options: Options

    /// Compiles `schema`.
    ///
    /// - Parameters:
    ///   - schema: a draft-04 schema object.
    ///   - baseURI: the schema's own URI, against which relative `id`s and `$ref`s resolve (for an
    ///     API Gateway model, its model URL). Default: none, so only fragment-only `$ref`s
    ///     (`#/definitions/x`), absolute ones and `id`-relative ones resolve.
    ///   - options: compile-time settings.
    ///   - resolver: supplies the documents that `$ref`s name and the schema does not contain.
    /// - Throws: ``SchemaCompilationError`` naming the bad keyword's location.
    public init(
        schema: JSONValue, baseURI: String = "", options: Options = Options(),
        resolver: (any JSONSchemaResolver)? = nil
    ) throws(SchemaCompilationError) {
        var compiler = SchemaCompiler(options: options, resolver: resolver)
        let compiled = try compiler.compile(schema, baseURI: baseURI)
        self.nodes = compiled.nodes
        self.root = compiled.root
        self.options = options
    }

    /// Validates `instance`, collecting its violations (at most ``Options/maxViolations``).
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = SchemaEvaluator(
            nodes: nodes, maxDepth: options.maxDepth, maxViolations: options.maxViolations, collecting: true)
        let valid = evaluator.evaluate(root, instance)
        var violations = evaluator.violations
        if !valid, violations.isEmpty {
            // Only possible when the depth limit was hit inside a probe (anyOf/oneOf/not).
            violations.append(
                SchemaViolation(
                    instancePath: "", keyword: "$depth", schemaPath: nodes[root].location + "/$depth",
                    message: "nesting exceeds the maximum validation depth of \(options.maxDepth)"))
        }
        return ValidationResult(violations: violations, isTruncated: evaluator.isTruncated)
    }

    /// Whether `instance` is valid: the fast path, which stops at the first failure and builds no
    /// messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = SchemaEvaluator(
            nodes: nodes, maxDepth: options.maxDepth, maxViolations: options.maxViolations, collecting: false)
        return evaluator.evaluate(root, instance) && !evaluator.exceededDepth
    }

    /// The messages API Gateway's validator reports for `instance` (its
    /// `$context.error.validationErrorString` is `[` + these joined by `, ` + `]`), in its words
    /// and order: see ``ProcessingReportEvaluator``. Empty when the instance is valid. At most
    /// ``Options/maxViolations`` messages.
    public func processingReport(_ instance: JSONValue) -> [String] {
        var evaluator = ProcessingReportEvaluator(nodes: nodes, maxDepth: options.maxDepth, maxMessages: options.maxViolations)
        evaluator.process(root, instance)
        return evaluator.messages
    }
}
