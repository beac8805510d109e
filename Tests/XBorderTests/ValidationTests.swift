import Testing
@testable import XBorder

@Suite("Validation: every problem, located, with a code")
struct ValidationTests {
    func diagnostics(_ files: [String: String], withMini: Bool = true) throws -> [Diagnostic] {
        PolicyLoader().load(directory: try Support.folder(files, withMini: withMini)).diagnostics.filter { $0.severity == .error }
    }

    func only(_ code: DiagnosticCode, in diagnostics: [Diagnostic]) throws -> Diagnostic {
        let matching = diagnostics.filter { $0.code == code }
        #expect(matching.count == 1, "expected one \(code), got \(diagnostics)")
        return try #require(matching.first)
    }

    @Test func theMiniFixtureIsClean() throws {
        #expect(try diagnostics([:]).isEmpty)
    }

    @Test func unknownKeyWithDidYouMean() throws {
        let d = try only(.unknownKey, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                cite: Art. 1
                tehn: exempt
            """]))
        #expect(d.location.line == 6 && d.location.column == 5)
        #expect(d.help == "did you mean 'then'?")
    }

    @Test func missingCitation() throws {
        let d = try only(.missingCitation, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                then: exempt
            """]))
        #expect(d.location.line == 4 && d.location.column == 5)
    }

    @Test func duplicateRuleID() throws {
        let d = try only(.duplicateID, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - {id: mini.core, cite: Art. 1, then: exempt}
            """]))
        #expect(d.location.line == 4 && d.location.column == 10)
    }

    @Test func undefinedReferences() throws {
        let all = try diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                cite: Art. 1
                when: {persons.personal: {at-least: contract-treshold}, purpose: shoping}
                then: exemt
                overrides: [mini.nothing]
                obligations: [mini.consnt]
            """]).filter { $0.code == .undefinedReference }
        #expect(all.count == 5)
        let lines = all.map { "\($0.location.line):\($0.location.column)" }
        #expect(lines == ["6:41", "6:70", "7:11", "8:17", "9:19"])
        #expect(all.contains { $0.help == "did you mean 'contract-threshold'?" })
        #expect(all.contains { $0.help == "did you mean 'exempt'?" })
    }

    @Test func overrideCycles() throws {
        let all = try diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - {id: x.a, cite: Art. 1, then: exempt, overrides: [x.b]}
              - {id: x.b, cite: Art. 2, then: exempt, overrides: [x.a]}
            """])
        #expect(all.contains { $0.code == .overrideCycle })
    }

    @Test func overlappingParameterValues() throws {
        let d = try only(.duplicateKey, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            parameters:
              p:
                values:
                  2024-01-01: {value: 1, cite: Art. 1}
                  2024-01-01: {value: 2, cite: Art. 2}
            """]))
        #expect(d.location.line == 7)
    }

    @Test func parameterGap() throws {
        let d = try only(.parameterGap, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            in-force: 2020-01-01
            rules:
              - id: x.a
                cite: Art. 1
                when: {persons.personal: {at-least: contract-threshold}}
                then: contract
            """]))
        #expect(d.location.line == 7 && d.location.column == 41)
    }

    @Test func typeMismatchOnATest() throws {
        let d = try only(.typeMismatch, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                cite: Art. 1
                when: {exporter: {ciio: {at-least: 3}}}
                then: contract
            """]))
        #expect(d.location.line == 6 && d.location.column == 30)
    }

    @Test func unknownFieldInCondition() throws {
        let d = try only(.unknownKey, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - id: x.a
                cite: Art. 1
                when: {exporter: {cio: true}}
                then: contract
            """]))
        #expect(d.help == "did you mean 'ciio'?")
        #expect(d.location.line == 6 && d.location.column == 23)
    }

    @Test func commaInsideFlowMappingGetsAHint() throws {
        let d = try only(.unknownKey, in: diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: phone, e-mail}
            """]))
        #expect(d.help?.contains("quotes") == true)
    }

    @Test func yamlErrorsInPoliciesAreLocated() throws {
        let d = try only(.yamlSyntax, in: diagnostics(["x.yaml": "pack: x\ntitle: {zh: a, en: b\n"]))
        #expect(d.location.path.hasSuffix("x.yaml"))
    }

    @Test func manyProblemsAreAllReported() throws {
        let all = try diagnostics(["x.yaml": """
            pack: x
            title: {zh: 测试, en: test}
            rules:
              - {id: x.a, then: exempt}
              - {id: x.b, cite: Art. 2, then: nothing}
              - {id: x.c, cite: Art. 3, then: exempt, overides: [x.a]}
            """])
        #expect(Set(all.map(\.code)) == [.missingCitation, .undefinedReference, .unknownKey])
        #expect(all.map(\.location.line) == all.map(\.location.line).sorted())
    }
}
