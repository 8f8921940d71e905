import JSON
import Testing

@testable import MappingTemplates

/// `$input`, `$util`, `$context` and `$stageVariables` as API Gateway defines them.
struct InputVariableTests {
    let body = #"{"a": 1, "b": [{"c": 5}, {"c": 7}], "name": "Rex", "price": 2.5, "tags": ["x", "y"], "nested": {"k": "v"}}"#

    @Test func bodyAndJSON() throws {
        #expect(try render("$input.body", body: body) == body)
        #expect(try render("$input.json('$')", body: #"{ "a" : 1 }"#) == #"{"a":1}"#)
        #expect(try render("$input.json('$.b')", body: body) == #"[{"c":5},{"c":7}]"#)
        #expect(try render("$input.json('$.name') $input.json('$.a')", body: body) == #""Rex" 1"#)
        #expect(try render("$input.json('$.b[*].c')", body: body) == "[5,7]")
    }

    @Test func pathGivesObjects() throws {
        #expect(try render("$input.path('$.name') $input.path('$.a') $input.path('$.price') $input.path('$.b').size()", body: body) == "Rex 1 2.5 2")
        #expect(try render("#foreach($item in $input.path('$.b'))$item.c#end", body: body) == "57")
        // AWS (LocalStack PR 12379): maps print the Java way, lists as JSON, also inside maps.
        #expect(try render("$input.path('$')", body: #"{"a": 1, "b": [{"c": 5}]}"#) == #"{a=1, b=[{"c":5}]}"#)
        #expect(try render("$input.path('$.tags')", body: body) == #"["x","y"]"#)
        #expect(try render("$input.path('$.nested')", body: body) == "{k=v}")
    }

    @Test func emptyBodyAndMissingPaths() throws {
        // An empty body reads as {} (LocalStack PR 12413, checked against AWS); a path that
        // matches nothing gives null (PR 12774): nothing from path, `null` from json.
        #expect(try render("$input.body|$input.json('$')|$input.path('$.a')|$input.json('$.a')") == "{}|{}||null")
        #expect(try render("[$input.path('$.missing')][$input.json('$.missing')]", body: body) == "[][null]")
        #expect(try render("[$input.path('$.a')][$input.json('$')]", body: "not json") == "[][null]")
    }

    @Test func params() throws {
        let output = try render(
            "$input.params('id')|$input.params('q')|$input.params('x-h')|$input.params('none')|$input.params().querystring|$input.params().header.get('X-H')",
            path: [("id", "7")], query: [("q", "1"), ("q", "2")], header: [("X-H", "hv")])
        #expect(output == "7|2|hv||{q=2}|hv")
        // Path first, then query string, then headers.
        #expect(try render("$input.params('n')", path: [("n", "p")], query: [("n", "q")], header: [("n", "h")]) == "p")
        #expect(try render("$input.params('n')", query: [("n", "q")], header: [("n", "h")]) == "q")
        #expect(try render("$input.params()", path: [("id", "7")]) == "{path={id=7}, querystring={}, header={}}")
    }

    @Test func contextAndStageVariables() throws {
        let context: JSONObject = ["stage": "prod", "identity": ["sourceIp": "10.0.0.1"], "authorizer": ["claims": ["sub": "u1"]]]
        #expect(try render("$context.stage $context.identity.sourceIp $context.authorizer.claims.sub", context: context) == "prod 10.0.0.1 u1")
        #expect(try render("$stageVariables.env ${stageVariables['env']} $stageVariables['env']", stageVariables: [("env", "test")]) == "test test test")
    }

    @Test func overrides() throws {
        let template = try VelocityTemplate(
            """
            #set($context.requestOverride.header.X-Combined = "$input.params('a')$input.params('b')")
            #set($context.requestOverride.querystring.q = ['1', '2'])
            #set($context.requestOverride.path.id = 42)
            #set($context.responseOverride.status = 418)
            #set($context.responseOverride.header.X-Out = 'yes')
            body
            """)
        let rendered = try template.render(TemplateInput(querystring: [("a", "x"), ("b", "y")]))
        #expect(rendered.body == "body")
        #expect(rendered.requestHeaders.map(\.name) == ["X-Combined"])
        #expect(rendered.requestHeaders.first?.values == ["xy"])
        #expect(rendered.requestQuerystring.first?.values == ["1", "2"])
        #expect(rendered.requestPath.first?.value == "42")
        #expect(rendered.responseStatus == 418)
        #expect(rendered.responseHeaders.first?.value == "yes")
    }

    @Test func overridesAreFinal() throws {
        // AWS: "Trying to override the same parameter multiple times will result in 5XX responses".
        let template = try VelocityTemplate("#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 500)")
        #expect(throws: TemplateRenderError.self) { try template.render(TemplateInput()) }
    }

    @Test func awsOverrideExample() throws {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
        let template = try VelocityTemplate(
            """
            #set($inputRoot = $input.path('$'))
            $input.json("$")
            #if($inputRoot.toString().contains("error"))
            #set($context.responseOverride.status = 400)
            #end
            """)
        let failing = try template.render(TemplateInput(body: #"{"errors": [{"key": "GetPetRequest.petId", "message": "The value is out of range."}]}"#))
        #expect(failing.responseStatus == 400)
        let fine = try template.render(TemplateInput(body: #"{"id": 1}"#))
        #expect(fine.responseStatus == nil)
        #expect(fine.body == "{\"id\":1}\n")
    }
}

struct UtilVariableTests {
    @Test func escapeJavaScript() throws {
        #expect(UtilFunctions.escapeJavaScript(#"it's "q" \ / é"#) == #"it\'s \"q\" \\ \/ \u00E9"#)
        #expect(UtilFunctions.escapeJavaScript("a\nb\tc\u{1}") == #"a\nb\tc\u0001"#)
        // The AWS documentation's advice for JSON output.
        #expect(try render(#"$util.escapeJavaScript($input.params('q')).replaceAll("\\'","'")"#, query: [("q", "it's")]) == "it's")
        #expect(try render("$util.escapeJavaScript($input.json('$.message'))", body: #"{"action":"$default","message":"foobar"}"#) == #"\"foobar\""#)
    }

    @Test func urlAndBase64() throws {
        #expect(try render("$util.urlEncode('x=a+b c/ü')") == "x%3Da%2Bb+c%2F%C3%BC")
        #expect(try render("$util.urlDecode('x%3Da+b%2Fc')") == "x=a b/c")
        #expect(try render("$util.base64Encode('hello world')") == "aGVsbG8gd29ybGQ=")
        #expect(try render("$util.base64Decode('aGVsbG8gd29ybGQ=')") == "hello world")
        #expect(throws: TemplateRenderError.self) { try render("$util.base64Decode('not base64!')") }
        #expect(throws: TemplateRenderError.self) { try render("$util.urlDecode('%zz')") }
    }

    @Test func parseJson() throws {
        #expect(try render("#set($o = $util.parseJson('{\"a\": {\"b\": [1, 2]}}'))$o.a.b[1] $o.a.b.size() $o.a") == #"2 2 {b=[1,2]}"#)
        #expect(try render("#set($o = $util.parseJson('\"text\"'))$o") == "text")
        #expect(throws: TemplateRenderError.self) { try render("$util.parseJson('{bad')") }
    }
}

struct JSONPathTests {
    let store: JSONValue = try! JSONValueParser().parse(
        #"{"store": {"book": [{"title": "A", "price": 8.95, "isbn": "1"}, {"title": "B", "price": 12.99}, {"title": "C", "price": 22.99, "isbn": "3"}], "bicycle": {"price": 19.95}}}"#)

    func select(_ path: String) throws -> [JSONValue] {
        var budget = 10_000
        return try #require(try JSONPath(path).evaluate(store, budget: &budget))
    }

    @Test func paths() throws {
        #expect(try select("$.store.book[0].title") == ["A"])
        #expect(try select("$['store']['book'][-1]['title']") == ["C"])
        #expect(try select("$.store.book[*].title") == ["A", "B", "C"])
        #expect(try select("$..price") == [8.95, 12.99, 22.99, 19.95])
        #expect(try select("$.store.book[-2:].title") == ["B", "C"])
        #expect(try select("$.store.book[0,2].title") == ["A", "C"])
        #expect(try select("$.store.book[?(@.price < 10)].title") == ["A"])
        #expect(try select("$.store.book[?(@.isbn)].title") == ["A", "C"])
        #expect(try select("$.store.book[?(@.price > 10 && @.title != 'C')].title") == ["B"])
        #expect(try select("$.store.book[?(@.title == \"B\" || @.price >= 22.99)].title") == ["B", "C"])
        #expect(try select("store.bicycle.price") == [19.95])
        #expect(try select("$.store.nothing") == [])
        #expect(try JSONPath("$.a.b[0]").isDefinite)
        #expect(try !JSONPath("$.a[*]").isDefinite)
    }

    @Test func budgetBoundsDeepScans() throws {
        var budget = 5
        #expect(try JSONPath("$..*..*").evaluate(store, budget: &budget) == nil)
    }
}
