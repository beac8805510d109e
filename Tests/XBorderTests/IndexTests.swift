import Foundation
import Testing
@testable import XBorder

/// The index (epochs, purpose buckets refined by key slots, class requirements, fused class tests, the day table of epochs) is an
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

/// A purpose's bucket of candidate rules is refined by the flow's CIIO flag and its recipient's
/// kind: a rule is left out only when one of its top-level conjuncts tests that code and fails,
/// and kept whenever those tests hold.
@Suite("Candidate rules by purpose, CIIO flag and recipient kind")
struct KeyBucketTests {
    @Test func aRuleIsLeftOutOfABucketExactlyWhenItsKeyCodesFail() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try #require(PolicyLoader().load(directory: root.appendingPathComponent("Policies").path).policy)
        let index = policy.index, rows = index.rows
        let purposes = policy.table(.purposes).count, kinds = policy.table(.recipientKinds).count
        #expect(rows.keys[0].slot == .ciio && rows.keys[0].codes == 2 && rows.keys[1].slot == .recipientKind && rows.keys[1].codes > 1)
        var leftOut = 0, kept = 0
        for epoch in policy.epochs.indices {
            // -1 and the codes past the last are a flow without that code; both take the bucket
            // of the rules that do not test it.
            for purpose in -1...purposes {
                for ciio in Int32(-1)...2 {
                    for kind in -1...kinds {
                        let facts = FlowFacts(purpose: Int32(purpose), ciio: ciio, recipientKind: Int32(kind))
                        let refined = Array(rows.candidates(epoch: epoch, facts: facts))
                        let bucket = policy.epochs[epoch].rulesByPurpose[purpose >= 0 && purpose < purposes ? purpose : purposes]
                        #expect(refined == bucket.filter(refined.contains), "the refined bucket keeps the rules' order")
                        var machine = Machine(index: index, epoch: epoch, facts: facts)
                        for rule in bucket {
                            let keyTests = index.conjuncts[Int(index.conjunctStart[Int(rule)])..<Int(index.conjunctStart[Int(rule) + 1])].filter { root in
                                if case .code(let slot, _, _) = index.code.instructions[Int(root)] { return slot == .ciio || slot == .recipientKind }
                                return false
                            }
                            let fails = keyTests.contains { !machine.flow($0) }
                            #expect(refined.contains(rule) == !fails, "epoch \(epoch), purpose \(purpose), ciio \(ciio), kind \(kind), rule \(policy.rules[Int(rule)].id)")
                            if fails { leftOut += 1 } else if !keyTests.isEmpty { kept += 1 }
                        }
                    }
                }
            }
        }
        // Both sides are exercised: rules needing a CIIO, a company, a foreign authority…
        #expect(leftOut > 1000 && kept > 1000)
    }

    @Test func aCompanyOutsideTheCIIOsIsNotOfferedTheRulesForCIIOs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try #require(PolicyLoader().load(directory: root.appendingPathComponent("Policies").path).policy)
        let company = try #require(policy.table(.recipientKinds).codes.firstIndex(of: "company"))
        let epoch = policy.epochs.count - 1
        let plain = Array(policy.index.rows.candidates(epoch: epoch, facts: FlowFacts(ciio: 0, recipientKind: Int32(company))))
        let operators = Array(policy.index.rows.candidates(epoch: epoch, facts: FlowFacts(ciio: 1, recipientKind: Int32(company))))
        let ids = { (rules: [Int32]) in Set(rules.map { policy.rules[Int($0)].id }) }
        // CSL Art. 39 as amended (an operator's export) is a candidate for an operator only; the
        // Provisions' exemptions for processors that are not operators, for the others only.
        #expect(ids(operators).subtracting(ids(plain)).contains("cn.csl.art39.ciio"))
        #expect(!ids(plain).contains("cn.csl.art39.ciio") && !ids(plain).subtracting(ids(operators)).isEmpty)
        #expect(plain.count < policy.epochs[epoch].rulesByPurpose.last?.count ?? 0)
    }
}

/// The day table behind `epochNumber` answers as the binary search over the epochs' first days.
@Suite("Finding the epoch in force on a day")
struct EpochTableTests {
    @Test func theTableAgreesWithTheSearchOnEveryDayAroundTheBundledEpochs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let policy = try #require(PolicyLoader().load(directory: root.appendingPathComponent("Policies").path).policy)
        let index = policy.index
        // The first epoch starts at the beginning of time; the table, at the next one.
        #expect(index.epochStarts.first == Day(ordinal: Int32.min))
        let second = index.epochStarts[1], last = try #require(index.epochStarts.last)
        #expect(index.epochTableStart == second.ordinal && index.epochByDay.count == Int(last.ordinal - second.ordinal) + 1)
        for ordinal in (second.ordinal - 400)...(last.ordinal + 400) {
            let day = Day(ordinal: ordinal)
            #expect(index.epochNumber(on: day) == index.searchEpoch(on: day), "\(day)")
        }
        #expect(index.epochNumber(on: Day(ordinal: Int32.min)) == 0)
        #expect(index.epochNumber(on: Day(ordinal: second.ordinal - 1)) == 0)
        #expect(index.epochNumber(on: second) == 1)
        #expect(index.epochNumber(on: Day(ordinal: Int32.max)) == index.epochStarts.count - 1)
    }

    @Test func startsOnTheSameDayTakeTheLastAndTheTableBeginsWithinReachOfTheLast() {
        // Epochs starting on the same day: the search finds the last of them, and so does the table.
        let tied = EvaluationIndex.dayTable([Day(ordinal: 10), Day(ordinal: 12), Day(ordinal: 12), Day(ordinal: 14)])
        #expect(tied.start == 10 && tied.table == [0, 0, 2, 2, 3])
        #expect(EvaluationIndex.dayTable([Day(ordinal: 10)]).table == [0])
        #expect(EvaluationIndex.dayTable([]).table == [])
        // The table starts at the first epoch within reach of the last; earlier days are searched.
        let far = EvaluationIndex.dayTable([Day(ordinal: Int32.min), Day(ordinal: 0), Day(ordinal: Int32(EvaluationIndex.maxTableDays)), Day(ordinal: Int32(EvaluationIndex.maxTableDays) + 2)])
        #expect(far.start == Int32(EvaluationIndex.maxTableDays) && far.table == [2, 2, 3])
    }
}

/// Neighbouring tests of one number in an `all` are lowered into one test with every bound.
@Suite("Lowering numeric conditions")
struct NumberLoweringTests {
    @Test func aBandOnOneCounterIsOneTestAndOtherNumbersStayApart() throws {
        var builder = ConditionCodeBuilder()
        let band = builder.lower(FlowCondition.all([
            .number(.persons(0), [Bound(relation: .atLeast, amount: .number(100_000))]),
            .code(.purpose, [true, false]),
            .number(.persons(0), [Bound(relation: .below, amount: .parameter(3))]),
            .number(.persons(1), [Bound(relation: .atLeast, amount: .number(1))]),
        ]))
        guard case .all(let first, let count) = builder.instructions[Int(band)] else {
            Issue.record("expected an all, got \(builder.instructions[Int(band)])")
            return
        }
        // The code test first (cheapest), then one test of persons(0) with both bounds in the
        // order written, then persons(1) on its own.
        #expect(count == 3)
        let parts = (first..<(first + count)).map { builder.instructions[Int(builder.children[Int($0)])] }
        guard case .code(.purpose, _, _) = parts[0], case .number(.persons(0), let b0, let n0) = parts[1],
              case .number(.persons(1), _, let n1) = parts[2] else {
            Issue.record("unexpected parts \(parts)")
            return
        }
        #expect(n0 == 2 && n1 == 1)
        guard case .atLeast = builder.bounds[Int(b0)].relation, case .below = builder.bounds[Int(b0) + 1].relation else {
            Issue.record("bounds out of order")
            return
        }
        // A band alone in an `all` is the number test itself, not an `all` of one.
        let alone = builder.lower(FlowCondition.all([
            .number(.thisFlow(0), [Bound(relation: .atLeast, amount: .number(1))]),
            .number(.thisFlow(0), [Bound(relation: .atMost, amount: .number(9))]),
        ]))
        guard case .number(.thisFlow(0), _, 2) = builder.instructions[Int(alone)] else {
            Issue.record("expected one number test, got \(builder.instructions[Int(alone)])")
            return
        }
        // In an `any`, numbers never merge: either bound alone may hold.
        let either = builder.lower(FlowCondition.any([
            .number(.persons(0), [Bound(relation: .below, amount: .number(1))]),
            .number(.persons(0), [Bound(relation: .above, amount: .number(9))]),
        ]))
        guard case .any(_, 2) = builder.instructions[Int(either)] else {
            Issue.record("expected an any of two, got \(builder.instructions[Int(either)])")
            return
        }
    }
}

/// The meaning of a bound as the law's words give it, written plainly: the oracle the evaluator's
/// intervals are checked against. `integers` holds the epoch's numeric parameters, `Int.min`
/// where one has no value.
extension Bound {
    func holds(_ value: Int, _ integers: UnsafeBufferPointer<Int>, _ unknown: inout Bool) -> Bool {
        let limit: Int
        switch amount {
        case .number(let n): limit = n
        case .parameter(let index):
            guard index < integers.count, integers[index] != Int.min else {
                unknown = true
                return false
            }
            limit = integers[index]
        }
        switch relation {
        case .atLeast: return value >= limit
        case .below: return value < limit
        case .above: return value > limit
        case .atMost: return value <= limit
        case .equals: return value == limit
        }
    }
}

/// A bound read for an epoch (`ResolvedBound`) admits exactly the values the bound does.
@Suite("Bounds read for an epoch")
struct ResolvedBoundTests {
    @Test func aResolvedBoundAgreesWithTheBoundOnEveryValueNearItsLimit() {
        let relations: [Bound.Relation] = [.atLeast, .below, .above, .atMost, .equals]
        let limits = [Int.min, Int.min + 1, -1, 0, 1, 9_999, 10_000, 100_000, Int.max - 1, Int.max]
        var generator = SystemRandomNumberGenerator()
        for relation in relations {
            for limit in limits {
                // The same limit as a number, as a parameter with that value, and as a parameter
                // without a value (unknown: never holds, and says so).
                let integers = [limit, Int.min]
                integers.withUnsafeBufferPointer { integers in
                    for amount in [CompiledAmount.number(limit), .parameter(0), .parameter(1), .parameter(7)] {
                        let bound = Bound(relation: relation, amount: amount)
                        let resolved = ResolvedBound(bound, integers)
                        var probes = limits.flatMap { [$0, $0 == Int.min ? $0 : $0 - 1, $0 == Int.max ? $0 : $0 + 1] }
                        probes += (0..<50).map { _ in Int.random(in: Int.min...Int.max, using: &generator) }
                        for value in probes {
                            var expectedUnknown = false, gotUnknown = false
                            let expected = bound.holds(value, integers, &expectedUnknown)
                            let got = resolved.holds(value, &gotUnknown)
                            #expect(expected == got && expectedUnknown == gotUnknown, "\(relation) \(amount) \(value)")
                        }
                    }
                }
            }
        }
    }
}
