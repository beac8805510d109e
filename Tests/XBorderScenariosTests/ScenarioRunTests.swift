import Foundation
import Testing
import XBorder
@testable import XBorderScenarios

@Suite("running suites")
struct ScenarioRunTests {
    @Test("a suite written from the law passes")
    func passingSuite() throws {
        let fixture = try Fixture()
        try fixture.write("suites/bands.yaml", Fixture.passingSuite)
        let run = fixture.run()
        #expect(run.verdict == .passed)
        #expect(run.cases == 3)
        #expect(run.passed == 3)
        #expect(run.suites.first?.title == "volume bands")
    }

    @Test("a wrong expectation fails with expected against actual at the case's line")
    func wrongExpectation() throws {
        let fixture = try Fixture()
        let path = try fixture.write("suites/wrong.yaml", """
        suite: wrong
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: 150 persons claimed exempt
            flow:
              items: [{name: members, class: personal, individuals: 150}]
            expect:
              outcome: exempt
              rules: [t.small]
        """)
        let run = fixture.run()
        #expect(run.verdict == .failed)
        let result = try #require(run.suites.first?.cases.first)
        #expect(result.status == .failed)
        #expect(result.location.path == path)
        #expect(result.location.line == 4)
        let outcome = try #require(result.mismatches.first { $0.field == .outcome })
        #expect(outcome.expected == "exempt")
        #expect(outcome.actual == "contract")
        #expect(outcome.location.line == 8)
        #expect(result.mismatches.contains { $0.field == .rules && $0.expected == "t.small" })
        #expect(result.diff.contains("t.large (Test Law Art. 3)"))
        #expect(result.diff.contains("obligations  t.notice"))
        let text = TextReport().render(run)
        #expect(text.contains("at \(path):4"))
    }

    @Test("a case may expect a refusal with its code, and notes; a decided flow or another error fails it")
    func refusalsAndNotes() throws {
        let fixture = try Fixture()
        try fixture.write("suites/refused.yaml", """
        suite: refusals
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: an unknown purpose is refused
            flow:
              purpose: nonsense
              items: [{name: members, class: personal, individuals: 150}]
            expect: {refused: undefined-reference}
          - name: a decided flow fails a refusal
            flow:
              items: [{name: members, class: personal, individuals: 150}]
            expect: {refused: undefined-reference}
          - name: another code fails it
            flow:
              purpose: nonsense
              items: [{name: members, class: personal, individuals: 150}]
            expect: {refused: out-of-coverage}
          - name: a note that is not there fails
            flow:
              items: [{name: members, class: personal, individuals: 150}]
            expect:
              outcome: contract
              notes: ["no such note"]
        """)
        let run = fixture.run()
        let cases = try #require(run.suites.first?.cases)
        #expect(cases.map(\.status) == [.passed, .failed, .error, .failed])
        #expect(cases[1].mismatches.first?.field == .refused)
        #expect(cases[1].mismatches.first?.actual == "contract")
        #expect(cases[3].mismatches.first?.field == .notes)
    }

    @Test("an empty folder fails: zero cases is not a pass")
    func emptyFolder() throws {
        let fixture = try Fixture()
        try FileManager.default.createDirectory(atPath: fixture.root + "/suites", withIntermediateDirectories: true)
        let run = fixture.run()
        #expect(run.cases == 0)
        #expect(run.verdict == .failed)
    }

    @Test("a typo in a scenario key is located with a did-you-mean")
    func typoInKey() throws {
        let fixture = try Fixture()
        try fixture.write("suites/typo.yaml", """
        suite: typo
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: misspelt expectation
            flow:
              items: [{name: members, class: personal, individuals: 1}]
            expect:
              outcome: exempt
              obligatons: [t.notice]
        """)
        let run = fixture.run()
        #expect(run.verdict == .invalid)
        let result = try #require(run.suites.first?.cases.first)
        #expect(result.status == .error)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .unknownKey)
        #expect(diagnostic.location.line == 9)
        #expect(diagnostic.location.column == 7)
        #expect(diagnostic.help == "did you mean 'obligations'?")
    }

    @Test("a typo in a suite header key is located too")
    func typoInHeader() throws {
        let fixture = try Fixture()
        try fixture.write("suites/header.yaml", "suite: header\ndefualts: {date: 2025-01-01}\ncases: []\n")
        let run = fixture.run()
        let suite = try #require(run.suites.first)
        #expect(suite.isInvalid)
        let diagnostic = try #require(suite.diagnostics.first { $0.code == .unknownKey })
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 1)
        #expect(diagnostic.help == "did you mean 'defaults'?")
        #expect(run.verdict == .invalid)
    }

    @Test("defaults merge under the case key by key, and errors point into the defaults")
    func defaultsMerge() throws {
        let fixture = try Fixture()
        try fixture.write("suites/merge.yaml", """
        suite: merge
        defaults:
          date: 2025-01-01
          exporter: {ciio: false, name: Example Co.}
          recipient: {country: DE}
          items: [{name: default item, class: personal, individuals: 500}]
        cases:
          - name: the case's exporter keeps the default's ciio and its items replace the defaults'
            flow:
              exporter: {name: Other Co.}
              items: [{name: members, class: personal, individuals: 5}]
            expect: {outcome: exempt, rules: [t.small]}
          - name: the defaults' items are used when the case has none
            flow: {purpose: other}
            expect: {outcome: contract}
        """)
        let run = fixture.run()
        #expect(run.verdict == .passed)
        #expect(run.passed == 2)

        // A bad value in the defaults is reported at the defaults' line.
        try fixture.write("suites/merge.yaml", """
        suite: merge
        defaults:
          date: 2025-01-01
          exporter: {ciio: maybe}
          recipient: {country: DE}
        cases:
          - name: one
            flow:
              items: [{name: members, class: personal, individuals: 5}]
            expect: {outcome: exempt}
        """)
        let bad = fixture.run()
        let diagnostic = try #require(bad.suites.first?.cases.first?.diagnostics.first)
        #expect(diagnostic.location.line == 4)
        #expect(diagnostic.code == .typeMismatch)
    }

    @Test("flow-file reads a flow relative to the suite, and examples folders are not suites")
    func flowFile() throws {
        let fixture = try Fixture()
        try fixture.write("suites/examples/big.yaml", """
        date: 2025-01-01
        exporter: {ciio: false}
        recipient: {country: DE}
        items:
          - {name: members, class: personal, individuals: 250}
        """)
        try fixture.write("suites/notes.yaml", "title: not a suite\n")
        try fixture.write("suites/files.yaml", """
        suite: files
        cases:
          - name: an inventory file
            flow-file: examples/big.yaml
            expect: {outcome: contract, rules: [t.large], obligations: [t.notice]}
          - name: a missing file
            flow-file: examples/none.yaml
            expect: {outcome: contract}
        """)
        let run = fixture.run()
        #expect(run.suites.count == 1)
        let cases = try #require(run.suites.first?.cases)
        #expect(cases.first?.status == .passed)
        #expect(cases.last?.status == .error)
        #expect(cases.last?.diagnostics.first?.location.line == 7)
    }

    @Test("--filter selects by case name, suite title or tag")
    func filter() throws {
        let fixture = try Fixture()
        try fixture.write("suites/bands.yaml", Fixture.passingSuite)
        #expect(fixture.run(filter: "HR purpose").cases == 1)
        #expect(fixture.run(filter: "boundary").cases == 2)
        #expect(fixture.run(filter: "VOLUME BANDS").cases == 3)
        let none = fixture.run(filter: "no such case")
        #expect(none.cases == 0)
        #expect(none.verdict == .failed)
    }

    @Test("an expectation naming a rule the policy lacks is invalid, with a hint")
    func undefinedRule() throws {
        let fixture = try Fixture()
        try fixture.write("suites/undefined.yaml", """
        suite: undefined
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: typo in a rule id
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcome: exempt, rules: [t.smal]}
        """)
        let result = try #require(fixture.run().suites.first?.cases.first)
        #expect(result.status == .error)
        #expect(result.diagnostics.first?.code == .undefinedReference)
        #expect(result.diagnostics.first?.help == "did you mean 't.small'?")
    }

    @Test("duplicate case names are refused")
    func duplicateNames() throws {
        let fixture = try Fixture()
        try fixture.write("suites/dup.yaml", """
        suite: dup
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: same
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcome: exempt}
          - name: same
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcome: exempt}
        """)
        let run = fixture.run()
        #expect(run.suites.first?.cases.last?.diagnostics.first?.code == .duplicateID)
        #expect(run.verdict == .invalid)
    }
}
