import Foundation
import Testing
@testable import XBorder

/// Inputs large enough that a quadratic step shows: each is checked on what it produced, with a
/// time limit only to stop a hang (what is asserted never depends on the machine's speed).
@Suite("Scale: readers and the renderer are linear in their input")
struct ScaleTests {
    static let head = #"{"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "#

    @Test(.timeLimit(.minutes(1)))
    func aListOf200000ElementsParses() throws {
        let text = Self.head + #""items": [{"name": "a", "class": "general", "features": ["# + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]}]}"
        let node = try YAMLParser().parseDocument(SourceFile(path: "big.json", text: text))
        #expect(node["items"]?.elements?.first?["features"]?.elements?.count == 200_000)
    }

    @Test(.timeLimit(.minutes(1)))
    func fortyThousandItemsOfTheSameNameAreDecided() throws {
        let policy = try Support.mini()
        let items = Array(repeating: #"{"name": "same", "class": "personal", "individuals": 5}"#, count: 40_000).joined(separator: ",")
        let located = try FlowReader().read(SourceFile(path: "same.json", text: Self.head + #""items": ["# + items + "]}"))
        #expect(located.flow.items.count == 40_000)
        let report = try Support.decide(Self.head + #""items": ["# + items + "]}", policy)
        #expect(report.counters.first?.use.flow == 200_000)
        #expect(report.outcome == "contract")
    }

    @Test(.timeLimit(.minutes(1)))
    func fortyThousandSubjectLabelsCountOnceEach() throws {
        let policy = try Support.mini()
        let items = (0..<40_000).map { #"{"name": "i\#($0)", "class": "personal", "individuals": 5, "subjects": "s\#($0 % 20_000)"}"# }
        let report = try Support.decide(Self.head + #""items": ["# + items.joined(separator: ",") + "]}", policy)
        #expect(report.counters.first?.use.flow == 100_000)
    }

    @Test(.timeLimit(.minutes(1)))
    func tenThousandDiagnosticsRenderTheFirstHundred() throws {
        let lines = ["date: 2025-06-10", "exporter: {ciio: false}", "recipient: {country: DE}", "items:"]
            + Array(repeating: "  - {name: a, class: general, individual: 5}", count: 10_000)
        let source = SourceFile(path: "many.yaml", text: lines.joined(separator: "\r\n") + "\r\n")
        let diagnostics: [Diagnostic]
        do {
            _ = try FlowReader().read(source)
            diagnostics = []
        } catch {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.count == 10_000)
        let rendered = DiagnosticRenderer(sources: [source]).render(diagnostics)
        #expect(rendered.components(separatedBy: "error[unknown-key]").count - 1 == DiagnosticRenderer.maxShown)
        #expect(rendered.hasSuffix("… and 9900 more (10000 in all); fix these first"))
        #expect(rendered.hasPrefix("many.yaml:5:31: error[unknown-key]: unknown key 'individual' in an item\n  - {name: a, class: general, individual: 5}\n"
                                   + String(repeating: " ", count: 30) + "^"))
        let last = DiagnosticRenderer(sources: [source]).render(diagnostics[9_999])
        #expect(last.hasPrefix("many.yaml:10004:31:"))
        #expect(last.contains("\n  - {name: a, class: general, individual: 5}\n"))
    }

    @Test func aLongLineIsShownAroundTheCaret() {
        let line = String(repeating: "a", count: 1000) + "X" + String(repeating: "b", count: 1000)
        let source = SourceFile(path: "long.json", text: "{}\n" + line + "\n", lineOffset: 10)
        let rendered = DiagnosticRenderer(sources: [source]).render(Diagnostic(.invalidValue, "here", at: SourceLocation(path: "long.json", line: 12, column: 1001)))
        let parts = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts[1].hasPrefix("…") && parts[1].hasSuffix("…") && parts[1].count == DiagnosticRenderer.maxExcerpt + 2)
        #expect(parts[1].contains("X"))
        let caret = parts[2].count - 1
        #expect(Array(parts[1])[caret] == "X")
    }

    @Test(.timeLimit(.minutes(1)))
    func tenThousandRulesCompile() throws {
        var lines = ["pack: many", "title: {zh: 多, en: many}", "in-force: 2024-03-22", "rules:"]
        for i in 0..<10_000 {
            lines += ["  - id: many.r\(i)", "    cite: Art. \(i)", "    when:", "      exporter: {ciio: false}",
                      "      persons.personal: {at-least: \(i + 1)}", "    then: contract"]
        }
        let loaded = PolicyLoader().load(directory: try Support.folder(["many.yaml": lines.joined(separator: "\n")]))
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty)
        let baseline = PolicyLoader().load(directory: try Support.folder([:])).policy?.rules.count ?? 0
        #expect(loaded.policy?.rules.count == baseline + 10_000)
    }

    /// Each "did you mean" looks at every id: among thousands, only the first searches are made.
    @Test(.timeLimit(.minutes(1)))
    func tenThousandUnknownReferencesAreReportedWithoutQuadraticHints() throws {
        var lines = ["pack: many", "title: {zh: 多, en: many}", "in-force: 2024-03-22", "rules:"]
        for i in 0..<10_000 {
            lines += ["  - id: many.r\(i)", "    cite: Art. \(i)", "    when: {exporter: {ciio: false}}", "    then: contract", "    overrides: [many.q\(i)]"]
        }
        let loaded = PolicyLoader().load(directory: try Support.folder(["many.yaml": lines.joined(separator: "\n")]))
        let unknown = loaded.diagnostics.filter { $0.code == .undefinedReference }
        #expect(unknown.count == 10_000)
        #expect(unknown.filter { $0.help != nil }.count == HintBudget().searches)
        #expect(unknown.first?.help == "did you mean 'many.r0'?")
    }
}
