import Testing
@testable import XBorder

/// The strict JSON reader (`JSONScanner` under `JSONParser`) on the edges of RFC 8259 and of
/// UTF-8 (RFC 3629): what it accepts, what it decodes it to, and where and with which code it
/// refuses the rest.
///
/// Fixtures mark the expected place of an error with 1️⃣ (and further places with 2️⃣, 3️⃣ …);
/// `⟨ED A0 80⟩` stands for raw bytes, so that text that is not UTF-8 can be written down.
@Suite("Strict JSON reader: UTF-8, escapes, numbers, literals, limits, places")
struct JSONScannerTests {
    // MARK: UTF-8

    @Test(arguments: [
        ("⟨C2 80⟩", "\u{80}"), ("⟨C3 A9⟩", "é"), ("⟨DF BF⟩", "\u{7FF}"),
        ("⟨E0 A0 80⟩", "\u{800}"), ("⟨E5 8C 97⟩", "北"), ("⟨ED 9F BF⟩", "\u{D7FF}"), ("⟨EE 80 80⟩", "\u{E000}"), ("⟨EF BF BF⟩", "\u{FFFF}"),
        ("⟨F0 90 80 80⟩", "\u{10000}"), ("⟨F0 A0 AE B7⟩", "𠮷"), ("⟨F4 8F BF BF⟩", "\u{10FFFF}"),
    ])
    func wellFormedSequencesOfTwoThreeAndFourBytesAreRead(_ bytes: String, _ expected: String) throws {
        #expect(try Self.text(of: "\"a\(bytes)b\"") == "a\(expected)b")
        // Also on the decoding path, after an escape.
        #expect(try Self.text(of: "\"\\n\(bytes)\"") == "\n\(expected)")
    }

    @Test(arguments: [
        // Overlong forms.
        #""1️⃣⟨C0 AF⟩""#, #""1️⃣⟨C1 BF⟩""#, #""a1️⃣⟨E0 80 AF⟩""#, #""1️⃣⟨E0 9F BF⟩""#, #""1️⃣⟨F0 80 80 AF⟩""#, #""1️⃣⟨F0 8F BF BF⟩""#,
        // Surrogates written in UTF-8, and beyond U+10FFFF.
        #""1️⃣⟨ED A0 80⟩""#, #""1️⃣⟨ED BF BF⟩""#, #""1️⃣⟨F4 90 80 80⟩""#,
        // Bytes that never occur in UTF-8.
        #""1️⃣⟨F5 80 80 80⟩""#, #""1️⃣⟨F8 88 80 80 80⟩""#, #""1️⃣⟨FE⟩""#, #""1️⃣⟨FF⟩""#,
        // Sequences cut short, by the closing quote or by the end of the text.
        #""1️⃣⟨C3⟩""#, #""1️⃣⟨E5 8C⟩""#, #""1️⃣⟨F0 A0 AE⟩""#, #""北1️⃣⟨E5 8C⟩"#, #""1️⃣⟨F0⟩"#,
        // A lead byte followed by something other than a continuation byte.
        #""1️⃣⟨E5 41 97⟩""#, #""1️⃣⟨F0 A0 41 B7⟩""#, #""1️⃣⟨C3 C3 A9⟩""#,
        // Continuation bytes with no lead byte, alone or after a complete character.
        #""1️⃣⟨80⟩""#, #""ab1️⃣⟨BF⟩""#, #""é1️⃣⟨A9⟩""#, #""𠮷1️⃣⟨B7⟩""#,
        // The same after an escape, where the string is being decoded.
        #""\t1️⃣⟨ED A0 80⟩""#, #""\u00e9é1️⃣⟨80⟩""#, #""\n1️⃣⟨C3⟩""#,
        // The place is counted in characters, on its own line.
        "{\"北京\": \"上海\",\n  \"𠮷\": \"ok 1️⃣⟨C0 80⟩\"}",
    ])
    func malformedUTF8IsRefusedAtItsFirstByte(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test(arguments: [
        "1️⃣⟨FF⟩", "1️⃣⟨C3 A9⟩", "[1, 1️⃣⟨E5 8C 97⟩]", "{\"a\": 1️⃣⟨80⟩}", "{\"a\": 1}1️⃣⟨ED A0 80⟩",
    ])
    func bytesAboveASCIIOutsideAStringAreRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    // MARK: escapes

    @Test func everyEscapeOfJSONIsDecoded() throws {
        #expect(try Self.text(of: #""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(try Self.text(of: #""\u0041\u00e9\u00E9\u5317\uFFFF\u0000""#) == "Aéé北\u{FFFF}\u{0}")
        #expect(try Self.text(of: #""a\/b""#) == "a/b")
    }

    @Test func aSurrogatePairIsOneCharacter() throws {
        let text = try Self.text(of: #""\ud842\udfb7\uD83D\uDE00""#)
        #expect(text == "𠮷😀")
        #expect(text.unicodeScalars.map(\.value) == [0x20BB7, 0x1F600])
        #expect(try Self.text(of: #""\udbff\udfff""#).unicodeScalars.map(\.value) == [0x10FFFF])
        #expect(try Self.text(of: #""\ud800\udc00""#).unicodeScalars.map(\.value) == [0x10000])
    }

    /// RFC 8259 §8.2 leaves a lone surrogate escape to the reader; this one refuses it rather
    /// than pass on text that is not Unicode, at the escape that cannot be completed.
    @Test(arguments: [
        #""1️⃣\ud842""#, #""x1️⃣\ud842x""#, #""1️⃣\ud842\n""#, #""\uDBFF1️⃣\u0041""#,
        #""\ud8421️⃣\ud842""#, #""1️⃣\ud842 \udfb7""#, #""1️⃣\udfb7""#, #""1️⃣\uDC00\uD800""#,
        #""1️⃣\ud842"#, #""\ud8421️⃣\udf""#, #""\ud8421️⃣\u"#,
    ])
    func aLoneSurrogateEscapeIsRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test(arguments: [
        #""1️⃣\x41""#, #""ab1️⃣\U0041""#, #""1️⃣\'""#, #""1️⃣\0""#, #""1️⃣\a""#, #""1️⃣\v""#, #""1️⃣\ ""#,
        #""1️⃣\u12""#, #""1️⃣\u123""#, #""1️⃣\uGHIJ""#, #""1️⃣\u12g4""#, #""1️⃣\u-123""#, #""1️⃣\u12"#, #""北京1️⃣\u"#,
        #""1️⃣\"#, "\"1️⃣\\⟨C3 A9⟩\"", "[\"ok\",\n \"\\n1️⃣\\q\"]",
    ])
    func anInvalidEscapeIsRefusedAtItsBackslash(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test(arguments: [
        "\"a1️⃣\tb\"", "\"1️⃣\n\"", "\"ab1️⃣\r\"", "\"1️⃣⟨00⟩\"", "\"1️⃣⟨1F⟩\"", "\"\\t1️⃣\t\"", "\"é1️⃣⟨1B⟩[31m\"",
    ])
    func aControlCharacterInsideAStringIsRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test func deleteIsNotAControlCharacterOfJSON() throws {
        #expect(try Self.text(of: "\"a\u{7F}b\"") == "a\u{7F}b")
    }

    @Test(arguments: ["1️⃣\"abc", "[1️⃣\"abc]", "{\"a\": 1️⃣\"b\\\"}", "[\"a\", 1️⃣\"\\u0041"])
    func anUnclosedStringIsRefusedAtItsOpeningQuote(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    // MARK: numbers and literals

    @Test(arguments: [
        "0", "-0", "7", "-12", "1e400", "-1e-400", "1.5e-3", "1E+2", "2e0", "0.0", "-0.0e-0", "3.14159",
        "123456789012345678901234567890", "-99999999999999999999999999999999999999.5",
    ])
    func numbersAreReadAsWritten(_ number: String) throws {
        let node = try Self.parse(number)
        #expect(node.scalar == Scalar(text: number, isPlain: true))
        let inArray = try Self.parse("[\(number),\(number)]")
        #expect(inArray.elements?.map(\.scalar) == [Scalar(text: number, isPlain: true), Scalar(text: number, isPlain: true)])
    }

    @Test(arguments: [
        // Leading zeros.
        "1️⃣01", "-1️⃣01", "[1️⃣00]", "{\"a\": 1️⃣007}", "-1️⃣00.5",
        // A sign, a point or an exponent with no digits after it.
        "-1️⃣", "[-1️⃣]", "-1️⃣a", "1.1️⃣", "[1.1️⃣]", "1.1️⃣e3", "1e1️⃣", "1E+1️⃣", "[1e-1️⃣]", "1.5e1️⃣x",
        // What other languages write.
        "1️⃣.5", "1️⃣+1", "[1️⃣+1]", "1️⃣NaN", "1️⃣Infinity", "-1️⃣Infinity", "01️⃣x10", "1 1️⃣2", "[1 1️⃣2]", "11️⃣_000",
    ])
    func malformedNumbersAreRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test func theThreeLiteralsAreRead() throws {
        let node = try Self.parse("[true,false,null]")
        #expect(node.elements?.map { $0.scalar?.text } == ["true", "false", "null"])
        #expect(node.elements?.allSatisfy { $0.scalar?.isPlain == true } == true)
        #expect(try Self.parse(" true ").scalar?.bool == true)
        #expect(try Self.parse("null").scalar?.isNull == true)
        #expect(try Self.parse(#"{"a":false}"#)["a"]?.scalar?.bool == false)
    }

    @Test(arguments: [
        "1️⃣tru", "1️⃣nul", "1️⃣fals", "1️⃣True", "1️⃣NULL", "1️⃣truex", "[1️⃣nulll]", "{\"a\": 1️⃣falsey}", "1️⃣true1", "1️⃣null_",
        "1️⃣trueé", "[true, 1️⃣t]", "1️⃣yes", "{\"a\": 1️⃣undefined}", "true 1️⃣false",
    ])
    func wordsThatAreNotLiteralsAreRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    // MARK: structure

    @Test(arguments: [
        "[1,1️⃣]", "{\"a\": 1,1️⃣}", "[1️⃣,1]", "{1️⃣,}", "{\"a\" 1️⃣1}", "{\"a\": 1 1️⃣\"b\": 2}", "{1️⃣a: 1}", "{1️⃣'a': 1}",
        "[1️⃣'a']", "1️⃣// comment\n{}", "{\"a\": 1 1️⃣/* c */}", "1️⃣# comment", "[1️⃣", "{\"a\":1️⃣", "{\"a\"1️⃣", "{1️⃣",
        "[1, 21️⃣}", "{\"a\": 11️⃣]",
        "{1️⃣1: 2}", "{1️⃣null: 2}", "1️⃣}", "1️⃣]", "1️⃣:",
    ])
    func brokenStructureIsRefusedWhereItBreaks(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test(arguments: ["{}1️⃣x", "{} 1️⃣{}", "{}\n1️⃣{}", "\"a\"1️⃣\"b\"", "[]1️⃣]", "1 1️⃣2", "null1️⃣,", "{}\r\n\r\n1️⃣⟨00⟩"])
    func textAfterTheValueIsRefused(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test(arguments: ["1️⃣", "   1️⃣", "\n\n1️⃣", "\r\n\t 1️⃣", "⟨EF BB BF⟩1️⃣", "⟨EF BB BF⟩ \n1️⃣"])
    func emptyInputIsRefusedWhereItEnds(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    // MARK: whitespace, lines, byte order mark

    @Test func spaceTabCarriageReturnAndLineFeedAreWhitespace() throws {
        let node = try Self.parse(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\ntrue \t\r\n] \t\r\n} \t\r\n")
        #expect(node["a"]?.elements?.count == 2)
    }

    @Test(arguments: [
        "1️⃣⟨0C⟩{}", "1️⃣⟨0B⟩{}", "[1,1️⃣⟨0C⟩2]", "{\"a\":1️⃣⟨00⟩1}", "1️⃣⟨C2 A0⟩{}", "{}1️⃣⟨C2 A0⟩", "[1,1️⃣\u{3000}2]",
        "[1,1️⃣\u{2028}2]", "[1,1️⃣\u{85}2]", "{1️⃣\u{FEFF}\"a\": 1}", "1️⃣⟨1C⟩[]",
    ])
    func noOtherCharacterIsWhitespace(_ fixture: String) throws {
        try Self.expectFailure(fixture, .jsonSyntax)
    }

    @Test func aByteOrderMarkIsSkippedAtTheStartOnly() throws {
        #expect(try Self.parse(Self.fixture("⟨EF BB BF⟩{\"a\": 1}").bytes)["a"]?.scalar?.text == "1")
        #expect(try Self.parse(Self.fixture("⟨EF BB BF⟩ \r\n [] ").bytes).elements == [])
        // Inside a string it is a character like any other.
        #expect(try Self.text(of: "\"\u{FEFF}a\"") == "\u{FEFF}a")
        try Self.expectFailure("⟨EF BB BF⟩1️⃣⟨EF BB BF⟩{}", .jsonSyntax)
        try Self.expectFailure(" 1️⃣⟨EF BB BF⟩{}", .jsonSyntax)
        try Self.expectFailure("[1️⃣⟨EF BB BF⟩1]", .jsonSyntax)
        // A BOM cut short is not one.
        try Self.expectFailure("1️⃣⟨EF BB⟩{}", .jsonSyntax)
    }

    @Test func linesAreCountedAtLineFeedsSoCRLFCountsOnce() throws {
        try Self.expectFailure("{\r\n  \"a\": 1,\r\n  1️⃣\"a\": 2\r\n}", .duplicateKey)
        try Self.expectFailure("[\r\n1,\r\n\r\n1️⃣x]", .jsonSyntax)
        try Self.expectFailure("[\n1,\n\n1️⃣x]", .jsonSyntax)
        // A carriage return alone does not end a line: it takes a column.
        try Self.expectFailure("[1,\r1️⃣x]", .jsonSyntax)
    }

    @Test func nodesAreLocatedInCharactersOnTheirLine() throws {
        let fixture = Self.fixture("1️⃣{\r\n  2️⃣\"名前\": 3️⃣\"𠮷野家\",\n\t4️⃣\"list\":\t5️⃣[6️⃣1, 7️⃣{8️⃣\"é\": 9️⃣null}]}")
        let node = try Self.parse(fixture.bytes)
        func at(_ marker: Int) -> [Int] { fixture.places[marker].map { [$0.line, $0.column] } ?? [] }
        func place(_ location: XBorder.SourceLocation) -> [Int] { [location.line, location.column] }
        let pairs = try #require(node.pairs)
        let list = try #require(pairs.last?.value.elements)
        let inner = try #require(list.last?.pairs?.first)
        #expect(place(node.location) == at(1))
        #expect(place(pairs[0].keyLocation) == at(2))
        #expect(place(pairs[0].value.location) == at(3))
        #expect(place(pairs[1].keyLocation) == at(4))
        #expect(place(pairs[1].value.location) == at(5))
        #expect(place(list[0].location) == at(6))
        #expect(place(list[1].location) == at(7))
        #expect(place(inner.keyLocation) == at(8))
        #expect(place(inner.value.location) == at(9))
    }

    @Test func aLineOfAJSONLinesFileIsLocatedInTheFile() throws {
        let source = SourceFile(path: "inventory.jsonl", text: "{\"a\": 1, \"a\": 2}", lineOffset: 41)
        let error = try #require(throws: Diagnostic.self) { try JSONParser().parseDocument(source) }
        #expect(error.code == .duplicateKey)
        #expect([error.location.line, error.location.column] == [42, 10])
        #expect(error.location.path == "inventory.jsonl")
    }

    // MARK: keys

    @Test(arguments: [
        "{\"a\": 1, 1️⃣\"a\": 2}", "{\"a\": 1, \"b\": 2, 1️⃣\"a\": 3}", "{\"x\": {\"a\": [1, {\"a\": 2}],\n   1️⃣\"a\": 2}}",
        // Keys are compared as the text they decode to.
        #"{"a": 1, 1️⃣"\u0061": 2}"#, #"{"𠮷": 1, 1️⃣"\ud842\udfb7": 2}"#, #"{"\/": 1, 1️⃣"/": 2}"#, #"{"": 1, 1️⃣"": 2}"#,
        // And as Swift compares text: canonically equivalent keys would be one key to every
        // reader downstream, so they are refused as the same key.
        "{\"é\": 1, 1️⃣\"e\\u0301\": 2}",
    ])
    func aRepeatedKeyIsRefusedAtItsSecondOccurrence(_ fixture: String) throws {
        try Self.expectFailure(fixture, .duplicateKey)
    }

    @Test func theSameKeyInDifferentObjectsIsNoRepetition() throws {
        let node = try Self.parse(#"{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}], "A": 4, "a ": 5}"#)
        #expect(node.pairs?.map(\.key) == ["a", "b", "A", "a "])
    }

    // MARK: limits

    @Test func nestingDeeperThanTheLimitIsRefusedAtTheFirstBracketTooDeep() throws {
        let depth = ParseLimits.standard.maxDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try Self.parse(deepest).elements?.count == 1)
        try Self.expectFailure(String(repeating: "[", count: depth) + "1️⃣[" + String(repeating: "]", count: depth + 1), .limitExceeded)
        let objects = String(repeating: "{\"a\":", count: depth) + "1️⃣{}" + String(repeating: "}", count: depth)
        try Self.expectFailure(objects, .limitExceeded)
        // Unclosed brackets are refused at the limit, before the end of the text is looked for.
        try Self.expectFailure(String(repeating: "[", count: depth) + "1️⃣" + String(repeating: "[", count: 10_000), .limitExceeded)
        let shallow = ParseLimits(maxBytes: 100, maxDepth: 2, maxNodes: 100, maxAliases: 0)
        try Self.expectFailure("[{\"a\": 1️⃣[]}]", .limitExceeded, limits: shallow)
        try Self.expectFailure("[[], {}, [1️⃣[]]]", .limitExceeded, limits: shallow)
    }

    @Test func moreValuesThanTheLimitAreRefusedAtTheFirstOneTooMany() throws {
        let three = ParseLimits(maxBytes: 100, maxDepth: 10, maxNodes: 3, maxAliases: 0)
        #expect(try Self.parse(Array("[1,2]".utf8), limits: three).elements?.count == 2)
        try Self.expectFailure("[1,2,1️⃣3]", .limitExceeded, limits: three)
        try Self.expectFailure("{\"a\": [\n1, 1️⃣{}]}", .limitExceeded, limits: three)
    }

    @Test func aTextLargerThanTheLimitIsRefusedAtItsStart() throws {
        let ten = ParseLimits(maxBytes: 10, maxDepth: 10, maxNodes: 100, maxAliases: 0)
        #expect(try Self.parse(Array("[1, 2, 34]".utf8), limits: ten).elements?.count == 3)
        try Self.expectFailure("1️⃣[1, 2, 345]", .limitExceeded, limits: ten)
        // Before anything else is looked at.
        try Self.expectFailure("1️⃣\n\n[1, 2, ⟨FF⟩]", .limitExceeded, limits: ten)
    }
}

// MARK: fixtures

extension JSONScannerTests {
    /// A fixture's bytes and the places of its markers (1️⃣ is 1).
    struct Fixture {
        var bytes: [UInt8] = []
        var places: [Int: (line: Int, column: Int)] = [:]
    }

    static let markers: [Character: Int] = ["1️⃣": 1, "2️⃣": 2, "3️⃣": 3, "4️⃣": 4, "5️⃣": 5, "6️⃣": 6, "7️⃣": 7, "8️⃣": 8, "9️⃣": 9]

    /// Reads a fixture. A marker's place is the line and column of the character after it: lines
    /// end at line feeds, columns count Unicode scalars (the bytes of ⟨…⟩ are decoded for that).
    static func fixture(_ template: String) -> Fixture {
        var fixture = Fixture()
        var line = 1, column = 1
        func advance(over bytes: [UInt8]) {
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
        }
        var rest = Substring(template)
        while let character = rest.first {
            rest = rest.dropFirst()
            if let marker = markers[character] {
                fixture.places[marker] = (line, column)
            } else if character == "⟨", let end = rest.firstIndex(of: "⟩") {
                let raw = rest[..<end].split(separator: " ").compactMap { UInt8($0, radix: 16) }
                fixture.bytes += raw
                advance(over: raw)
                rest = rest[rest.index(after: end)...]
            } else {
                let utf8 = Array(String(character).utf8)
                fixture.bytes += utf8
                advance(over: utf8)
            }
        }
        return fixture
    }

    static func parse(_ bytes: [UInt8], limits: ParseLimits = .standard) throws(Diagnostic) -> Node {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<Node, Diagnostic> in
            do throws(Diagnostic) {
                return .success(try JSONParser(limits: limits).parseDocument(buffer, path: "test.json"))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func parse(_ json: String) throws(Diagnostic) -> Node {
        try parse(Array(json.utf8))
    }

    /// The text of a fixture that holds one JSON string.
    static func text(of template: String) throws -> String {
        let node = try parse(fixture(template).bytes)
        let scalar = try #require(node.scalar)
        #expect(!scalar.isPlain)
        return scalar.text
    }

    /// Expects the fixture to be refused with `code` at its marker 1️⃣.
    static func expectFailure(_ template: String, _ code: DiagnosticCode, limits: ParseLimits = .standard,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let fixture = Self.fixture(template)
        let place = try #require(fixture.places[1], "the fixture marks no place: \(template)", sourceLocation: sourceLocation)
        let error = try #require(throws: Diagnostic.self, "accepted: \(template)", sourceLocation: sourceLocation) {
            try parse(fixture.bytes, limits: limits)
        }
        #expect(error.code == code, "\(template): \(error)", sourceLocation: sourceLocation)
        #expect([error.location.line, error.location.column] == [place.line, place.column], "\(template): \(error)", sourceLocation: sourceLocation)
        #expect(error.location.path == "test.json", sourceLocation: sourceLocation)
    }
}
