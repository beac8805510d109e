import Foundation
import Testing
import XBorder
@testable import XBorderScenarios

/// `explain` must tell the decision `check` makes: over every case of the scenario corpus, the
/// same outcome and deciding rules, and for every rule in force a verdict that agrees with the
/// evaluator's (a rule said to have failed must not hold, one said to apply must hold).
@Suite("explain agrees with check over the scenario corpus")
struct ExplainAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios").path
    static let policies = root.appendingPathComponent("Policies").path

    @Test func everyCaseOfScenarios() throws {
        let found = SuiteDiscovery().find([Self.scenarios])
        #expect(!found.files.isEmpty)
        var loaded: [String: LoadedPolicy] = [:]
        var decided = 0
        for path in found.files {
            var reader = SuiteReader()
            reader.root = SuiteReader.root(for: path, among: [Self.scenarios])
            let suite = reader.read(path: path)
            let folder = suite.policies ?? Self.policies
            if loaded[folder] == nil { loaded[folder] = LoadedPolicy(directory: folder) }
            guard let policy = loaded[folder]?.policy else {
                Issue.record("the policies of \(path) do not compile")
                continue
            }
            let evaluator = Evaluator(policy: policy)
            for scenarioCase in suite.cases where !scenarioCase.isInvalid {
                guard let node = scenarioCase.flow, let resolved = try? policy.resolve(try FlowReader().read(node)) else { continue }
                let decision = evaluator.decide(resolved)
                let trace = evaluator.trace(resolved)
                let label = "\(path): \(scenarioCase.name)"
                let check = DecisionReport(decision: decision, flow: resolved, policy: policy)
                let explained = ExplainReport(trace: trace, flow: resolved, policy: policy)
                #expect(explained.outcome == check.outcome, "\(label)")
                #expect(explained.decision.rules.map(\.id) == check.rules.map(\.id), "\(label)")
                #expect(explained.rules.filter(\.deciding).map(\.id).sorted()
                        == check.rules.map(\.id).filter { id in policy.rules.contains { $0.id == id } }.sorted(), "\(label)")
                #expect(explained.lists.filter(\.deciding).map(\.id).sorted()
                        == check.rules.map(\.id).filter { id in policy.lists.contains { $0.id == id } }.sorted(), "\(label)")
                for step in trace.rules where !step.failedClosed {
                    let held = step.applied || step.overriddenBy != nil
                    #expect(step.conditionHeld == held, "\(label): rule \(policy.rules[Int(step.rule)].id)")
                    #expect((step.failed == nil) == held, "\(label): rule \(policy.rules[Int(step.rule)].id)")
                }
                let released = Set(decision.released.map(\.list))
                for step in trace.lists where !step.released.isEmpty {
                    #expect(step.eligible && step.coversScenario && released.contains(step.list), "\(label)")
                }
                decided += 1
            }
        }
        // The corpus has hundreds of cases; an empty run would prove nothing.
        #expect(decided > 100)
    }
}
