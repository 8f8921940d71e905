import Testing

@testable import DataPlane

@Suite struct IdentifierTests {
    @Test func requestIdsAreVersion4UUIDs() {
        var ids = RequestIdentifiers()
        let pattern = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = ids.requestId()
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 1000)
    }

    @Test func extendedIdsLookLikeAWS() {
        var ids = RequestIdentifiers()
        for _ in 0..<100 {
            let id = ids.extendedRequestId()
            #expect(id.count == 16)
            #expect(id.hasSuffix("="))
            #expect(id.dropLast().allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" })
        }
    }

    @Test func traceIds() {
        var ids = RequestIdentifiers()
        let id = ids.traceId(epochSeconds: 0x5759_e988)
        #expect(id.wholeMatch(of: /Root=1-5759e988-[0-9a-f]{24}/) != nil, "\(id)")
    }

    @Test func times() {
        #expect(CLFTime.format(epochMilliseconds: 1_764_031_500_000) == "25/Nov/2025:00:45:00 +0000")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test func queryStrings() {
        let pairs = QueryString.parse("a=1&b=x%20y&a=3&flag&c=1+2")
        #expect(pairs.map(\.name) == ["a", "b", "a", "flag", "c"])
        #expect(pairs.map(\.value) == ["1", "x y", "3", "", "1 2"])
        #expect(QueryString.encode("a b/ü") == "a%20b%2F%C3%BC")
        #expect(QueryString.decode("%zz%4", plusAsSpace: false) == "%zz%4")
    }
}
