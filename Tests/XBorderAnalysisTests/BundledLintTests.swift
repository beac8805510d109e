import Foundation
import Testing
import XBorder
@testable import XBorderAnalysis

/// The bundled policies lint with no error, and every warning left is acknowledged with a reason.
@Suite("Lint of the bundled policies")
struct BundledLintTests {
    static func bundled() throws -> (CompiledPolicy, PolicySet) {
        let result = PolicyLoader().load(directory: PlantedPolicy.bundled.path)
        return (try #require(result.policy), try #require(result.set))
    }

    @Test func theBundledPoliciesLintClean() throws {
        let (policy, set) = try Self.bundled()
        let report = Linter(asOf: Day(year: 2026, month: 12, day: 1) ?? Day(ordinal: 0)).lint(policy: policy, set: set)
        #expect(report.count(.error) == 0, "\(report.text())")
        #expect(!report.fails(strict: true), "\(report.text())")
        for finding in report.findings where finding.severity == .warning {
            #expect(finding.acknowledged?.isEmpty == false, "\(finding.message)")
        }
    }

    /// Every witness of the bundled report is a flow `check` reads and decides as its finding says.
    @Test func everyWitnessIsConfirmedByTheEvaluator() throws {
        let (policy, set) = try Self.bundled()
        let report = Linter(asOf: Day(year: 2026, month: 12, day: 1) ?? Day(ordinal: 0)).lint(policy: policy, set: set)
        for finding in report.findings {
            guard let witness = finding.witness else { continue }
            #expect(witness.confirmed, "\(finding.message)")
            let decided = try #require(ConcreteDecision(witness.flow, policy: policy))
            #expect(decided.outcome == witness.outcome)
            if finding.code == FindingCode.emptyItemGap { #expect(decided.fellBack) }
        }
    }

    @Test func anAcknowledgementNeedsAReasonAndKnownIDs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-ack-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: PlantedPolicy.bundled, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cn/pipl.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "  - finding: empty-item-gap\n    rules: [cn]\n    cite: PIPL Art. 4\n    reason: >", with: "  - finding: empty-item-gap\n    rules: [cn.nowhere]\n    cite: PIPL Art. 4\n    note: >")
        #expect(edited != text)
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let result = PolicyLoader().load(directory: folder.path)
        #expect(result.policy == nil)
        let codes = Set(result.diagnostics.filter { $0.severity == .error }.map(\.code))
        #expect(codes.contains(.unknownKey))
        #expect(codes.contains(.missingKey))
    }
}
