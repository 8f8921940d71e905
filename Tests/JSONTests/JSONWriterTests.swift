import JSON
import Testing

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("compact keeps key order and prints integral numbers without a fraction")
    func compact() {
        let value: JSONValue = ["b": [1, -2.5, 0, true, false, nil], "a": ["x": "y"], "": [:], "e": []]
        #expect(JSONWriter.compact(value) == #"{"b":[1,-2.5,0,true,false,null],"a":{"x":"y"},"":{},"e":[]}"#)
    }

    @Test("pretty is API Gateway's export style")
    func pretty() {
        let value: JSONValue = ["a": [1, 2], "b": ["c": [:]], "d": []]
        #expect(JSONWriter.pretty(value) == "{\n  \"a\" : [ 1, 2 ],\n  \"b\" : {\n    \"c\" : { }\n  },\n  \"d\" : [ ]\n}")
    }

    @Test("strings: quotes, backslashes and control characters are escaped; the rest is written as is")
    func strings() {
        #expect(JSONWriter.compact("\"\\/\n\r\t\u{8}\u{C}") == #""\"\\/\n\r\t\b\f""#)
        #expect(JSONWriter.compact("\u{0}\u{1}\u{1F}\u{7F}") == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(JSONWriter.compact("é🐲\u{2028}") == "\"é🐲\u{2028}\"")
    }

    @Test("numbers")
    func numbers() {
        #expect(JSONWriter.format(3) == "3")
        #expect(JSONWriter.format(-0.5) == "-0.5")
        #expect(JSONWriter.format(123_456_789_012_345) == "123456789012345")
        #expect(JSONWriter.format(1e15) == "1000000000000000.0")
        #expect(JSONWriter.format(1e300) == "1e+300")
    }

    @Test(
        "what the writer writes, the parser reads back",
        arguments: [
            #"{"a":[1,-2.5,true,false,null,"\u0000\"\\é🐲"],"b":{"c":{}},"d":[]}"#,
            #"["\ud83d\udc32",1e+300,-0.001]"#,
        ])
    func roundTrip(text: String) throws {
        let value = try JSONValueParser().parse(text)
        #expect(try JSONValueParser().parse(JSONWriter.compact(value)) == value)
        #expect(try JSONValueParser().parse(JSONWriter.pretty(value)) == value)
    }
}
