import JSON

/// One render of a template: walks the syntax tree with the variables of one request, counting
/// its work against ``TemplateLimits``.
struct TemplateRenderer {
    let input: TemplateInput
    let limits: TemplateLimits
    private var variables: [String: TemplateValue] = [:]
    private var output = ""
    private var steps = 0
    private var blockDepth = 0
    /// The request body as JSON, parsed on first use (nil inside when it is not JSON).
    private var parsedBody: JSONValue??
    private var contextMap: TemplateMap?
    private var requestOverride: (header: TemplateMap, querystring: TemplateMap, path: TemplateMap)?
    private var responseOverride: (map: TemplateMap, header: TemplateMap)?

    init(input: TemplateInput, limits: TemplateLimits) {
        self.input = input
        self.limits = limits
    }

    private enum Flow {
        case normal
        case breakLoop
        case stop
    }

    mutating func run(_ nodes: [TemplateNode]) throws(TemplateRenderError) -> RenderedTemplate {
        _ = try render(nodes)
        var rendered = RenderedTemplate(body: output)
        if let requestOverride {
            for (name, value) in requestOverride.header.entries { rendered.requestHeaders.append((name, try Self.values(value))) }
            for (name, value) in requestOverride.querystring.entries { rendered.requestQuerystring.append((name, try Self.values(value))) }
            for (name, value) in requestOverride.path.entries { rendered.requestPath.append((name, try JavaText.string(value))) }
        }
        if let responseOverride {
            switch responseOverride.map.get("status") {
            case .int(let code)?: rendered.responseStatus = code
            case .string(let text)?: rendered.responseStatus = Int(text.trimmingCharacters(of: " "))
            case .double(let code)? where code.rounded() == code && abs(code) < 1e6: rendered.responseStatus = Int(code)
            default: break
            }
            for (name, value) in responseOverride.header.entries { rendered.responseHeaders.append((name, try JavaText.string(value))) }
        }
        return rendered
    }

    private static func values(_ value: TemplateValue) throws(TemplateRenderError) -> [String] {
        guard case .list(let list) = value else { return [try JavaText.string(value)] }
        var values: [String] = []
        for element in list.elements { values.append(try JavaText.string(element)) }
        return values
    }

    // MARK: Work and output

    mutating func tick(_ cost: Int = 1) throws(TemplateRenderError) {
        steps += cost
        if steps > limits.maxSteps {
            throw TemplateRenderError(.workLimit, "the render went past \(limits.maxSteps) steps")
        }
    }

    /// Charges for a string a method reads or builds, and refuses one larger than the output limit.
    mutating func account(bytes: Int) throws(TemplateRenderError) {
        if bytes > limits.maxOutputBytes {
            throw TemplateRenderError(.outputLimit, "a string of \(bytes) bytes exceeds \(limits.maxOutputBytes)")
        }
        try tick(1 + bytes / 256)
    }

    private mutating func emit(_ text: String) throws(TemplateRenderError) {
        output += text
        if output.utf8.count > limits.maxOutputBytes {
            throw TemplateRenderError(.outputLimit, "the output exceeds \(limits.maxOutputBytes) bytes")
        }
        try tick(1 + text.utf8.count / 256)
    }

    // MARK: Nodes

    private mutating func render(_ nodes: [TemplateNode]) throws(TemplateRenderError) -> Flow {
        for node in nodes {
            try tick()
            switch node {
            case .text(let text):
                try emit(text)
            case .reference(let reference):
                let value = try evaluate(reference)
                if case .block(let block) = value {
                    if try renderBlock(block) == .stop { return .stop }
                } else {
                    try emit(try JavaText.render(value))
                }
            case .set(let target, let expression):
                try assign(target, try evaluate(expression))
            case .conditional(let branches, let otherwise):
                var chosen = otherwise
                for branch in branches {
                    if try evaluate(branch.condition).isTruthy {
                        chosen = branch.body
                        break
                    }
                }
                let flow = try render(chosen)
                if flow != .normal { return flow }
            case .foreach(let variable, let iterable, let body):
                if try loop(variable: variable, over: try evaluate(iterable), body: body) == .stop { return .stop }
            case .define(let name, let body):
                variables[name] = .block(DefinedBlock(nodes: body))
            case .breakLoop:
                return .breakLoop
            case .stop:
                return .stop
            }
        }
        return .normal
    }

    private mutating func renderBlock(_ block: DefinedBlock) throws(TemplateRenderError) -> Flow {
        blockDepth += 1
        defer { blockDepth -= 1 }
        if blockDepth > limits.maxDepth {
            throw TemplateRenderError(.depthLimit, "#define blocks nested more than \(limits.maxDepth) deep")
        }
        let flow = try render(block.nodes)
        return flow == .stop ? .stop : .normal
    }

    /// `#foreach`: over a list's elements, a map's values, or nothing (null and other values).
    private mutating func loop(variable: String, over iterable: TemplateValue, body: [TemplateNode]) throws(TemplateRenderError) -> Flow {
        let elements: [TemplateValue]
        switch iterable {
        case .list(let list): elements = list.elements
        case .map(let map): elements = map.entries.map(\.value)
        default: return .normal
        }
        let saved = (variables[variable], variables["foreach"], variables["velocityCount"])
        defer {
            variables[variable] = saved.0
            variables["foreach"] = saved.1
            variables["velocityCount"] = saved.2
        }
        let state = LoopState()
        variables["foreach"] = .builtin(.loop(state))
        for (index, element) in elements.enumerated() {
            if index >= limits.maxLoopIterations {
                throw TemplateRenderError(.loopLimit, "a #foreach went past \(limits.maxLoopIterations) iterations")
            }
            try tick()
            state.index = index
            state.hasNext = index + 1 < elements.count
            variables[variable] = element
            variables["velocityCount"] = .int(index + 1)
            switch try render(body) {
            case .normal: continue
            case .breakLoop: return .normal
            case .stop: return .stop
            }
        }
        return .normal
    }

    /// `#set`. As in Velocity 1.7, a null right-hand side leaves the target as it was.
    private mutating func assign(_ target: Reference, _ value: TemplateValue) throws(TemplateRenderError) {
        if value.isNull { return }
        guard let last = target.accessors.last else {
            variables[target.root] = value
            return
        }
        let container = try evaluate(Reference(root: target.root, accessors: Array(target.accessors.dropLast())))
        switch (last, container) {
        case (.property(let name), .map(let map)):
            try map.put(name, value)
        case (.index(let expression), .map(let map)):
            try map.put(try JavaText.string(try evaluate(expression)), value)
        case (.index(let expression), .list(let list)):
            let index = try evaluate(expression)
            guard case .int(let position) = index, position >= 0, position < list.elements.count else {
                throw .method("list index \((try? JavaText.string(index)) ?? "?") out of range")
            }
            list.elements[position] = value
        default:
            break  // Velocity ignores a #set it cannot perform
        }
    }

    // MARK: References

    mutating func evaluate(_ reference: Reference) throws(TemplateRenderError) -> TemplateValue {
        var value = try lookup(reference.root)
        for accessor in reference.accessors {
            if value.isNull { return .null }
            try tick()
            switch accessor {
            case .property(let name):
                value = try property(name, of: value)
            case .method(let name, let arguments, let constant):
                var values: [TemplateValue] = []
                values.reserveCapacity(arguments.count)
                for argument in arguments { values.append(try evaluate(argument)) }
                value = try call(name, on: value, arguments: values, constant: constant)
            case .index(let expression):
                value = try index(value, by: try evaluate(expression))
            }
        }
        return value
    }

    /// A variable, or one of API Gateway's (made on first use, so a template pays only for what
    /// it reads).
    private mutating func lookup(_ name: String) throws(TemplateRenderError) -> TemplateValue {
        if let value = variables[name] { return value }
        let value: TemplateValue
        switch name {
        case "input": value = .builtin(.input)
        case "util": value = .builtin(.util)
        case "context": value = .map(try makeContext())
        case "stageVariables":
            let map = TemplateMap()
            for (key, text) in input.stageVariables { try map.put(key, .string(text)) }
            value = .map(map)
        default: return .null
        }
        variables[name] = value
        return value
    }

    private mutating func makeContext() throws(TemplateRenderError) -> TemplateMap {
        if let contextMap { return contextMap }
        let map = TemplateMap(json: input.context)
        let request = (header: TemplateMap(writeOnce: true), querystring: TemplateMap(writeOnce: true), path: TemplateMap(writeOnce: true))
        let requestMap = TemplateMap()
        try requestMap.put("header", .map(request.header))
        try requestMap.put("querystring", .map(request.querystring))
        try requestMap.put("path", .map(request.path))
        let response = (map: TemplateMap(writeOnce: true), header: TemplateMap(writeOnce: true))
        try response.map.put("header", .map(response.header))
        map.remove("requestOverride")
        map.remove("responseOverride")
        try map.put("requestOverride", .map(requestMap))
        try map.put("responseOverride", .map(response.map))
        requestOverride = request
        responseOverride = response
        contextMap = map
        return map
    }

    private mutating func property(_ name: String, of value: TemplateValue) throws(TemplateRenderError) -> TemplateValue {
        switch value {
        case .map(let map):
            return map.get(name) ?? .null
        case .entry(let key, let entryValue):
            switch name {
            case "key": return .string(key)
            case "value": return entryValue
            default: return .null
            }
        case .builtin(.loop(let state)):
            switch name {
            case "hasNext": return .bool(state.hasNext)
            case "index": return .int(state.index)
            case "count": return .int(state.index + 1)
            case "first": return .bool(state.index == 0)
            case "last": return .bool(!state.hasNext)
            default: return .null
            }
        case .builtin(.input):
            switch name {
            case "body": return .string(input.body.isEmpty ? "{}" : input.body)
            case "params": return .map(try params())
            default: return .null
            }
        default:
            // A Java bean property: `getName()`, then `isName()`.
            let capitalized = name.prefix(1).uppercased() + name.dropFirst()
            let getter = try call("get" + capitalized, on: value, arguments: [], constant: nil)
            if !getter.isNull { return getter }
            return try call("is" + capitalized, on: value, arguments: [], constant: nil)
        }
    }

    private mutating func index(_ value: TemplateValue, by key: TemplateValue) throws(TemplateRenderError) -> TemplateValue {
        switch (value, key) {
        case (.list(let list), .int(let position)):
            guard position >= 0, position < list.elements.count else {
                throw .method("index \(position) out of range for a list of \(list.elements.count)")
            }
            return list.elements[position]
        case (.map(let map), _):
            return map.get(try JavaText.string(key)) ?? .null
        default:
            return try property(try JavaText.string(key), of: value)
        }
    }

    // MARK: Calls

    private mutating func call(
        _ name: String, on receiver: TemplateValue, arguments: [TemplateValue], constant: CompiledArgument?
    ) throws(TemplateRenderError) -> TemplateValue {
        switch receiver {
        case .builtin(.input): return try callInput(name, arguments: arguments, constant: constant)
        case .builtin(.util): return try callUtil(name, arguments: arguments)
        default: return try JavaMethods.call(name, on: receiver, arguments: arguments, constant: constant, renderer: &self)
        }
    }

    // MARK: $input

    private mutating func callInput(_ name: String, arguments: [TemplateValue], constant: CompiledArgument?) throws(TemplateRenderError) -> TemplateValue {
        switch (name, arguments.count) {
        case ("params", 0), ("getParams", 0):
            return .map(try params())
        case ("params", 1):
            let wanted = try JavaText.string(arguments[0])
            if let value = input.path.last(where: { $0.name == wanted })?.value { return .string(value) }
            if let value = input.querystring.last(where: { $0.name == wanted })?.value { return .string(value) }
            let lowered = wanted.lowercased()
            if let value = input.header.last(where: { $0.name.lowercased() == lowered })?.value { return .string(value) }
            return .string("")
        case ("getBody", 0):
            return .string(input.body.isEmpty ? "{}" : input.body)
        case ("path", 1), ("json", 1):
            let path: JSONPath
            if case .path(let compiled)? = constant {
                path = compiled
            } else {
                let text = try JavaText.string(arguments[0])
                do {
                    path = try JSONPath(text)
                } catch {
                    throw .method("invalid JSONPath: \(error.message)")
                }
            }
            guard let selected = try select(path) else { return name == "json" ? .string("null") : .null }
            if name == "json" {
                let text = JSONWriter.compact(selected)
                try account(bytes: text.utf8.count)
                return .string(text)
            }
            return try convert(selected, fromRequest: true)
        default:
            return .null
        }
    }

    /// `$input.path` / `$input.json`'s selection: an empty body reads as `{}` (API Gateway's
    /// `$input.body` gives `{}` for it too); a body that is not JSON, or a path that matches
    /// nothing, gives nil, which `path` renders as null and `json` as `null`.
    private mutating func select(_ path: JSONPath) throws(TemplateRenderError) -> JSONValue? {
        guard let body = try parsedBodyValue() else { return nil }
        let available = max(0, limits.maxSteps - steps)
        var budget = available
        guard let matches = path.evaluate(body, budget: &budget) else {
            throw TemplateRenderError(.workLimit, "the JSONPath evaluation went past the work budget")
        }
        try tick(available - budget)
        if path.isDefinite { return matches.first }
        return .array(matches)
    }

    private mutating func parsedBodyValue() throws(TemplateRenderError) -> JSONValue? {
        if let parsedBody { return parsedBody }
        let parsed: JSONValue?
        if input.body.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            parsed = .object([:])
        } else {
            try account(bytes: input.body.utf8.count)
            parsed = try? JSONValueParser().parse(input.body)
        }
        parsedBody = .some(parsed)
        return parsed
    }

    /// `$input.params()`: `{path={…}, querystring={…}, header={…}}`, headers looked up in any case.
    private mutating func params() throws(TemplateRenderError) -> TemplateMap {
        let all = TemplateMap()
        let path = TemplateMap()
        for (name, value) in input.path { try path.put(name, .string(value)); try tick() }
        let querystring = TemplateMap()
        for (name, value) in input.querystring { try querystring.put(name, .string(value)); try tick() }
        let header = TemplateMap(caseInsensitive: true)
        for (name, value) in input.header { try header.put(name, .string(value)); try tick() }
        try all.put("path", .map(path))
        try all.put("querystring", .map(querystring))
        try all.put("header", .map(header))
        return all
    }

    /// JSON as template values: objects as maps, arrays as lists that print as JSON when they come
    /// from the request (`fromRequest`), integral numbers as integers.
    mutating func convert(_ json: JSONValue, fromRequest: Bool) throws(TemplateRenderError) -> TemplateValue {
        try tick()
        switch json {
        case .array(let elements):
            var values: [TemplateValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try convert(element, fromRequest: fromRequest)) }
            return .list(TemplateList(values, rendersAsJSON: fromRequest))
        case .object(let object):
            let map = TemplateMap()
            for (key, value) in object { try map.put(key, try convert(value, fromRequest: fromRequest)) }
            return .map(map)
        default:
            return TemplateValue(scalar: json)
        }
    }

    // MARK: $util

    private mutating func callUtil(_ name: String, arguments: [TemplateValue]) throws(TemplateRenderError) -> TemplateValue {
        guard arguments.count == 1 else { return .null }
        let argument = arguments[0]
        switch name {
        case "escapeJavaScript":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count * 6)
            return .string(UtilFunctions.escapeJavaScript(text))
        case "parseJson":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count)
            let parsed: JSONValue
            do {
                parsed = try JSONValueParser().parse(text)
            } catch {
                throw .method("$util.parseJson: \(error)")
            }
            return try convert(parsed, fromRequest: true)
        case "urlEncode":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count * 3)
            return .string(UtilFunctions.urlEncode(text))
        case "urlDecode":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count)
            return .string(try UtilFunctions.urlDecode(text))
        case "base64Encode":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count * 2)
            return .string(UtilFunctions.base64Encode(Array(text.utf8)))
        case "base64Decode":
            let text = try JavaText.string(argument)
            try account(bytes: text.utf8.count)
            guard let bytes = UtilFunctions.base64Decode(text) else { throw .method("$util.base64Decode: not base64") }
            return .string(String(decoding: bytes, as: UTF8.self))
        default:
            return .null
        }
    }

    // MARK: Expressions

    mutating func evaluate(_ expression: Expression) throws(TemplateRenderError) -> TemplateValue {
        try tick()
        switch expression {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .interpolated(let nodes):
            let saved = output
            output = ""
            defer { output = saved }
            _ = try render(nodes)
            return .string(output)
        case .reference(let reference):
            let value = try evaluate(reference)
            if case .block(let block) = value {
                let saved = output
                output = ""
                defer { output = saved }
                _ = try renderBlock(block)
                return .string(output)
            }
            return value
        case .list(let elements):
            var values: [TemplateValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .list(TemplateList(values))
        case .map(let entries):
            let map = TemplateMap()
            for entry in entries { try map.put(try JavaText.string(try evaluate(entry.key)), try evaluate(entry.value)) }
            return .map(map)
        case .range(let from, let to):
            guard case .int(let start) = try evaluate(from), case .int(let end) = try evaluate(to) else { return .null }
            let count = start <= end ? end.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(end)
            guard !count.overflow, count.partialValue < limits.maxSteps else {
                throw TemplateRenderError(.workLimit, "the range [\(start)..\(end)] is too large")
            }
            try tick(count.partialValue / 16)
            let values = start <= end ? Array(start...end) : Array((end...start).reversed())
            return .list(TemplateList(values.map { .int($0) }))
        case .not(let inner):
            return .bool(!(try evaluate(inner).isTruthy))
        case .negate(let inner):
            switch try evaluate(inner) {
            case .int(let value): return value == .min ? .double(-Double(value)) : .int(-value)
            case .double(let value): return .double(-value)
            default: return .null
            }
        case .binary(.and, let left, let right):
            guard try evaluate(left).isTruthy else { return .bool(false) }
            return .bool(try evaluate(right).isTruthy)
        case .binary(.or, let left, let right):
            if try evaluate(left).isTruthy { return .bool(true) }
            return .bool(try evaluate(right).isTruthy)
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left)
            let rhs = try evaluate(right)
            return try Operators.apply(op, lhs, rhs, renderer: &self)
        }
    }
}
