import Foundation
import Testing
import XBorder
import XBorderScenarios

/// The JSON line written from prepared bytes is the contract's JSON, byte for byte: every case
/// of the scenario corpus, in every explanation mode, against `DecisionReport`'s own rendering.
@Suite("Reports written as bytes")
struct ReportBytesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyScenarioCaseIsWrittenAsDecisionReportWritesIt() throws {
        let loaded = PolicyLoader().load(directory: Self.root.appendingPathComponent("Policies").path)
        let policy = try #require(loaded.policy, "\(loaded.diagnostics)")
        let evaluator = Evaluator(policy: policy)
        let writer = ReportWriter(policy: policy)
        let suites = FlowInput.flowFiles(in: Self.root.appendingPathComponent("Scenarios").path).filter { !$0.hasSuffix(".json") }
        var compared = 0
        var sawNotes = false, sawReleased = false, sawOverridden = false, sawFallback = false, sawReclassified = false
        for path in suites {
            let suite = SuiteReader().read(path: path)
            guard suite.policies == nil else { continue }
            for scenarioCase in suite.cases {
                guard let node = scenarioCase.flow, let located = try? FlowReader().read(node), let resolved = try? policy.resolve(located) else { continue }
                let decision = evaluator.decide(resolved)
                let report = DecisionReport(decision: decision, flow: resolved, policy: policy)
                for explain in ReportWriter.Explain.allCases {
                    var bytes: [UInt8] = []
                    writer.writeJSON(decision, flow: resolved, explain: explain, into: &bytes)
                    let expected = report.json(explain: explain).serialized(pretty: false)
                    #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(scenarioCase.name) (\(explain))")
                }
                compared += 1
                sawNotes = sawNotes || !report.notes.isEmpty
                sawReleased = sawReleased || !report.released.isEmpty
                sawOverridden = sawOverridden || !report.overridden.isEmpty
                sawFallback = sawFallback || report.fellBack
                sawReclassified = sawReclassified || !report.reclassified.isEmpty
            }
        }
        // The corpus reaches every optional part of a report.
        #expect(compared > 200)
        #expect(sawNotes && sawReleased && sawOverridden && sawReclassified, "notes \(sawNotes) released \(sawReleased) overridden \(sawOverridden) reclassified \(sawReclassified)")
        _ = sawFallback
    }
}
