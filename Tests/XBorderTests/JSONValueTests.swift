import Foundation
import Testing
@testable import XBorder

@Suite("JSON output")
struct JSONValueTests {
    @Test(arguments: ["plain", "中文：数据出境", "quote \" and \\ backslash", "line\nbreak\ttab\r", "control \u{01}"])
    func stringsRoundTrip(_ text: String) throws {
        let json = JSONValue.object([("k", .string(text))]).serialized()
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(decoded["k"] == text)
    }

    @Test func keysKeepTheirOrder() {
        let value = JSONValue.object([("b", .number(1)), ("a", .array([.bool(true), .null]))])
        #expect(value.serialized() == #"{"b":1,"a":[true,null]}"#)
        #expect(value.serialized(pretty: true) == "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}")
    }
}
