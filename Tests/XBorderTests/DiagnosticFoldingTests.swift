import Testing
@testable import XBorder

@Suite("Diagnostics: consequences folded under their root cause")
struct DiagnosticFoldingTests {
    func load(_ files: [String: String]) throws -> [Diagnostic] {
        PolicyLoader().load(directory: try Support.folder(files)).diagnostics.filter { $0.severity == .error }
    }

    @Test func aRuleTheReaderDroppedCausesTheReferencesToIt() throws {
        let diagnostics = try load(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                then: exempt
              - id: x.b
                cite: Art. 2
                then: exempt
                overrides: [x.a, x.missing]
            """])
        let root = try #require(diagnostics.first { $0.code == .missingCitation })
        #expect(root.causedBy == nil)
        let references = diagnostics.filter { $0.code == .undefinedReference }
        #expect(references.count == 2)
        // 'x.a' was written, but could not be read: its reference follows from the missing cite.
        #expect(references.first { $0.message.contains("'x.a'") }?.causedBy == root.location)
        // 'x.missing' was never declared: a problem of its own.
        #expect(references.first { $0.message.contains("'x.missing'") }?.causedBy == nil)

        let folded = FoldedDiagnostic.fold(diagnostics)
        #expect(folded.count == 2)
        #expect(folded.first { $0.root.code == .missingCitation }?.dependents.count == 1)
    }

    @Test func aFileThatDoesNotParseCausesTheReferencesToWhatItDeclares() throws {
        let diagnostics = try load([
            "params.yaml": """
            pack: p
            title: {zh: 参数, en: parameters}
            parameters:
              limit:
                values:
                  2024-01-01: {value: 5, cite: Art. 1}
                  2024-01-01: {value: 6, cite: Art. 1}
            counters:
              heads: {counts: {class: personal}}
            """,
            "uses.yaml": """
            pack: u
            title: {zh: 使用, en: uses}
            rules:
              - id: u.a
                cite: Art. 3
                when: {persons.heads: {at-least: limit}}
                then: exempt
              - id: u.b
                cite: Art. 4
                when: {persons.personal: {at-least: limit}}
                then: exempt
            """,
        ])
        let root = try #require(diagnostics.first { $0.code == .duplicateKey })
        #expect(root.location.line == 7)
        let dependents = diagnostics.filter { $0.causedBy == root.location }
        #expect(dependents.count == 2, "\(diagnostics)")
        #expect(diagnostics.filter { $0.causedBy == nil } == [root])

        let rendered = DiagnosticRenderer().render(diagnostics)
        #expect(rendered.hasPrefix("\(root.location): error[duplicate-key]"))
        #expect(rendered.contains("  = and 2 errors caused by this one (in 1 file)"))
        #expect(!rendered.contains("error[undefined-reference]"))
        #expect(DiagnosticRenderer().render(folded: FoldedDiagnostic.fold(diagnostics), verbose: true).contains("error[undefined-reference]: no counter named 'heads'"))
    }

    @Test func withoutCausesRenderingIsUnchanged() throws {
        let a = Diagnostic(.unknownKey, "unknown key 'x'", at: SourceLocation(path: "a.yaml", line: 2, column: 1))
        let b = Diagnostic(.missingKey, "a rule needs 'cite'", at: SourceLocation(path: "a.yaml", line: 1, column: 1))
        let renderer = DiagnosticRenderer()
        #expect(renderer.render([b, a]) == renderer.render(folded: FoldedDiagnostic.fold([a, b]), verbose: false))
    }

    @Test func theJSONOfARootHoldsItsConsequences() throws {
        var dependent = Diagnostic(.undefinedReference, "no parameter named 'limit'", at: SourceLocation(path: "b.yaml", line: 3, column: 5))
        let root = Diagnostic(.duplicateKey, "key '2024-01-01' appears twice in this mapping", at: SourceLocation(path: "a.yaml", line: 7, column: 7),
                              help: "merge the two entries")
        dependent.causedBy = root.location
        let folded = FoldedDiagnostic.fold([dependent, root])
        #expect(folded.count == 1)
        let json = try #require(folded.first?.json)
        #expect(json["code"] == .string("duplicate-key") && json["line"] == .number(7) && json["column"] == .number(7))
        #expect(json["file"] == .string("a.yaml") && json["help"] == .string("merge the two entries") && json["severity"] == .string("error"))
        #expect(json["caused"] == .array([dependent.json]))
        #expect(dependent.json["help"] == .null)
    }
}
