import Foundation
import Testing
@testable import XBorder

@Suite("the trace behind a decision")
struct TraceTests {
    /// Cross-border shopping with 150,000 persons: the band holds but the exemption sets it
    /// aside, the small-volume exemption fails at its threshold, the consent rule applies.
    static let mixed = """
    id: MIXED-1
    date: 2025-06-10
    exporter: {ciio: false}
    recipient: {country: DE}
    purpose: cross-border-shopping
    items:
      - {name: members, class: personal, individuals: 150000}
      - {name: kids, class: personal, minors: true, individuals: 20}
    prior: {personal: 0, sensitive: 0}
    """

    func trace(_ yaml: String) throws -> (Trace, ExplainReport, CompiledPolicy) {
        let policy = try Support.mini()
        let resolved = try policy.resolve(try Support.flow(yaml))
        let trace = Evaluator(policy: policy).trace(resolved)
        return (trace, ExplainReport(trace: trace, flow: resolved, policy: policy), policy)
    }

    func rule(_ report: ExplainReport, _ id: String) throws -> ExplainReport.RuleLine {
        try #require(report.rules.first { $0.id == id }, "no rule \(id) in the explanation")
    }

    @Test func theDecisionIsCheckOwn() throws {
        let (trace, report, policy) = try trace(Self.mixed)
        let resolved = try policy.resolve(try Support.flow(Self.mixed))
        let decided = DecisionReport(decision: Evaluator(policy: policy).decide(resolved), flow: resolved, policy: policy)
        #expect(report.outcome == decided.outcome)
        #expect(report.decision.rules.map(\.id) == decided.rules.map(\.id))
        #expect(trace.decision.deciding == Evaluator(policy: policy).decide(resolved).deciding)
        #expect(report.outcome == "exempt")
    }

    @Test func everyRuleInForceIsListedOnce() throws {
        let (_, report, policy) = try trace(Self.mixed)
        let inForce = policy.rules.filter { $0.period.contains(Day(year: 2025, month: 6, day: 10) ?? Day(ordinal: 0)) }.map(\.id)
        #expect(Set(report.rules.map(\.id)) == Set(inForce))
        #expect(report.rules.count == inForce.count)
    }

    @Test func appliedFailedAndOverriddenRules() throws {
        let (_, report, _) = try trace(Self.mixed)
        let shopping = try rule(report, "mini.shopping")
        #expect(shopping.applied && shopping.deciding && shopping.failed == nil)

        let band = try rule(report, "mini.band")
        #expect(!band.applied)
        #expect(band.overriddenBy == "mini.shopping")
        #expect(band.failed == nil)

        let below = try rule(report, "mini.below")
        #expect(!below.applied && below.overriddenBy == nil)
        #expect(below.failed?.en == "persons.personal below contract-threshold = 100000 (this flow: 150000)")
        #expect(below.failed?.zh == "persons.personal 不满contract-threshold = 100000（本次：150000）")

        let core = try rule(report, "mini.core")
        #expect(core.failed?.en.hasPrefix("items any: class is core (this flow: 'members': class personal; 'kids': class sensitive-personal") == true)

        let ciio = try rule(report, "mini.ciio")
        #expect(ciio.failed?.en == "exporter.ciio is true (this flow: false)")

        let consent = try rule(report, "mini.consent-rule")
        #expect(consent.applied && !consent.deciding)
    }

    @Test func itemsAsTheRulesSawThem() throws {
        let (_, report, _) = try trace(Self.mixed)
        let kids = try #require(report.items.first { $0.name == "kids" })
        #expect(kids.dataClass == "sensitive-personal")
        #expect(kids.statedClass == "personal")
        #expect(kids.reclassifiedBy == "mini.minors")
        #expect(kids.counters == ["sensitive"])
        #expect(report.items.first?.counters == ["personal"])
    }

    @Test func parametersWithTheirDateAndCitation() throws {
        let (_, report, _) = try trace(Self.mixed)
        let contract = try #require(report.parameters.first { $0.name == "contract-threshold" })
        #expect(contract.value == .integer(100_000))
        #expect(contract.since?.description == "2024-03-22")
        #expect(contract.cite == "New Art. 8")
        #expect(contract.usedBy.contains("mini.below") && contract.usedBy.contains("mini.band"))
        let window = try #require(report.parameters.first { $0.name == "window" })
        #expect(window.value == .code("calendar-year") && window.usedBy == ["counting"])
        // The threshold of a negative-list entry is read by the entry's own rule.
        let entry = try #require(report.parameters.first { $0.name == "entry-threshold" })
        #expect(entry.usedBy == ["mini.negative.mini.membership.contacts"] && entry.since?.description == "2025-02-08")
        #expect(report.parameters.allSatisfy { !$0.usedBy.isEmpty })
    }

    @Test func theJSONKeysOfTheContract() throws {
        let (_, report, _) = try trace(Self.mixed)
        let json = report.json(languages: .both)
        #expect(json["outcome"] == .string("exempt"))
        guard case .array(let rules)? = json["rules"], case .array(let parameters)? = json["parameters"] else {
            Issue.record("rules or parameters missing")
            return
        }
        let band = try #require(rules.first { $0["id"] == .string("mini.band") })
        #expect(band["applied"] == .bool(false))
        #expect(band["overridden-by"] == .string("mini.shopping"))
        #expect(band["cite"] == .string("Provisions Art. 8"))
        let below = try #require(rules.first { $0["id"] == .string("mini.below") })
        #expect(below["failed"] == .string("persons.personal below contract-threshold = 100000 (this flow: 150000)"))
        let contract = try #require(parameters.first { $0["name"] == .string("contract-threshold") })
        #expect(contract["value"] == .number(100_000) && contract["since"] == .string("2024-03-22") && contract["cite"] == .string("New Art. 8"))
        #expect(json["facts"]?["purpose"] == .string("cross-border-shopping"))
        #expect(json["facts"]?["counters"]?["personal"]?["total"] == .number(150_000))
        #expect(json["deciding"] != nil && json["policy"]?["digest"] != nil)
    }

    @Test func listEligibilityWithTheFirstUnmetCondition() throws {
        let flow = """
        date: 2025-01-10
        exporter: {ciio: false, registered_in: shanghai-ftz, activity_in: shanghai-ftz}
        recipient: {country: DE}
        scenario: mini.rd
        items:
          - {name: designs, class: general, category: mini.rd.design}
        """
        let (_, report, _) = try trace(flow)
        let list = try #require(report.lists.first { $0.id == "mini.gdl" })
        #expect(list.coversScenario)
        #expect(!list.eligible)
        #expect(list.failed?.en == "exporter.activity-in is lingang (this flow: shanghai-ftz)")
        #expect(list.released.isEmpty)
    }
}
