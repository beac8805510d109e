/// A decision in words: the outcome, the deciding rules with their citations, the obligations and
/// a bilingual explanation, all drawn from the same trace.
public struct DecisionReport: Sendable {
    public struct RuleLine: Sendable, Hashable {
        public var id: String
        public var cite: String
        /// The citation as the Chinese explanation gives it.
        public var citeZH: String
        public var outcome: String?
        public var because: Bilingual?
    }

    public struct ObligationLine: Sendable, Hashable {
        public var id: String
        public var cite: String
        public var citeZH: String
        public var title: Bilingual
    }

    public var flowID: String?
    public var date: Day
    public var outcome: String
    public var outcomeLabel: Bilingual
    public var rules: [RuleLine]
    public var obligations: [ObligationLine]
    public var overridden: [(rule: RuleLine, by: RuleLine)]
    public var released: [(item: String, list: String, cite: String, citeZH: String)]
    public var reclassified: [(item: String, rule: String, cite: String, to: String)]
    /// Every counter of the policy, in force or not: what the ledger records, so that a window
    /// reaching across a change of the law still adds up every person.
    public var counters: [(name: String, use: CounterUse)]
    /// The counters a rule in force on the flow's date reads: what the decision shows.
    public var countersInForce: [(name: String, use: CounterUse)]
    public var priorSource: PriorSource
    public var counted: Bool
    public var window: VolumeWindow?
    public var fellBack: Bool
    public var failedClosed: [String]
    /// What the reader should know about how the flow was read and decided, in both languages.
    public var notes: [Bilingual]
    public var explanation: Bilingual
    public var policyDigest: String
    public var packs: [PackInfo]

    public init(decision: Decision, flow: ResolvedFlow, policy: CompiledPolicy) {
        let outcomes = policy.table(.outcomes)
        let classes = policy.table(.classes)
        let counterUses = decision.counters
        let parameters = policy.epoch(on: decision.date)?.parameters
        let determinants = decision.deciding
        let templates: [ExplanationTemplate?] = determinants.map { determinant in
            switch determinant {
            case .rule(let n): policy.rules[Int(n)].because
            case .list(let n): policy.lists[Int(n)].because
            }
        }
        let holding = policy.sentencesHolding(templates, decision: decision, flow: flow)
        let facts = ReportWriter.Facts(counters: decision.counterUses, processes: flow.flow.exporter.processes, parameters: parameters)
        func fill(_ pieces: [ExplanationTemplate.Piece]) -> String { facts.text(pieces) }
        /// The sentences of a `because` whose conditions hold, joined.
        func say(_ template: ExplanationTemplate?, _ holds: [Bool]?) -> Bilingual? {
            guard let template else { return nil }
            var en: [String] = [], zh: [String] = []
            for (number, clause) in template.clauses.enumerated() where holds?[number] ?? true {
                en.append(Self.sentence(fill(clause.en)))
                zh.append(Self.sentenceZH(fill(clause.zh)))
            }
            return en.isEmpty ? nil : Bilingual(zh: zh.joined(), en: en.joined(separator: " "))
        }
        func line(rule number: Int32, holds: [Bool]? = nil) -> RuleLine {
            let rule = policy.rules[Int(number)]
            return RuleLine(id: rule.id, cite: rule.cite, citeZH: rule.citeZH, outcome: rule.outcome >= 0 ? outcomes.code(rule.outcome) : nil,
                            because: say(rule.because, holds) ?? rule.title)
        }
        func line(list number: Int32, holds: [Bool]? = nil) -> RuleLine {
            let list = policy.lists[Int(number)]
            return RuleLine(id: list.id, cite: list.cite, citeZH: list.citeZH, outcome: outcomes.code(list.outcome),
                            because: say(list.because, holds) ?? list.title)
        }
        flowID = flow.flow.id
        date = decision.date
        outcome = outcomes.code(decision.outcome)
        outcomeLabel = outcomes.label(decision.outcome)
        rules = zip(determinants, holding).map { determinant, holds in
            switch determinant {
            case .rule(let n): line(rule: n, holds: holds)
            case .list(let n): line(list: n, holds: holds)
            }
        }
        obligations = decision.obligations.map {
            let o = policy.obligations[Int($0)]
            return ObligationLine(id: o.id, cite: o.cite, citeZH: o.citeZH, title: o.title)
        }
        overridden = decision.overridden.map { (line(rule: $0.rule), line(rule: $0.by)) }
        released = decision.released.map {
            let list = policy.lists[Int($0.list)]
            return (flow.flow.items[$0.item].name, list.id, list.cite, list.citeZH)
        }
        reclassified = decision.reclassified.map {
            let r = policy.reclassifications[Int($0.reclassification)]
            return (flow.flow.items[$0.item].name, r.id, r.cite, classes.code(r.toClass))
        }
        counters = zip(policy.counters, counterUses).map { ($0.name, $1) }
        let inForce = policy.epoch(on: decision.date)?.countersInForce ?? []
        let all = counters
        countersInForce = all.indices.filter { $0 < inForce.count && inForce[$0] }.map { all[$0] }
        priorSource = flow.priorSource
        counted = decision.counted
        window = decision.window
        fellBack = decision.fellBack
        failedClosed = decision.failedClosed.map { policy.rules[Int($0)].id }
        let shown = countersInForce
        notes = flow.notes + Self.decisionNotes(decision, flow: flow, policy: policy, countersInForce: shown)
        policyDigest = policy.digest
        packs = policy.packs
        explanation = Bilingual(zh: "", en: "")
        explanation = explain(fallbackLabel: outcomes.label(policy.fallbackOutcome))
    }

    private func explain(fallbackLabel: Bilingual) -> Bilingual {
        var en = "Outcome: \(outcomeLabel.en) (\(outcome))."
        var zh = "结论：\(outcomeLabel.zh)。"
        if fellBack {
            en += " No rule of the policy decides this flow, so it is referred to \(fallbackLabel.en) to fail closed."
            zh += "现行规则未能判定该数据出境活动，按从严原则适用“\(fallbackLabel.zh)”。"
        }
        for rule in rules {
            en += " \(rule.cite): \(Self.sentence(rule.because?.en ?? rule.id))"
            zh += "依据\(rule.citeZH)：\(Self.sentenceZH(rule.because?.zh ?? rule.id))"
        }
        for (rule, by) in overridden where rule.outcome != nil {
            en += " \(rule.cite) is set aside by \(by.cite)."
            zh += "\(rule.citeZH)依\(by.citeZH)不适用。"
        }
        if !released.isEmpty {
            en += " \(released.count) item(s) released by \(Array(Set(released.map(\.cite))).sorted().joined(separator: ", "))."
            zh += "\(released.count)项数据依\(Array(Set(released.map(\.citeZH))).sorted().joined(separator: "、"))免予适用。"
        }
        for name in failedClosed {
            en += " Rule \(name) could not be evaluated and was decided fail-closed."
            zh += "规则\(name)无法判定，已按从严原则处理。"
        }
        if !obligations.isEmpty {
            en += " Obligations: " + obligations.map { "\($0.title.en) (\($0.cite))" }.joined(separator: "; ") + "."
            zh += "应履行义务：" + obligations.map { "\($0.title.zh)（\($0.citeZH)）" }.joined(separator: "；") + "。"
        }
        for note in notes {
            en += " Note: \(Self.sentence(note.en))"
            zh += "注意：\(Self.sentenceZH(note.zh))"
        }
        return Bilingual(zh: zh, en: en)
    }

    /// Notes the decision itself gives rise to: what was assumed, and why a list did not help.
    static func decisionNotes(_ decision: Decision, flow: ResolvedFlow, policy: CompiledPolicy,
                              countersInForce: [(name: String, use: CounterUse)]) -> [Bilingual] {
        var notes: [Bilingual] = []
        var unstatedItems = Set<Int>()
        for (item, number) in decision.unstated where unstatedItems.insert(item).inserted {
            let list = policy.lists[Int(number)], name = flow.flow.items[item].name
            notes.append(Bilingual(
                zh: "数据项“\(name)”未说明是否列入\(list.citeZH)（应写明 listed: true 或 listed: false），不予放行，仍适用国家规定",
                en: "item '\(name)' does not say whether it is on \(list.cite) ('listed: true' or 'listed: false'): it is not released and stays under the national rules"))
        }
        for number in decision.ineligible {
            let list = policy.lists[Int(number)]
            notes.append(Bilingual(zh: "数据处理者不符合\(list.citeZH)的适用条件，该清单不予放行",
                                   en: "the exporter does not meet the conditions for using \(list.cite), so the list releases nothing"))
        }
        if let scenario = flow.flow.scenario, let number = policy.scenarios[scenario] {
            let naming = policy.lists.filter { $0.categoriesByScenario[number] != nil }
            if !naming.isEmpty, !naming.contains(where: { $0.period.contains(decision.date) }) {
                for list in naming {
                    let span = "\(list.period.start?.description ?? "…")–\(list.period.end?.description ?? "")"
                    if let start = list.period.start, decision.date < start {
                        notes.append(Bilingual(zh: "场景“\(scenario)”属于\(list.citeZH)，该清单自\(start)起施行，\(decision.date)尚未施行，不予放行",
                                               en: "scenario '\(scenario)' belongs to \(list.cite), in force from \(start); it was not yet in force on \(decision.date), so it releases nothing"))
                    } else if let end = list.period.end {
                        notes.append(Bilingual(zh: "场景“\(scenario)”属于\(list.citeZH)（施行期间\(span)），该清单已于\(end)届满，\(decision.date)不再适用，不予放行",
                                               en: "scenario '\(scenario)' belongs to \(list.cite) (in force \(span)); it ended on \(end) and did not apply on \(decision.date), so it releases nothing"))
                    }
                }
            }
        }
        if flow.priorSource == .none, let window = decision.window, countersInForce.contains(where: { $0.use.flow > 0 }) {
            notes.append(Bilingual(
                zh: "未说明此前出境人数，也未使用台账：计数期间（\(window.start)起）此前已出境的人数按0计算；请在“prior”中写明，或以 --record 记录出境",
                en: "no prior volume was stated and no ledger was used: persons exported earlier in the counting window (from \(window.start)) were taken as 0; state 'prior' or record transfers with --record"))
        }
        return notes
    }

    static func sentence(_ text: String) -> String {
        let trimmed = trimmed(text)
        return trimmed.hasSuffix(".") ? trimmed : trimmed + "."
    }

    static func sentenceZH(_ text: String) -> String {
        let trimmed = trimmed(text)
        return trimmed.hasSuffix("。") ? trimmed : trimmed + "。"
    }

    /// Without Foundation's bridging: reports are built for every flow of an inventory.
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    /// 150000 → "150,000": the way a reader checks a number against a threshold.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

import Foundation
