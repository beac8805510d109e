import Foundation
import Testing
import XBorder
@testable import XBorderAnalysis

/// `PolicyDiff` over the bundled policies and a copy edited as a lawyer would edit it: each
/// change is named, and the solver gives a witness the evaluator confirms or proves that
/// nothing is decided differently.
@Suite("Diff: changes of the law, their witnesses and proofs")
struct DiffTests {
    static let bundledPolicies: (CompiledPolicy, PolicySet)? = {
        let result = PolicyLoader().load(directory: PlantedPolicy.bundled.path)
        guard let policy = result.policy, let set = result.set else { return nil }
        return (policy, set)
    }()

    /// The diff of the bundled policies against the planted copy, without re-deciding flows.
    static func diff(_ planted: PlantedPolicy) throws -> DiffReport {
        let (policy, set) = try #require(bundledPolicies)
        return PolicyDiff(itemCount: 2).run(before: PolicyDiff.Side(path: "Policies", policy: policy, set: set),
                                            after: PolicyDiff.Side(path: "planted", policy: planted.policy, set: planted.set),
                                            flows: .files([]))
    }

    static func isEquivalent(_ verdict: DiffReport.Verdict) -> Bool {
        if case .equivalent = verdict { return true }
        return false
    }

    static func witness(_ verdict: DiffReport.Verdict) -> DiffWitness? {
        if case .differs(let witness) = verdict { return witness }
        return nil
    }

    @Test func aRemovedExemptionHasAWitnessThatItDecided() throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") { text in
            let start = try? #require(text.range(of: "  - id: cn.provisions.art5-1.contract-necessity\n"))
            let end = start.flatMap { text.range(of: "  - id:", range: $0.upperBound..<text.endIndex) }
            guard let start, let end else { return text }
            return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        let change = try #require(report.changes.first { $0.change.id == "cn.provisions.art5-1.contract-necessity" })
        #expect(change.change.kind == .rule && change.change.change == .removed)
        let witness = try #require(Self.witness(change.result), "\(change.result)")
        #expect(witness.confirmed)
        #expect(witness.rulesBefore.contains("cn.provisions.art5-1.contract-necessity"))
        #expect(!witness.rulesAfter.contains("cn.provisions.art5-1.contract-necessity"))
        #expect(report.decisionsDiffer)
    }

    @Test func aRepeatedDatedValueIsProvedToChangeNothing() throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") {
            $0.replacingOccurrences(of: "      2024-03-22: {value: 1000000, cite: Provisions Art. 7(2)}\n",
                                    with: "      2024-03-22: {value: 1000000, cite: Provisions Art. 7(2)}\n      2025-06-01: {value: 1000000, cite: Provisions Art. 7(2)}\n")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        #expect(report.changes.count == 1)
        let change = try #require(report.changes.first)
        #expect(change.change.kind == .parameter && change.change.id == "assessment-threshold")
        #expect(change.change.aspects == ["value from 2025-06-01"])
        #expect(Self.isEquivalent(change.result), "\(change.result)")
        #expect(Self.isEquivalent(report.whole), "\(report.whole)")
        #expect(!report.decisionsDiffer)
    }

    /// `at-least: 1` and `above: 0` differ as written and agree on every count of persons: the
    /// solver proves it over every period in which the rule is in force.
    @Test func anEquivalentConditionIsProvedByTheSolver() throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") {
            $0.replacingOccurrences(of: "      this-flow.personal: {at-least: 1}\n      persons.personal: {below: contract-threshold}",
                                    with: "      this-flow.personal: {above: 0}\n      persons.personal: {below: contract-threshold}")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        let change = try #require(report.changes.first)
        #expect(report.changes.count == 1)
        #expect(change.change.id == "cn.provisions.art5-4.below-threshold" && change.change.aspects == ["condition"])
        guard case .equivalent(let proof) = change.result else {
            Issue.record("expected a proof, got \(change.result)")
            return
        }
        #expect(proof.contains("Z3: unsatisfiable"))
        #expect(Self.isEquivalent(report.whole))
        #expect(!report.decisionsDiffer)
    }

    @Test func wordingIsNoChangeOfDecisions() throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") {
            $0.replacingOccurrences(of: "en: necessary to conclude or perform a contract to which the individual is a party}",
                                    with: "en: needed to conclude or perform a contract with the individual}")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        let change = try #require(report.changes.first)
        #expect(report.changes.count == 1)
        #expect(change.change.aspects == ["wording"] && !change.change.affectsDecisions)
        if case .wordingOnly = change.result {} else { Issue.record("expected wording only, got \(change.result)") }
        #expect(!report.decisionsDiffer)
    }

    /// A code added at the head of a vocabulary section renumbers every other code of it: the
    /// two sets are compared by name, so nothing else appears to change.
    @Test func aNewPurposeFirstRenumbersNothingByName() throws {
        let planted = try PlantedPolicy("cn/vocabulary.yaml") {
            $0.replacingOccurrences(of: "purposes:\n", with: "purposes:\n  ceremonial-greeting: {zh: 礼节问候, en: ceremonial greeting}\n")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        #expect(report.changes.map(\.change.id) == ["purposes.ceremonial-greeting"])
        // Flows both sets read are decided alike (those are looked for first); the one
        // difference is a flow of the new purpose, which the old set refuses.
        let witness = try #require(Self.witness(report.whole), "\(report.whole)")
        #expect(witness.flow.purpose == "ceremonial-greeting")
        #expect(witness.outcomeBefore == nil && witness.outcomeAfter != nil && witness.confirmed)
    }

    @Test func oneCategoryOfAListIsItsOwnChange() throws {
        let planted = try PlantedPolicy("lingang/gdl-icv.yaml") {
            $0.replacingOccurrences(of: "      after-sales-reports: {zh: 售后报告, en: after-sales reports}\n", with: "")
        }
        defer { planted.remove() }
        let report = try Self.diff(planted)
        let entries = report.changes.filter { $0.change.kind == .listEntry }
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.change.id.hasSuffix("/lingang.icv.after-sales/after-sales-reports"), "\(entry.change.id)")
        #expect(entry.change.change == .removed)
        let witness = try #require(Self.witness(entry.result), "\(entry.result)")
        #expect(witness.confirmed)
        #expect(witness.flow.items.contains { $0.category?.hasSuffix("after-sales-reports") == true })
    }

    /// Thresholds moved up and down: whenever a scenario case is decided differently, the solver
    /// finds a difference too (a proof that a case contradicts would be a fault of the encoding).
    @Test(arguments: [("100000, cite: \"Provisions Arts. 5(4), 8\"", "90000, cite: \"Provisions Arts. 5(4), 8\""),
                      ("10000, cite: \"Provisions Arts. 7(2), 8\"", "12000, cite: \"Provisions Arts. 7(2), 8\""),
                      ("1000000, cite: Provisions Art. 7(2)", "1200000, cite: Provisions Art. 7(2)")])
    func scenarioCasesNeverContradictTheSolver(_ edit: (String, String)) throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") { $0.replacingOccurrences(of: "{value: \(edit.0)}", with: "{value: \(edit.1)}") }
        defer { planted.remove() }
        let (policy, set) = try #require(Self.bundledPolicies)
        let scenarios = PlantedPolicy.root.appendingPathComponent("Scenarios").path
        let report = PolicyDiff(itemCount: 2).run(before: PolicyDiff.Side(path: "Policies", policy: policy, set: set),
                                                  after: PolicyDiff.Side(path: "planted", policy: planted.policy, set: planted.set),
                                                  flows: .scenarios(scenarios))
        #expect(report.flowCount > 200)
        #expect(!report.changed.isEmpty, "no scenario case is near the threshold \(edit.0)")
        let witness = try #require(Self.witness(report.whole), "\(report.whole)")
        #expect(witness.confirmed)
        for entry in report.changes {
            if case .unknown(let reason) = entry.result { Issue.record("\(entry.change.id): \(reason)") }
        }
    }

    /// The comparison of flows agrees with deciding each flow under each set by hand.
    @Test func reDecidedFlowsAreExactlyThoseThatMove() throws {
        let planted = try PlantedPolicy("cn/provisions-2024.yaml") {
            $0.replacingOccurrences(of: "2024-03-22: {value: 100000, cite: \"Provisions Arts. 5(4), 8\"}", with: "2024-03-22: {value: 120000, cite: \"Provisions Arts. 5(4), 8\"}")
        }
        defer { planted.remove() }
        let (policy, set) = try #require(Self.bundledPolicies)
        var flows: [FlowToCompare] = []
        for persons in stride(from: 99_990, through: 120_010, by: 5) {
            let flow = Flow(id: "f\(persons)", date: Day(year: 2025, month: 3, day: 1) ?? Day(ordinal: 0),
                            exporter: Flow.Exporter(id: nil, name: "e", ciio: false, sector: nil, registeredIn: "cn", activityIn: "cn", processes: nil),
                            recipient: Flow.Recipient(name: "r", country: "DE", kind: "company", registeredIn: nil),
                            purpose: "marketing", scenario: nil,
                            items: [Flow.Item(name: "customers", dataClass: "personal", individuals: persons, minors: nil, origin: nil, category: nil,
                                              catalog: nil, features: nil, subjects: nil, listed: nil)],
                            prior: [:])
            flows.append(FlowToCompare(id: "f\(persons)", at: "f\(persons)", name: nil,
                                       flow: .success(LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: "f", line: 1, column: 1))))))
        }
        let result = FlowComparison(before: policy, after: planted.policy).compare(flows)
        var expected: [String] = []
        for flow in flows {
            let located = try flow.flow.get()
            let a = Evaluator(policy: policy).decide(try policy.resolve(located))
            let b = Evaluator(policy: planted.policy).decide(try planted.policy.resolve(located))
            if policy.table(.outcomes).code(a.outcome) != planted.policy.table(.outcomes).code(b.outcome) { expected.append(flow.id) }
        }
        let outcomeMoved = result.changed.filter { $0.moved.contains("outcome") }.map(\.id)
        #expect(outcomeMoved == expected)
        // 100,000 to 119,999 persons: 以上 includes 100,000, so exactly those 4,000 move (every 5th).
        #expect(expected.first == "f100000" && expected.last == "f119995" && expected.count == 4_000)
        _ = set
    }
}
