import Foundation
import PropertyBased
import Testing
@testable import XBorder

/// Random valid flows over the bundled vocabulary (zones, purposes, classes, sectors, recipient
/// kinds, list scenarios and categories, volumes on both sides of every threshold) never crash,
/// are decided the same alone and in a parallel batch read from a JSON Lines inventory, and are
/// decided the same with and without the rule index.
@Suite("Properties of random flows")
struct FlowPropertyTests {
    static let policy: CompiledPolicy? = PolicyLoader().load(directory: BundleTests.policies).policy

    @Test func randomFlowsDecideTheSameAloneInABatchAndWithoutTheIndex() async throws {
        let policy = try #require(Self.policy)
        let draw = FlowDraw(policy)
        let choices = Gen.int(in: 0...Int(Int32.max)).array(of: FlowDraw.choiceCount).array(of: 1...24)
        await propertyCheck(count: 60, input: choices) { batch in
            let flows = batch.map(draw.flow)
            let lines = flows.map { $0.canonicalJSON() }
            let alone = lines.map { Self.decide(SourceFile(path: "alone.json", text: $0), policy) }
            let inBatch = Self.decideInventory(lines, policy)
            #expect(inBatch.count == alone.count)
            for (index, (single, batched)) in zip(alone, inBatch).enumerated() {
                #expect(single.read, "a generated flow does not read: \(lines[index])")
                #expect(single.answer == batched.answer, "alone and in a batch differ: \(lines[index])")
                #expect(single.unindexed == single.answer, "the index changes the decision: \(lines[index])")
            }
        }
    }

    /// What deciding one flow gave: its report (or its diagnostic codes), and the same without
    /// the rule index.
    struct Answer: Sendable {
        var read: Bool
        var answer: String
        var unindexed: String
    }

    static func decide(_ source: SourceFile, _ policy: CompiledPolicy) -> Answer {
        let flow: LocatedFlow
        do {
            flow = try FlowReader().read(source)
        } catch {
            let codes = error.diagnostics.map(\.code.rawValue).joined(separator: ",")
            return Answer(read: false, answer: codes, unindexed: codes)
        }
        do {
            let resolved = try policy.resolve(flow)
            func report(_ evaluator: Evaluator) -> String {
                let decision = evaluator.decide(resolved)
                return DecisionReport(decision: decision, flow: resolved, policy: policy).json.serialized(pretty: false)
                    + " applied \(decision.applied) failed-closed \(decision.failedClosed)"
            }
            return Answer(read: true, answer: report(Evaluator(policy: policy)), unindexed: report(Evaluator(policy: policy, usesIndex: false)))
        } catch {
            let codes = error.diagnostics.map(\.code.rawValue).joined(separator: ",")
            return Answer(read: true, answer: codes, unindexed: codes)
        }
    }

    /// The inventory path of `check`: a JSON Lines file read entry by entry, decided on every
    /// core by `Parallel.map`, answered in input order.
    static func decideInventory(_ lines: [String], _ policy: CompiledPolicy) -> [Answer] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-property-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        guard (try? (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)) != nil else { return [] }
        let entries = FlowInput().entries(for: [url.path])
        return Parallel.map(entries) { entry in
            guard let source = entry.source else { return Answer(read: false, answer: "unreadable", unindexed: "unreadable") }
            return decide(source, policy)
        }
    }
}

/// A valid flow drawn from a list of choices, each picking among the policy's own codes (or a
/// volume near a threshold). A choice shrinks toward 0, which picks the first code or no value,
/// so a failing flow shrinks to a simple one.
struct FlowDraw: Sendable {
    static let choiceCount = 24
    /// Every band edge of the Provisions and the 2022 measures, one below and one above.
    static let volumes = [0, 1, 9_999, 10_000, 10_001, 99_999, 100_000, 100_001, 999_999, 1_000_000, 1_000_001, 2_500_000]

    let classes, personal, purposes, kinds, zones, sectors, scenarios, categories, features: [String]

    init(_ policy: CompiledPolicy) {
        classes = policy.table(.classes).codes
        personal = classes.filter { $0.hasSuffix("personal") }.isEmpty ? classes : classes.filter { $0.hasSuffix("personal") }
        purposes = policy.table(.purposes).codes
        kinds = policy.table(.recipientKinds).codes
        zones = policy.table(.zones).codes
        sectors = policy.table(.sectors).codes
        scenarios = policy.scenarios.codes
        categories = policy.categories.codes
        features = policy.table(.features).codes
    }

    func flow(_ choices: [Int]) -> Flow {
        var next = choices.makeIterator()
        func choice() -> Int { next.next() ?? 0 }
        /// One of `codes`, or nil for the first choice value of every `1 + codes.count`.
        func optional(_ codes: [String]) -> String? {
            let pick = choice() % (codes.count + 1)
            return pick == 0 ? nil : codes[pick - 1]
        }
        func one<T>(_ values: [T]) -> T { values[choice() % values.count] }
        let year = 2021 + choice() % 6, month = 1 + choice() % 12, day = 1 + choice() % 28
        let date = Day(year: year, month: month, day: day) ?? Day(ordinal: 0)
        let itemCount = 1 + choice() % 3
        let items = (0..<itemCount).map { index in
            // Mostly personal classes: the other classes decide most flows by themselves.
            Flow.Item(name: "item \(index)", dataClass: choice() % 3 == 0 ? one(classes) : one(personal), individuals: one(Self.volumes), minors: choice() % 4 == 0,
                      origin: choice() % 5 == 0 ? "foreign" : nil, category: choice() % 3 == 0 ? optional(categories) : nil,
                      features: choice() % 4 == 0 && !features.isEmpty ? [one(features)] : nil, subjects: choice() % 3 == 0 ? "people" : nil)
        }
        let domestic = zones.filter { $0 != "hk" && $0 != "mo" }
        return Flow(id: nil, date: date,
                    exporter: Flow.Exporter(ciio: choice() % 6 == 0, sector: optional(sectors), registeredIn: optional(domestic),
                                            activityIn: optional(domestic)),
                    recipient: Flow.Recipient(country: one(["DE", "US", "HK", "MO", "SG"]), kind: optional(kinds),
                                              registeredIn: one([nil, "hk", "mo"])),
                    purpose: optional(purposes), scenario: choice() % 2 == 0 ? optional(scenarios) : nil, items: items,
                    prior: choice() % 2 == 0 ? ["personal": one(Self.volumes), "sensitive": one([0, 1, 9_999, 10_000, 10_001])] : nil)
    }
}
