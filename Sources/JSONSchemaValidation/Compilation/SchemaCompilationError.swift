/// Why a schema could not be compiled, and which keyword is at fault.
///
/// A schema that compiles is structurally valid draft-04 for every keyword this validator
/// understands; unknown keywords are ignored, as the specification requires.
public struct SchemaCompilationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A keyword's value has the wrong type or is out of range (e.g. `"minLength": -1`).
        public static let invalidKeyword = Code("invalidKeyword")
        /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
        public static let invalidPattern = Code("invalidPattern")
        /// A `$ref` names a document the resolver does not know, or a location that does not
        /// exist in it.
        public static let unresolvableReference = Code("unresolvableReference")
        /// `$ref`s and combinators (`allOf`, `anyOf`, `oneOf`, `not`, schema `dependencies`) loop
        /// back to a schema without moving into the instance, which could never finish.
        public static let circularReference = Code("circularReference")
        /// The resolver failed while fetching a referenced document.
        public static let resolverFailure = Code("resolverFailure")
        /// The schema is nested deeper than ``JSONSchemaValidator/Options/maxDepth``.
        public static let tooDeep = Code("tooDeep")
    }

    /// The kind of problem.
    public var code: Code
    /// Where the bad keyword is: document URI, `#`, JSON pointer, e.g. `#/properties/age/minimum`.
    public var schemaPath: String
    /// A human explanation.
    public var message: String

    public init(code: Code, schemaPath: String, message: String) {
        self.code = code
        self.schemaPath = schemaPath
        self.message = message
    }

    public var description: String { "\(schemaPath): \(message)" }
}
