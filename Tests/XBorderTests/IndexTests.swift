import Foundation
import Testing
@testable import XBorder

/// The index (epochs, purpose buckets, class and code guards, fused class tests) is an
/// optimisation: it must never change a decision. Random flows over the bundled policies are
/// decided with and without it.
@Suite("The evaluation index changes no decision")
struct IndexTests {
    @Test func indexedAndUnindexedDecisionsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = PolicyLoader().load(directory: root.appendingPathComponent("Policies").path)
        let policy = try #require(result.policy)
        let indexed = Evaluator(policy: policy), plain = Evaluator(policy: policy, usesIndex: false)
        var generator = SystemRandomNumberGenerator()
        let classes = policy.table(.classes).codes, purposes = policy.table(.purposes).codes
        let kinds = policy.table(.recipientKinds).codes, zones = policy.table(.zones).codes
        let sectors = policy.table(.sectors).codes, scenarios = policy.scenarios.codes, categories = policy.categories.codes
        let volumes = [0, 1, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 2_500_000]
        for _ in 0..<3000 {
            let day = try #require(Day(year: Int.random(in: 2021...2026, using: &generator), month: Int.random(in: 1...12, using: &generator),
                                       day: Int.random(in: 1...28, using: &generator)))
            let items = (0..<Int.random(in: 1...4, using: &generator)).map { i in
                Flow.Item(name: "item \(i)", dataClass: classes.randomElement(using: &generator), individuals: volumes.randomElement(using: &generator),
                          minors: Bool.random(using: &generator), origin: Bool.random(using: &generator) ? "foreign" : nil,
                          category: Bool.random(using: &generator) ? categories.randomElement(using: &generator) : nil)
            }
            let flow = Flow(id: nil, date: day,
                            exporter: Flow.Exporter(ciio: Int.random(in: 0..<5, using: &generator) == 0, sector: sectors.randomElement(using: &generator),
                                                    registeredIn: zones.filter { $0 != "hk" && $0 != "mo" }.randomElement(using: &generator),
                                                    activityIn: zones.randomElement(using: &generator)),
                            recipient: Flow.Recipient(country: ["DE", "US", "HK", "MO", "SG"].randomElement(using: &generator) ?? "DE",
                                                      kind: kinds.randomElement(using: &generator), registeredIn: ["hk", "mo", nil].randomElement(using: &generator) ?? nil),
                            purpose: purposes.randomElement(using: &generator), scenario: Bool.random(using: &generator) ? scenarios.randomElement(using: &generator) : nil,
                            items: items, prior: Bool.random(using: &generator) ? ["personal": volumes.randomElement(using: &generator) ?? 0] : nil)
            let located = LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: "random", line: 1, column: 1)))
            let resolved = try policy.resolve(located)
            let a = indexed.decide(resolved), b = plain.decide(resolved)
            #expect(a.outcome == b.outcome && a.deciding == b.deciding && a.obligations == b.obligations && a.applied == b.applied,
                    "\(flow.canonicalJSON())")
        }
    }
}
