import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import XBorder
@testable import XBorderScenarios

@Suite("reports, coverage and recording")
struct ReportTests {
    @Test("JUnit XML parses back with the right counts")
    func junit() throws {
        let fixture = try Fixture()
        try fixture.write("suites/bands.yaml", Fixture.passingSuite)
        try fixture.write("suites/mixed.yaml", """
        suite: mixed <&> "quotes"
        defaults: {date: 2025-01-01, exporter: {ciio: false}, recipient: {country: DE}}
        cases:
          - name: fails
            flow: {items: [{name: m, class: personal, individuals: 150}]}
            expect: {outcome: exempt}
          - name: invalid
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcom: exempt}
          - name: passes
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcome: exempt}
        """)
        let run = fixture.run()
        let document = try XMLDocument(xmlString: JUnitReport().xml(run), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "6")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 2)
        let mixed = try #require(suites.first { $0.attribute(forName: "name")?.stringValue == "mixed <&> \"quotes\"" })
        #expect(mixed.attribute(forName: "tests")?.stringValue == "3")
        #expect(mixed.attribute(forName: "failures")?.stringValue == "1")
        #expect(mixed.attribute(forName: "errors")?.stringValue == "1")
        let cases = mixed.elements(forName: "testcase")
        #expect(cases.count == 3)
        #expect(cases.allSatisfy { $0.attribute(forName: "classname")?.stringValue == fixture.root + "/suites/mixed.yaml" })
        let failure = try #require(cases.first?.elements(forName: "failure").first)
        #expect(failure.stringValue?.contains("expected 'exempt', actual 'contract'") == true)
        #expect(cases[1].elements(forName: "error").count == 1)
        #expect(cases[2].children?.isEmpty ?? true)
    }

    @Test("JSON report carries the verdict and each case's status")
    func json() throws {
        let fixture = try Fixture()
        try fixture.write("suites/bands.yaml", Fixture.passingSuite)
        let json = fixture.run().json(coverage: true)
        #expect(json["verdict"] == .string("passed"))
        #expect(json["summary"]?["cases"] == .number(3))
        #expect(json["coverage"] != nil)
    }

    @Test("coverage names the rule no case reached, and the exception that set a rule aside")
    func coverage() throws {
        let fixture = try Fixture()
        try fixture.write("suites/bands.yaml", Fixture.passingSuite)
        let coverage = try #require(fixture.run().coverage.first)
        let never = coverage.rules.filter { !$0.exercised }.map(\.id)
        #expect(never == ["t.never"])
        #expect(coverage.exercised == 3 && coverage.total == 4)
        #expect(coverage.percent == 75)
        #expect(coverage.exceptions.map(\.id) == ["t.hr"])
        #expect(coverage.exceptions.first?.exercised == true)
        let text = TextReport().render(coverage)
        #expect(text.contains("t.never — Test Law Art. 5  never fired"))
    }

    @Test("a recorded case is appended as text, keeps the file's comments, and then passes")
    func record() throws {
        let fixture = try Fixture()
        let suite = try fixture.write("suites/desk.yaml", """
        # the desk's own cases — keep this comment
        suite: desk cases
        defaults:
          date: 2025-01-01
          exporter: {ciio: false, name: Example Co.}
          recipient: {country: DE}
        cases:
          - name: first
            flow: {items: [{name: m, class: personal, individuals: 1}]}
            expect: {outcome: exempt}   # trailing comment
        """)
        let flow = try fixture.write("flows/ticket-17.yaml", """
        id: ticket-17
        date: 2025-01-01
        exporter: {ciio: false, name: Example Co.}
        recipient: {country: DE}
        items:
          - {name: "members: all", class: personal, individuals: 120}
        """)
        let before = try String(contentsOfFile: suite, encoding: .utf8)
        let recording = try ScenarioRecorder(defaultPolicies: fixture.policies).record(flow: flow, to: suite)
        try recording.write()
        let after = try String(contentsOfFile: suite, encoding: .utf8)
        #expect(after.hasPrefix(before))
        #expect(recording.caseName == "ticket-17")
        #expect(recording.caseText.contains("outcome: contract"))
        #expect(recording.caseText.contains("rules: [t.large]"))
        #expect(recording.caseText.contains("obligations: [t.notice]"))
        #expect(!recording.caseText.contains("recipient"))  // the suite's defaults say it already
        let run = fixture.run()
        #expect(run.verdict == .passed)
        #expect(run.cases == 2)

        // Recording the same flow again picks a fresh name; a name given twice is refused.
        let again = try ScenarioRecorder(defaultPolicies: fixture.policies).record(flow: flow, to: suite)
        #expect(again.caseName == "ticket-17 (2)")
        #expect(throws: RecordingError.self) {
            try ScenarioRecorder(defaultPolicies: fixture.policies).record(flow: flow, to: suite, name: "first")
        }
    }

    @Test("recording into a missing suite creates it with a header")
    func recordNew() throws {
        let fixture = try Fixture()
        let flow = try fixture.write("flows/a.json", """
        {"date": "2025-01-01", "exporter": {"ciio": false}, "recipient": {"country": "DE"},
         "items": [{"name": "x", "class": "personal", "individuals": 7}]}
        """)
        let recording = try ScenarioRecorder(defaultPolicies: fixture.policies).record(flow: flow, to: fixture.root + "/suites/new.yaml", name: "seven")
        try recording.write()
        #expect(recording.createsSuite)
        #expect(recording.fileText.hasPrefix("suite: new\ncases:\n"))
        #expect(fixture.run().verdict == .passed)
    }

    @Test("the YAML writer keeps numbers plain and quotes text that would change meaning")
    func writer() {
        #expect(YAMLWriter.scalarText("100000", wasPlain: true, inFlow: true) == "100000")
        #expect(YAMLWriter.scalarText("100000", wasPlain: false, inFlow: true) == "\"100000\"")
        #expect(YAMLWriter.scalarText("a, b", wasPlain: false, inFlow: true) == "\"a, b\"")
        #expect(YAMLWriter.scalarText("a, b", wasPlain: false, inFlow: false) == "a, b")
        #expect(YAMLWriter.scalarText("true", wasPlain: false, inFlow: false) == "\"true\"")
        #expect(YAMLWriter.scalarText("会员", wasPlain: false, inFlow: true) == "会员")
    }
}
