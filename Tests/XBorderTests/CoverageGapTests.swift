import Foundation
import Testing
@testable import XBorder

/// The bundled policies say what the law was on every day they cover: no flow dated on or after
/// the coverage start falls to the fail-closed fallback, which would assert a duty no rule states.
/// The grid crosses every day the law changed (and the day before) with every exporter, recipient,
/// purpose and class of data, at volumes on both sides of each threshold.
@Suite("Coverage of the bundled policies")
struct CoverageGapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bundled() throws -> CompiledPolicy {
        let result = PolicyLoader().load(directory: root.appendingPathComponent("Policies").path)
        return try #require(result.policy, "\(result.diagnostics)")
    }

    @Test func noFlowInCoverageFallsToTheFallback() throws {
        let policy = try Self.bundled()
        let evaluator = Evaluator(policy: policy)
        let start = try #require(policy.coverage?.from)
        let days = Set(policy.index.epochStarts.filter { $0 >= start }.flatMap { [$0, $0.adding(days: -1)] }.filter { $0 >= start } + [start])
            .sorted()
        let classes = policy.table(.classes).codes
        let volumes = [1, 9_999, 10_000, 99_999, 100_000, 1_000_000]
        var itemSets: [[Flow.Item]] = []
        for dataClass in classes {
            for volume in volumes { itemSets.append([Flow.Item(name: "a", dataClass: dataClass, individuals: volume)]) }
        }
        itemSets.append([Flow.Item(name: "a", dataClass: "personal", individuals: 500, minors: true)])
        itemSets.append([Flow.Item(name: "a", dataClass: "personal", individuals: 5_000, origin: "foreign")])
        itemSets.append([Flow.Item(name: "a", dataClass: "personal", individuals: 5_000, origin: "foreign"),
                         Flow.Item(name: "b", dataClass: "personal", individuals: 5_000)])
        itemSets.append([Flow.Item(name: "a", dataClass: "general"), Flow.Item(name: "b", dataClass: "sensitive-personal", individuals: 20)])
        var decided = 0
        for day in days {
            for ciio in [false, true] {
                for kind in policy.table(.recipientKinds).codes {
                    for purpose in policy.table(.purposes).codes {
                        for items in itemSets {
                            let flow = Flow(date: day, exporter: Flow.Exporter(ciio: ciio), recipient: Flow.Recipient(country: "DE", kind: kind),
                                            purpose: purpose, items: items)
                            let located = LocatedFlow(flow: flow, locations: FlowLocations(root: SourceLocation(path: "grid", line: 1, column: 1)))
                            let decision = evaluator.decide(try policy.resolve(located))
                            decided += 1
                            if decision.fellBack {
                                Issue.record("no rule decides \(flow.canonicalJSON())")
                                return
                            }
                        }
                    }
                }
            }
        }
        #expect(decided > 10_000)
    }

    @Test func aFlowBeforeTheCoverageIsRefusedAtItsDate() throws {
        let policy = try Self.bundled()
        let start = try #require(policy.coverage?.from)
        let text = Support.simple("personal", 500_000, date: start.adding(days: -1).description)
        #expect(throws: DiagnosticList.self) { try policy.resolve(try Support.flow(text)) }
        do {
            _ = try policy.resolve(try Support.flow(text))
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.code == .outOfCoverage)
            #expect(diagnostic.location.line == 1)
        }
        _ = try policy.resolve(try Support.flow(Support.simple("personal", 500_000, date: start.description)))
    }
}
