/// The syntax tree of a template, built once by ``TemplateParser``; a render only walks it.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `$ref`, `${ref}`; `$!ref` is quiet. API Gateway prints a null reference as nothing either way.
    case reference(Reference)
    case set(target: Reference, value: Expression)
    /// `#if`/`#elseif` branches in order, then `#else`.
    case conditional(branches: [(condition: Expression, body: [TemplateNode])], otherwise: [TemplateNode])
    case foreach(variable: String, iterable: Expression, body: [TemplateNode])
    case define(name: String, body: [TemplateNode])
    case breakLoop
    case stop
}

/// `$root.a.b(…)[i]`: a variable and what is read from it, left to right.
struct Reference: Sendable {
    let root: String
    let accessors: [Accessor]
}

enum Accessor: Sendable {
    /// `.name`: a map's entry, or a Java getter (`getName()`, `isName()`).
    case property(String)
    /// `.name(args)`. `constant` holds what a literal first argument compiles to (a JSONPath, a
    /// regular expression), so a render never parses it again.
    case method(name: String, arguments: [Expression], constant: CompiledArgument?)
    /// `[expr]`: a list's element or a map's entry.
    case index(Expression)
}

/// A literal argument compiled with the template.
enum CompiledArgument: Sendable {
    case path(JSONPath)
    case regex(JavaRegex)
}

indirect enum Expression: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A double-quoted string with `$references` or directives in it.
    case interpolated([TemplateNode])
    case reference(Reference)
    case list([Expression])
    case map([(key: Expression, value: Expression)])
    /// `[a..b]`, inclusive, counting down when `b < a`.
    case range(Expression, Expression)
    case not(Expression)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
}

enum BinaryOperator: Sendable {
    case or, and
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case add, subtract, multiply, divide, remainder
}
