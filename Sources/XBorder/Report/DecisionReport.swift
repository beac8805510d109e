/// A decision in words: the outcome, the deciding rules with their citations, the obligations and
/// a bilingual explanation, all drawn from the same trace.
public struct DecisionReport: Sendable {
    public struct RuleLine: Sendable, Hashable {
        public var id: String
        public var cite: String
        public var outcome: String?
        public var because: Bilingual?
    }

    public struct ObligationLine: Sendable, Hashable {
        public var id: String
        public var cite: String
        public var title: Bilingual
    }

    public var flowID: String?
    public var date: Day
    public var outcome: String
    public var outcomeLabel: Bilingual
    public var rules: [RuleLine]
    public var obligations: [ObligationLine]
    public var overridden: [(rule: RuleLine, by: RuleLine)]
    public var released: [(item: String, list: String, cite: String)]
    public var reclassified: [(item: String, rule: String, cite: String, to: String)]
    public var counters: [(name: String, use: CounterUse)]
    public var priorSource: PriorSource
    public var counted: Bool
    public var window: VolumeWindow?
    public var fellBack: Bool
    public var failedClosed: [String]
    public var notes: [String]
    public var explanation: Bilingual
    public var policyDigest: String
    public var packs: [PackInfo]

    public init(decision: Decision, flow: ResolvedFlow, policy: CompiledPolicy) {
        let outcomes = policy.table(.outcomes)
        let classes = policy.table(.classes)
        let counterUses = decision.counters
        let parameters = policy.epoch(on: decision.date)?.parameters
        func fill(_ pieces: [ExplanationTemplate.Piece]) -> String {
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let text): out += text
                case .number(let field):
                    switch field {
                    case .persons(let k): out += Self.grouped(counterUses[k].total)
                    case .thisFlow(let k): out += Self.grouped(counterUses[k].flow)
                    case .prior(let k): out += Self.grouped(counterUses[k].prior)
                    case .processes: out += flow.flow.exporter.processes.map(Self.grouped) ?? "?"
                    }
                case .parameter(let index):
                    switch parameters?.value(index) {
                    case .integer(let n)?: out += Self.grouped(n)
                    case let value?: out += value.description
                    case nil: out += "?"
                    }
                }
            }
            return out
        }
        func line(rule number: Int32) -> RuleLine {
            let rule = policy.rules[Int(number)]
            return RuleLine(id: rule.id, cite: rule.cite, outcome: rule.outcome >= 0 ? outcomes.code(rule.outcome) : nil,
                            because: rule.because.map { Bilingual(zh: fill($0.zh), en: fill($0.en)) } ?? rule.title)
        }
        func line(list number: Int32) -> RuleLine {
            let list = policy.lists[Int(number)]
            return RuleLine(id: list.id, cite: list.cite, outcome: outcomes.code(list.outcome),
                            because: list.because.map { Bilingual(zh: fill($0.zh), en: fill($0.en)) } ?? list.title)
        }
        flowID = flow.flow.id
        date = decision.date
        outcome = outcomes.code(decision.outcome)
        outcomeLabel = outcomes.label(decision.outcome)
        rules = decision.deciding.map { determinant in
            switch determinant {
            case .rule(let n): line(rule: n)
            case .list(let n): line(list: n)
            }
        }
        obligations = decision.obligations.map {
            let o = policy.obligations[Int($0)]
            return ObligationLine(id: o.id, cite: o.cite, title: o.title)
        }
        overridden = decision.overridden.map { (line(rule: $0.rule), line(rule: $0.by)) }
        released = decision.released.map { (flow.flow.items[$0.item].name, policy.lists[Int($0.list)].id, policy.lists[Int($0.list)].cite) }
        reclassified = decision.reclassified.map {
            let r = policy.reclassifications[Int($0.reclassification)]
            return (flow.flow.items[$0.item].name, r.id, r.cite, classes.code(r.toClass))
        }
        counters = zip(policy.counters, counterUses).map { ($0.name, $1) }
        priorSource = flow.priorSource
        counted = decision.counted
        window = decision.window
        fellBack = decision.fellBack
        failedClosed = decision.failedClosed.map { policy.rules[Int($0)].id }
        notes = flow.notes
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
            zh += "依据\(rule.cite)：\(Self.sentenceZH(rule.because?.zh ?? rule.id))"
        }
        for (rule, by) in overridden where rule.outcome != nil {
            en += " \(rule.cite) is set aside by \(by.cite)."
            zh += "\(rule.cite)依\(by.cite)不适用。"
        }
        if !released.isEmpty {
            let lists = Array(Set(released.map(\.cite))).sorted()
            en += " \(released.count) item(s) released by \(lists.joined(separator: ", "))."
            zh += "\(released.count)项数据依\(lists.joined(separator: "、"))免予适用。"
        }
        for name in failedClosed {
            en += " Rule \(name) could not be evaluated and was decided fail-closed."
            zh += "规则\(name)无法判定，已按从严原则处理。"
        }
        if !obligations.isEmpty {
            en += " Obligations: " + obligations.map { "\($0.title.en) (\($0.cite))" }.joined(separator: "; ") + "."
            zh += "应履行义务：" + obligations.map { "\($0.title.zh)（\($0.cite)）" }.joined(separator: "；") + "。"
        }
        return Bilingual(zh: zh, en: en)
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
    static func grouped(_ n: Int) -> String {
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
