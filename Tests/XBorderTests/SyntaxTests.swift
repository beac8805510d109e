import Testing
@testable import XBorder

@Suite("Syntax: located trees from libyaml events")
struct SyntaxTests {
    func parse(_ text: String, limits: ParseLimits = .standard) throws(Diagnostic) -> Node {
        try YAMLParser(limits: limits).parseDocument(SourceFile(path: "t.yaml", text: text))
    }

    @Test func nodesCarryLineAndColumn() throws {
        let node = try parse("a: 1\nb:\n  - x\n  - {c: d}\n")
        #expect(node.location.line == 1 && node.location.column == 1)
        let b = try #require(node["b"])
        #expect(b.location.line == 3 && b.location.column == 3)
        let second = try #require(b.elements?[1])
        #expect(second.location.line == 4 && second.location.column == 5)
        let pair = try #require(second.pairs?.first)
        #expect(pair.keyLocation.column == 6)
        #expect(pair.value.location.column == 9)
    }

    @Test func equalityIgnoresLocations() throws {
        #expect(try parse("a: [1, 2]") == parse("\n\n  a:\n    - 1\n    - 2\n"))
    }

    @Test func scalarsKnowTheirStyle() throws {
        let node = try parse("n: 100_000\nq: '100000'\nb: true\nz: ~\n")
        #expect(node["n"]?.scalar?.integer == 100_000)
        #expect(node["q"]?.scalar?.integer == nil)
        #expect(node["b"]?.scalar?.bool == true)
        #expect(node["z"]?.scalar?.isNull == true)
    }

    @Test func syntaxErrorsAreLocated() {
        #expect {
            _ = try parse("a: 1\nb: [1, 2\nc: 3\n")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.code == .yamlSyntax && diagnostic.location.line >= 2
        }
    }

    @Test func duplicateKeysAreRefused() {
        #expect {
            _ = try parse("a: 1\nb: 2\na: 3\n")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.code == .duplicateKey && diagnostic.location.line == 3 && diagnostic.location.column == 1
        }
    }

    @Test func aliasBombsAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        let started = ContinuousClock.now
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? Diagnostic)?.code == .limitExceeded
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func smallAliasesAreFine() throws {
        let node = try parse("base: &b {ciio: false}\nexporter: *b\n")
        #expect(node["exporter"]?["ciio"]?.scalar?.bool == false)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? Diagnostic)?.code == .limitExceeded
        }
    }

    @Test func oversizedInputIsRefused() {
        let limits = ParseLimits(maxBytes: 10, maxDepth: 10, maxNodes: 100, maxAliases: 10)
        #expect(throws: Diagnostic.self) { _ = try parse("a: 123456789012345", limits: limits) }
    }

    @Test func jsonIsReadToo() throws {
        let node = try parse(#"{"date": "2025-01-01", "items": [{"name": "x", "individuals": 5}]}"#)
        #expect(node["items"]?.elements?.first?["individuals"]?.scalar?.integer == 5)
    }

    @Test func lineOffsetShiftsReportedLines() throws {
        let node = try YAMLParser().parseDocument(SourceFile(path: "f.jsonl", text: #"{"a": 1}"#, lineOffset: 41))
        #expect(node.location.line == 42)
    }
}
