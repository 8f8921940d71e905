/// A mapping template in the Velocity Template Language, as API Gateway runs it: parsed once
/// (when a deployment is compiled), rendered per request within ``TemplateLimits``.
///
/// ```swift
/// let template = try VelocityTemplate(#"{"name": "$input.params('name')", "body": $input.json('$')}"#)
/// let rendered = try template.render(TemplateInput(body: #"{"a":1}"#, querystring: [("name", "Rex")]))
/// // rendered.body == #"{"name": "Rex", "body": {"a":1}}"#
/// ```
///
/// What API Gateway gives a template: `$input` (`body`, `json(path)`, `path(path)`, `params()`,
/// `params(name)`), `$util` (`escapeJavaScript`, `parseJson`, `urlEncode`, `urlDecode`,
/// `base64Encode`, `base64Decode`), `$context` with its `requestOverride`/`responseOverride`, and
/// `$stageVariables`. Values behave as Java objects (see ``TemplateValue``).
public struct VelocityTemplate: Sendable {
    let nodes: [TemplateNode]
    public let limits: TemplateLimits
    /// The variables the template reads (`input`, `context`, `stageVariables`, its own), so a
    /// caller can skip building what it never reads.
    public let referencedVariables: Set<String>

    public init(_ source: String, limits: TemplateLimits = .aws) throws(TemplateSyntaxError) {
        var parser = TemplateParser(source, maxDepth: limits.maxDepth)
        nodes = try parser.parseTemplate()
        self.limits = limits
        var names = Set<String>()
        Self.collect(nodes, into: &names)
        referencedVariables = names
    }

    private static func collect(_ nodes: [TemplateNode], into names: inout Set<String>) {
        for node in nodes {
            switch node {
            case .text, .breakLoop, .stop: break
            case .reference(let reference): collect(reference, into: &names)
            case .set(let target, let value):
                collect(target, into: &names)
                collect(value, into: &names)
            case .conditional(let branches, let otherwise):
                for branch in branches {
                    collect(branch.condition, into: &names)
                    collect(branch.body, into: &names)
                }
                collect(otherwise, into: &names)
            case .foreach(_, let iterable, let body):
                collect(iterable, into: &names)
                collect(body, into: &names)
            case .define(_, let body): collect(body, into: &names)
            }
        }
    }

    private static func collect(_ reference: Reference, into names: inout Set<String>) {
        names.insert(reference.root)
        for accessor in reference.accessors {
            switch accessor {
            case .property: break
            case .method(_, let arguments, _): for argument in arguments { collect(argument, into: &names) }
            case .index(let index): collect(index, into: &names)
            }
        }
    }

    private static func collect(_ expression: Expression, into names: inout Set<String>) {
        switch expression {
        case .null, .bool, .int, .double, .string: break
        case .interpolated(let nodes): collect(nodes, into: &names)
        case .reference(let reference): collect(reference, into: &names)
        case .list(let elements): for element in elements { collect(element, into: &names) }
        case .map(let entries):
            for entry in entries {
                collect(entry.key, into: &names)
                collect(entry.value, into: &names)
            }
        case .range(let from, let to):
            collect(from, into: &names)
            collect(to, into: &names)
        case .not(let inner), .negate(let inner): collect(inner, into: &names)
        case .binary(_, let left, let right):
            collect(left, into: &names)
            collect(right, into: &names)
        }
    }

    public func render(_ input: TemplateInput) throws(TemplateRenderError) -> RenderedTemplate {
        var renderer = TemplateRenderer(input: input, limits: limits)
        return try renderer.run(nodes)
    }
}
