// What rendering a typical Velocity mapping template costs, per render, in CPU time: the engine
// alone (no HTTP), each template rendered against a fresh `TemplateInput` as the data plane builds
// one per request (its `$context` object included). A static template costs no render at all
// (the data plane sends its bytes as they are), so these figures are the whole difference.
//
//   swift build -c release --product template-benchmark && .build/release/template-benchmark [renders]
import JSON
import MappingTemplates

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time of this process, in microseconds.
func cpuMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

func context() -> JSONObject {
    [
        "accountId": "123456789012", "apiId": "abcd1234", "deploymentId": "dep1", "domainName": "abcd1234.execute-api.us-east-1.amazonaws.com",
        "domainPrefix": "abcd1234", "extendedRequestId": "Bx1yZGlJoAMFbCw=", "httpMethod": "GET", "isCanaryRequest": false,
        "path": "/bench/mock-vtl", "protocol": "HTTP/1.1", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "requestTime": "07/Dec/2026:08:00:00 +0000", "requestTimeEpoch": 1_796_630_400_000, "resourceId": "r1",
        "resourcePath": "/mock-vtl", "stage": "bench", "identity": ["sourceIp": "127.0.0.1", "userAgent": "wrk"],
    ]
}

let cases: [(name: String, template: String, body: String)] = [
    (
        "MOCK response (params, $context, escapeJavaScript, #foreach over 5)",
        """
        #set($q = $input.params('q'))
        {
          "requestId": "$context.requestId",
          "stage": "$context.stage",
          "path": "$context.resourcePath",
          "query": "$util.escapeJavaScript($q)",
          "items": [
        #foreach($i in [1..5])
            {"id": $i, "name": "item-$i", "even": #if($i % 2 == 0)true#{else}false#end}#if($foreach.hasNext),#end
        #end
          ]
        }
        """, ""
    ),
    (
        "HTTP response ($input.path of the backend's JSON)",
        #"#set($r = $input.path('$')){"ok": $r.ok, "service": "$r.service", "requestId": "$context.requestId"}"#,
        #"{"ok":true,"service":"backend"}"#
    ),
    (
        "AWS Photos output template (2 photos)",
        """
        #set($inputRoot = $input.path('$'))
        {
          "photos": [
        #foreach($elem in $inputRoot.photos.photo)
            {
              "id": "$elem.id",
              "owner": "$elem.owner",
              "title": "$elem.title",
              "ispublic": $elem.ispublic,
              "isfriend": $elem.isfriend,
              "isfamily": $elem.isfamily
            }#if($foreach.hasNext),#end
        #end
          ]
        }
        """,
        #"{"photos":{"page":1,"pages":"1234","perpage":100,"total":"123398","photo":[{"id":"12345678901","owner":"23456789@A12","secret":"abc123d456","server":"1234","farm":1,"title":"Sample photo 1","ispublic":1,"isfriend":0,"isfamily":0},{"id":"23456789012","owner":"34567890@B23","secret":"bcd234e567","server":"2345","farm":2,"title":"Sample photo 2","ispublic":1,"isfriend":0,"isfamily":0}]}}"#
    ),
]

let renders = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000
print("| template | µs CPU per render | output bytes |")
print("|---|---|---|")
for (name, source, body) in cases {
    let template: VelocityTemplate
    do {
        template = try VelocityTemplate(source)
    } catch {
        print("\(name): \(error)")
        continue
    }
    var bytes = 0
    for _ in 0..<1_000 {  // warm-up
        bytes = (try? template.render(TemplateInput(body: body, querystring: [("q", "hello")], context: context())))?.body.utf8.count ?? -1
    }
    let start = cpuMicroseconds()
    for _ in 0..<renders {
        let input = TemplateInput(body: body, querystring: [("q", "hello")], header: [("Host", "h"), ("User-Agent", "wrk")], context: context())
        bytes = (try? template.render(input))?.body.utf8.count ?? -1
    }
    let perRender = (cpuMicroseconds() - start) / Double(renders)
    print("| \(name) | \((perRender * 100).rounded() / 100) | \(bytes) |")
}
