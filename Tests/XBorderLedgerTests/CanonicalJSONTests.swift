import Foundation
import Testing
@testable import XBorderLedger

@Suite("RFC 8785 canonical json")
struct CanonicalJSONTests {
    @Test("strings are escaped as JSON.stringify does: short forms, \\u00xx for other controls, the rest literal")
    func strings() {
        let text = CanonicalJSON.string("a\"b\\c\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}/é€😀\u{2028}").text
        #expect(text == "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f\u{7F}/é€😀\u{2028}\"")
    }

    @Test("members are sorted by utf-16 code units, not by scalars")
    func memberOrder() {
        // U+E000 is one UTF-16 unit above the high surrogate that starts U+1F600.
        let object = CanonicalJSON.object([
            "\u{E000}": .integer(1), "😀": .integer(2), "b": .bool(true), "a": .null, "": .array([]), "B": .object([:]),
        ])
        #expect(object.text == "{\"\":[],\"B\":{},\"a\":null,\"b\":true,\"😀\":2,\"\u{E000}\":1}")
    }

    @Test("integers print as plain digits and are kept within 2^53 - 1")
    func integers() throws {
        #expect(CanonicalJSON.integer(-42).text == "-42")
        #expect(try CanonicalJSON.checked(9_007_199_254_740_991, field: "x").text == "9007199254740991")
        #expect(throws: LedgerError.self) { try CanonicalJSON.checked(9_007_199_254_740_992, field: "x") }
    }

    @Test("a stored record decodes and re-encodes to the same text")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger(path: folder.path("x.db"))
        let entry = Sample.entry("T-\u{0}\u{1}\"é😀", exporter: "E\u{E000}", personal: 3)
        let stored = try ledger.record(entry, audit: Sample.audit(for: entry))
        let text = try stored.canonicalJSON()
        #expect(try AuditRecord.decode(canonical: text) == stored)
        #expect(try AuditRecord.decode(canonical: text).canonicalJSON() == text)
        #expect(text.contains("\\u0000\\u0001\\\"é😀"))
    }
}
