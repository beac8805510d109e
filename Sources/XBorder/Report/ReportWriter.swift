/// Writes a decision's JSON line (the public contract) straight into a byte buffer.
///
/// Everything a report says that does not depend on the flow is prepared once, when the writer
/// is made from a compiled policy: each rule's, list's and obligation's JSON object, already
/// escaped, and the pieces of every explanation sentence in both languages with only their
/// numbers left open. Writing a decision then appends prepared bytes and digits; the only strings
/// built per flow are the rare ones that carry the flow's own text (an item's name in a note).
///
/// The output is the same, byte for byte, as `DecisionReport.json(languages:)` serialised on one
/// line (`ReportWriterTests` says so over the scenario corpus and generated flows). That slower
/// path stays: it is what the text rendering, the ledger and the indented single-file output use.
public struct ReportWriter: Sendable {
    /// Which explanation a JSON line carries: the `--explain` option.
    public enum Explain: String, Sendable, CaseIterable {
        case none, en, zh, both

        public init(_ languages: DecisionReport.Languages) {
            switch languages {
            case .en: self = .en
            case .zh: self = .zh
            case .both: self = .both
            }
        }

        public var english: Bool { self == .en || self == .both }
        public var chinese: Bool { self == .zh || self == .both }
    }

    let policy: CompiledPolicy
    /// `{"id":…,"cite":…,"outcome":…,"cite_zh":…}` per rule and per list.
    let ruleObjects: [[UInt8]]
    let listObjects: [[UInt8]]
    let obligationObjects: [[UInt8]]
    /// Escaped text without quotes, per rule / list / obligation.
    let ruleCite: [[UInt8]], ruleCiteZH: [[UInt8]], ruleIDs: [[UInt8]]
    let listCite: [[UInt8]], listCiteZH: [[UInt8]], listIDs: [[UInt8]]
    /// ` CITE: ` and `依据CITE：` before a determinant's sentence.
    let ruleLeadEN: [[UInt8]], ruleLeadZH: [[UInt8]], listLeadEN: [[UInt8]], listLeadZH: [[UInt8]]
    /// The sentence said when none of a `because` clause holds (the title, else the id).
    let ruleDefaultEN: [[UInt8]], ruleDefaultZH: [[UInt8]], listDefaultEN: [[UInt8]], listDefaultZH: [[UInt8]]
    let ruleBecause: [PreparedBecause?], listBecause: [PreparedBecause?]
    /// `TITLE (CITE)` and `TITLE（CITE）` per obligation, for the explanation.
    let obligationEN: [[UInt8]], obligationZH: [[UInt8]]
    /// `"outcome":"CODE"` and the first sentence, per outcome.
    let outcomeField: [[UInt8]], outcomeEN: [[UInt8]], outcomeZH: [[UInt8]]
    let fallbackEN: [UInt8], fallbackZH: [UInt8]
    let policyField: [UInt8]
    /// `"NAME":{"prior":` per counter.
    let counterLead: [[UInt8]]

    /// A `because` cut into prepared pieces, per clause and language.
    struct PreparedBecause: Sendable {
        struct Clause: Sendable {
            var condition: Int32
            var en: [Piece]
            var zh: [Piece]
            /// Whether the sentence already ends with its full stop (else one is added).
            var enClosed: Bool
            var zhClosed: Bool
            /// A clause whose ends depend on text only known per flow (a parameter that is not a
            /// number): said the slow way, with `DecisionReport`'s own trimming.
            var dynamic: Bool
        }
        var clauses: [Clause]
        var anyConditional: Bool
    }

    enum Piece: Sendable {
        case bytes([UInt8])
        case number(NumberField)
        case parameter(Int)
    }

    public init(policy: CompiledPolicy) {
        self.policy = policy
        let outcomes = policy.table(.outcomes)
        func esc(_ s: String) -> [UInt8] { Self.escaped(s) }
        func object(id: String, cite: String, outcome: Int32, citeZH: String) -> [UInt8] {
            var out: [UInt8] = Array("{\"id\":\"".utf8) + esc(id) + Array("\",\"cite\":\"".utf8) + esc(cite) + [0x22]
            if outcome >= 0 { out += Array(",\"outcome\":\"".utf8) + esc(outcomes.code(outcome)) + [0x22] }
            out += Array(",\"cite_zh\":\"".utf8) + esc(citeZH) + Array("\"}".utf8)
            return out
        }
        ruleObjects = policy.rules.map { object(id: $0.id, cite: $0.cite, outcome: $0.outcome, citeZH: $0.citeZH) }
        listObjects = policy.lists.map { object(id: $0.id, cite: $0.cite, outcome: $0.outcome, citeZH: $0.citeZH) }
        obligationObjects = policy.obligations.map {
            Array("{\"id\":\"".utf8) + esc($0.id) + Array("\",\"cite\":\"".utf8) + esc($0.cite) + Array("\",\"cite_zh\":\"".utf8) + esc($0.citeZH) + Array("\"}".utf8)
        }
        ruleCite = policy.rules.map { esc($0.cite) }
        ruleCiteZH = policy.rules.map { esc($0.citeZH) }
        ruleIDs = policy.rules.map { esc($0.id) }
        listCite = policy.lists.map { esc($0.cite) }
        listCiteZH = policy.lists.map { esc($0.citeZH) }
        listIDs = policy.lists.map { esc($0.id) }
        ruleLeadEN = policy.rules.map { esc(" \($0.cite): ") }
        ruleLeadZH = policy.rules.map { esc("依据\($0.citeZH)：") }
        listLeadEN = policy.lists.map { esc(" \($0.cite): ") }
        listLeadZH = policy.lists.map { esc("依据\($0.citeZH)：") }
        ruleDefaultEN = policy.rules.map { esc(DecisionReport.sentence($0.title?.en ?? $0.id)) }
        ruleDefaultZH = policy.rules.map { esc(DecisionReport.sentenceZH($0.title?.zh ?? $0.id)) }
        listDefaultEN = policy.lists.map { esc(DecisionReport.sentence($0.title.en)) }
        listDefaultZH = policy.lists.map { esc(DecisionReport.sentenceZH($0.title.zh)) }
        let integerParameters = Set(policy.parameters.indices.filter { index in
            policy.parameters[index].values.allSatisfy { if case .integer = $0.value { true } else { false } }
        })
        ruleBecause = policy.rules.map { $0.because.map { Self.prepare($0, integerParameters: integerParameters) } }
        listBecause = policy.lists.map { $0.because.map { Self.prepare($0, integerParameters: integerParameters) } }
        obligationEN = policy.obligations.map { esc("\($0.title.en) (\($0.cite))") }
        obligationZH = policy.obligations.map { esc("\($0.title.zh)（\($0.citeZH)）") }
        outcomeField = outcomes.codes.map { Array(",\"outcome\":\"".utf8) + esc($0) + [0x22] }
        outcomeEN = (0..<outcomes.count).map { n in esc("Outcome: \(outcomes.label(Int32(n)).en) (\(outcomes.code(Int32(n)))).") }
        outcomeZH = (0..<outcomes.count).map { n in esc("结论：\(outcomes.label(Int32(n)).zh)。") }
        let fallback = outcomes.label(policy.fallbackOutcome)
        fallbackEN = esc(" No rule of the policy decides this flow, so it is referred to \(fallback.en) to fail closed.")
        fallbackZH = esc("现行规则未能判定该数据出境活动，按从严原则适用“\(fallback.zh)”。")
        policyField = Array(",\"policy\":{\"digest\":\"".utf8) + esc(policy.digest) + Array("\"}".utf8)
        counterLead = policy.counters.map { [0x22] + esc($0.name) + Array("\":{\"prior\":".utf8) }
    }

    /// Trims a template's ends once, as `DecisionReport.sentence` trims the text it fills, so that
    /// filling it needs no trimming; a clause whose ends are not known in advance stays dynamic.
    static func prepare(_ template: ExplanationTemplate, integerParameters: Set<Int>) -> PreparedBecause {
        func pieces(_ source: [ExplanationTemplate.Piece]) -> (pieces: [Piece], closed: Bool, dynamic: Bool, closing: String) {
            var list = source
            func isKnown(_ piece: ExplanationTemplate.Piece) -> Bool {
                switch piece {
                case .text: true
                case .number: true
                case .parameter(let index): integerParameters.contains(index)
                }
            }
            // Leading and trailing whitespace of the text pieces, as trimming the filled text removes it.
            while case .text(let text)? = list.first {
                let trimmed = String(text.drop(while: \.isWhitespace))
                if trimmed.isEmpty { list.removeFirst() } else { list[0] = .text(trimmed); break }
            }
            while case .text(let text)? = list.last {
                var trimmed = Substring(text)
                while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
                if trimmed.isEmpty { list.removeLast() } else { list[list.count - 1] = .text(String(trimmed)); break }
            }
            let dynamic = !(list.first.map(isKnown) ?? true) || !(list.last.map(isKnown) ?? true) || list.isEmpty
            var lastText = ""
            if case .text(let text)? = list.last { lastText = text }
            let converted: [Piece] = list.map {
                switch $0 {
                case .text(let text): .bytes(escaped(text))
                case .number(let field): .number(field)
                case .parameter(let index): .parameter(index)
                }
            }
            return (converted, false, dynamic, lastText)
        }
        var anyConditional = false
        let clauses = template.clauses.map { clause -> PreparedBecause.Clause in
            if clause.condition >= 0 { anyConditional = true }
            let en = pieces(clause.en), zh = pieces(clause.zh)
            // A number or a whole-number parameter never ends in a full stop.
            return PreparedBecause.Clause(condition: clause.condition, en: en.pieces, zh: zh.pieces,
                                          enClosed: en.closing.hasSuffix("."), zhClosed: zh.closing.hasSuffix("。"),
                                          dynamic: en.dynamic || zh.dynamic)
        }
        return PreparedBecause(clauses: clauses, anyConditional: anyConditional)
    }

    // MARK: writing

    /// Appends the decision's JSON object, on one line, without the line break.
    public func writeJSON(_ decision: Decision, flow: ResolvedFlow, explain: Explain, into out: inout [UInt8]) {
        let counterUses = decision.counters
        let deciding = decision.deciding
        out.append(contentsOf: "{\"flow\":".utf8)
        if let id = flow.flow.id { Self.quote(id, into: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: ",\"date\":\"".utf8)
        Self.write(decision.date, into: &out)
        out.append(0x22)
        out.append(contentsOf: outcomeField[Int(decision.outcome)])
        out.append(contentsOf: ",\"rules\":[".utf8)
        for (k, determinant) in deciding.enumerated() {
            if k > 0 { out.append(0x2C) }
            switch determinant {
            case .rule(let n): out.append(contentsOf: ruleObjects[Int(n)])
            case .list(let n): out.append(contentsOf: listObjects[Int(n)])
            }
        }
        out.append(contentsOf: "],\"obligations\":[".utf8)
        let obligations = decision.obligations
        for (k, n) in obligations.enumerated() {
            if k > 0 { out.append(0x2C) }
            out.append(contentsOf: obligationObjects[Int(n)])
        }
        out.append(contentsOf: "],\"explanation\":{".utf8)
        let notes = self.notes(decision, flow: flow, counterUses: counterUses)
        if explain != .none {
            let holding = policy.sentencesHolding(deciding.map { determinant in
                switch determinant {
                case .rule(let n): policy.rules[Int(n)].because
                case .list(let n): policy.lists[Int(n)].because
                }
            }, decision: decision, flow: flow)
            let facts = Facts(decision: decision, flow: flow, counters: counterUses, parameters: policy.epoch(on: decision.date)?.parameters)
            if explain.english {
                out.append(contentsOf: "\"en\":\"".utf8)
                explanation(english: true, decision, deciding: deciding, holding: holding, facts: facts, notes: notes, into: &out)
                out.append(0x22)
            }
            if explain.chinese {
                if explain.english { out.append(0x2C) }
                out.append(contentsOf: "\"zh\":\"".utf8)
                explanation(english: false, decision, deciding: deciding, holding: holding, facts: facts, notes: notes, into: &out)
                out.append(0x22)
            }
        }
        out.append(0x7D)
        out.append(contentsOf: policyField)
        out.append(contentsOf: ",\"counters\":{".utf8)
        let inForce = policy.epoch(on: decision.date)?.countersInForce ?? []
        var firstCounter = true
        for (k, use) in counterUses.enumerated() where k < inForce.count && inForce[k] && k < counterLead.count {
            if !firstCounter { out.append(0x2C) }
            firstCounter = false
            out.append(contentsOf: counterLead[k])
            Self.write(use.prior, into: &out)
            out.append(contentsOf: ",\"flow\":".utf8)
            Self.write(use.flow, into: &out)
            out.append(contentsOf: ",\"total\":".utf8)
            Self.write(use.total, into: &out)
            out.append(0x7D)
        }
        out.append(contentsOf: "},\"prior_source\":\"".utf8)
        out.append(contentsOf: flow.priorSource.rawValue.utf8)
        out.append(contentsOf: "\",\"counted\":".utf8)
        out.append(contentsOf: (decision.counted ? "true" : "false").utf8)
        if let window = decision.window {
            out.append(contentsOf: ",\"window\":{\"kind\":\"".utf8)
            out.append(contentsOf: window.kind.rawValue.utf8)
            out.append(contentsOf: "\",\"start\":\"".utf8)
            Self.write(window.start, into: &out)
            out.append(contentsOf: "\",\"end\":\"".utf8)
            Self.write(window.end, into: &out)
            out.append(contentsOf: "\"}".utf8)
        }
        let overridden = decision.overridden
        if !overridden.isEmpty {
            out.append(contentsOf: ",\"overridden\":[".utf8)
            for (k, pair) in overridden.enumerated() {
                if k > 0 { out.append(0x2C) }
                out.append(contentsOf: "{\"id\":\"".utf8)
                out.append(contentsOf: ruleIDs[Int(pair.rule)])
                out.append(contentsOf: "\",\"cite\":\"".utf8)
                out.append(contentsOf: ruleCite[Int(pair.rule)])
                out.append(contentsOf: "\",\"by\":\"".utf8)
                out.append(contentsOf: ruleIDs[Int(pair.by)])
                out.append(contentsOf: "\"}".utf8)
            }
            out.append(0x5D)
        }
        let released = decision.released
        if !released.isEmpty {
            out.append(contentsOf: ",\"released\":[".utf8)
            for (k, entry) in released.enumerated() {
                if k > 0 { out.append(0x2C) }
                out.append(contentsOf: "{\"item\":".utf8)
                Self.quote(flow.flow.items[entry.item].name, into: &out)
                out.append(contentsOf: ",\"list\":\"".utf8)
                out.append(contentsOf: listIDs[Int(entry.list)])
                out.append(contentsOf: "\",\"cite\":\"".utf8)
                out.append(contentsOf: listCite[Int(entry.list)])
                out.append(contentsOf: "\"}".utf8)
            }
            out.append(0x5D)
        }
        let reclassified = decision.reclassified
        if !reclassified.isEmpty {
            let classes = policy.table(.classes)
            out.append(contentsOf: ",\"reclassified\":[".utf8)
            for (k, entry) in reclassified.enumerated() {
                if k > 0 { out.append(0x2C) }
                let r = policy.reclassifications[Int(entry.reclassification)]
                out.append(contentsOf: "{\"item\":".utf8)
                Self.quote(flow.flow.items[entry.item].name, into: &out)
                out.append(contentsOf: ",\"rule\":".utf8)
                Self.quote(r.id, into: &out)
                out.append(contentsOf: ",\"cite\":".utf8)
                Self.quote(r.cite, into: &out)
                out.append(contentsOf: ",\"class\":".utf8)
                Self.quote(classes.code(r.toClass), into: &out)
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        if decision.fellBack { out.append(contentsOf: ",\"fallback\":true".utf8) }
        let failedClosed = decision.failedClosed
        if !failedClosed.isEmpty {
            out.append(contentsOf: ",\"failed_closed\":[".utf8)
            for (k, n) in failedClosed.enumerated() {
                if k > 0 { out.append(0x2C) }
                out.append(0x22)
                out.append(contentsOf: ruleIDs[Int(n)])
                out.append(0x22)
            }
            out.append(0x5D)
        }
        if !notes.isEmpty {
            out.append(contentsOf: ",\"notes\":[".utf8)
            for (k, note) in notes.enumerated() {
                if k > 0 { out.append(0x2C) }
                out.append(0x22)
                note.writeEN(into: &out)
                out.append(0x22)
            }
            out.append(0x5D)
        }
        out.append(0x7D)
    }

    /// What a sentence's placeholders are filled from.
    struct Facts {
        var decision: Decision
        var flow: ResolvedFlow
        var counters: [CounterUse]
        var parameters: ParameterValues?

        func write(_ piece: Piece, into out: inout [UInt8]) {
            switch piece {
            case .bytes(let bytes): out.append(contentsOf: bytes)
            case .number(let field):
                switch field {
                case .persons(let k): ReportWriter.writeGrouped(counters[k].total, into: &out)
                case .thisFlow(let k): ReportWriter.writeGrouped(counters[k].flow, into: &out)
                case .prior(let k): ReportWriter.writeGrouped(counters[k].prior, into: &out)
                case .processes:
                    if let n = flow.flow.exporter.processes { ReportWriter.writeGrouped(n, into: &out) } else { out.append(UInt8(ascii: "?")) }
                }
            case .parameter(let index):
                switch parameters?.value(index) {
                case .integer(let n)?: ReportWriter.writeGrouped(n, into: &out)
                case let value?: out.append(contentsOf: ReportWriter.escaped(value.description))
                case nil: out.append(UInt8(ascii: "?"))
                }
            }
        }

        /// The filled text unescaped, for a dynamic clause.
        func text(_ pieces: [ExplanationTemplate.Piece]) -> String {
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let text): out += text
                case .number(let field):
                    switch field {
                    case .persons(let k): out += DecisionReport.grouped(counters[k].total)
                    case .thisFlow(let k): out += DecisionReport.grouped(counters[k].flow)
                    case .prior(let k): out += DecisionReport.grouped(counters[k].prior)
                    case .processes: out += flow.flow.exporter.processes.map(DecisionReport.grouped) ?? "?"
                    }
                case .parameter(let index):
                    switch parameters?.value(index) {
                    case .integer(let n)?: out += DecisionReport.grouped(n)
                    case let value?: out += value.description
                    case nil: out += "?"
                    }
                }
            }
            return out
        }
    }

    /// The explanation paragraph in one language, escaped, as `DecisionReport` builds it.
    private func explanation(english: Bool, _ decision: Decision, deciding: [Decision.Determinant], holding: [[Bool]], facts: Facts,
                             notes: [Note], into out: inout [UInt8]) {
        out.append(contentsOf: english ? outcomeEN[Int(decision.outcome)] : outcomeZH[Int(decision.outcome)])
        if decision.fellBack { out.append(contentsOf: english ? fallbackEN : fallbackZH) }
        for (k, determinant) in deciding.enumerated() {
            let prepared: PreparedBecause?, template: ExplanationTemplate?
            switch determinant {
            case .rule(let n):
                out.append(contentsOf: english ? ruleLeadEN[Int(n)] : ruleLeadZH[Int(n)])
                prepared = ruleBecause[Int(n)]
                template = policy.rules[Int(n)].because
            case .list(let n):
                out.append(contentsOf: english ? listLeadEN[Int(n)] : listLeadZH[Int(n)])
                prepared = listBecause[Int(n)]
                template = policy.lists[Int(n)].because
            }
            var said = false
            if let prepared, let template {
                let holds = k < holding.count ? holding[k] : []
                for (number, clause) in prepared.clauses.enumerated() where number < holds.count ? holds[number] : true {
                    if said, english { out.append(0x20) }
                    said = true
                    if clause.dynamic {
                        let source = template.clauses[number]
                        let text = english ? DecisionReport.sentence(facts.text(source.en)) : DecisionReport.sentenceZH(facts.text(source.zh))
                        out.append(contentsOf: Self.escaped(text))
                        continue
                    }
                    for piece in english ? clause.en : clause.zh { facts.write(piece, into: &out) }
                    if english, !clause.enClosed { out.append(0x2E) }
                    if !english, !clause.zhClosed { out.append(contentsOf: "。".utf8) }
                }
            }
            if !said {
                switch determinant {
                case .rule(let n): out.append(contentsOf: english ? ruleDefaultEN[Int(n)] : ruleDefaultZH[Int(n)])
                case .list(let n): out.append(contentsOf: english ? listDefaultEN[Int(n)] : listDefaultZH[Int(n)])
                }
            }
        }
        for (rule, by) in decision.overridden where policy.rules[Int(rule)].outcome >= 0 {
            if english {
                out.append(0x20)
                out.append(contentsOf: ruleCite[Int(rule)])
                out.append(contentsOf: " is set aside by ".utf8)
                out.append(contentsOf: ruleCite[Int(by)])
                out.append(0x2E)
            } else {
                out.append(contentsOf: ruleCiteZH[Int(rule)])
                out.append(contentsOf: "依".utf8)
                out.append(contentsOf: ruleCiteZH[Int(by)])
                out.append(contentsOf: "不适用。".utf8)
            }
        }
        let released = decision.released
        if !released.isEmpty {
            let cites = Array(Set(released.map { english ? policy.lists[Int($0.list)].cite : policy.lists[Int($0.list)].citeZH })).sorted()
            let text = english ? " \(released.count) item(s) released by \(cites.joined(separator: ", "))."
                               : "\(released.count)项数据依\(cites.joined(separator: "、"))免予适用。"
            out.append(contentsOf: Self.escaped(text))
        }
        for n in decision.failedClosed {
            let id = policy.rules[Int(n)].id
            out.append(contentsOf: Self.escaped(english ? " Rule \(id) could not be evaluated and was decided fail-closed." : "规则\(id)无法判定，已按从严原则处理。"))
        }
        let obligations = decision.obligations
        if !obligations.isEmpty {
            out.append(contentsOf: (english ? " Obligations: " : "应履行义务：").utf8)
            for (k, n) in obligations.enumerated() {
                if k > 0 { out.append(contentsOf: (english ? "; " : "；").utf8) }
                out.append(contentsOf: english ? obligationEN[Int(n)] : obligationZH[Int(n)])
            }
            out.append(contentsOf: (english ? "." : "。").utf8)
        }
        for note in notes {
            out.append(contentsOf: (english ? " Note: " : "注意：").utf8)
            if english { note.writeSentenceEN(into: &out) } else { note.writeSentenceZH(into: &out) }
        }
    }

    // MARK: notes

    /// A note of the decision: most are text built for the flow, the commonest (no prior volume)
    /// is written from prepared pieces.
    enum Note {
        case text(Bilingual)
        case noPrior(start: Day)

        static let noPriorEN = (Array("no prior volume was stated and no ledger was used: persons exported earlier in the counting window (from ".utf8),
                                Array(") were taken as 0; state 'prior' or record transfers with --record".utf8))
        static let noPriorZH = (Array("未说明此前出境人数，也未使用台账：计数期间（".utf8),
                                Array("起）此前已出境的人数按0计算；请在“prior”中写明，或以 --record 记录出境".utf8))

        func writeEN(into out: inout [UInt8]) {
            switch self {
            case .text(let text): out.append(contentsOf: ReportWriter.escaped(text.en))
            case .noPrior(let start):
                out.append(contentsOf: Self.noPriorEN.0)
                ReportWriter.write(start, into: &out)
                out.append(contentsOf: Self.noPriorEN.1)
            }
        }

        func writeSentenceEN(into out: inout [UInt8]) {
            switch self {
            case .text(let text): out.append(contentsOf: ReportWriter.escaped(DecisionReport.sentence(text.en)))
            case .noPrior:
                writeEN(into: &out)
                out.append(0x2E)
            }
        }

        func writeSentenceZH(into out: inout [UInt8]) {
            switch self {
            case .text(let text): out.append(contentsOf: ReportWriter.escaped(DecisionReport.sentenceZH(text.zh)))
            case .noPrior(let start):
                out.append(contentsOf: Self.noPriorZH.0)
                ReportWriter.write(start, into: &out)
                out.append(contentsOf: Self.noPriorZH.1)
                out.append(contentsOf: "。".utf8)
            }
        }
    }

    /// The notes `DecisionReport` gives, in its order.
    func notes(_ decision: Decision, flow: ResolvedFlow, counterUses: [CounterUse]) -> [Note] {
        var notes = flow.notes.map(Note.text)
        let rare = DecisionReport.decisionNotes(decision, flow: flow, policy: policy, countersInForce: [])
        notes += rare.map(Note.text)
        if flow.priorSource == .none, let window = decision.window {
            let inForce = policy.epoch(on: decision.date)?.countersInForce ?? []
            if counterUses.indices.contains(where: { $0 < inForce.count && inForce[$0] && counterUses[$0].flow > 0 }) {
                notes.append(.noPrior(start: window.start))
            }
        }
        return notes
    }

    // MARK: bytes

    /// The JSON escape of `text` without the quotes, as `JSONValue` escapes strings.
    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONValue.quote(text, into: &out)
        return Array(out.dropFirst().dropLast())
    }

    static func quote(_ text: String, into out: inout [UInt8]) { JSONValue.quote(text, into: &out) }

    static func write(_ n: Int, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        writeDigits(n.magnitude, grouped: false, into: &out)
    }

    /// 150000 → 150,000, as `DecisionReport.grouped` writes it.
    static func writeGrouped(_ n: Int, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        writeDigits(n.magnitude, grouped: true, into: &out)
    }

    private static func writeDigits(_ value: UInt, grouped: Bool, into out: inout [UInt8]) {
        // 20 digits hold any 64-bit magnitude; written from the right into a fixed buffer.
        var buffer = (UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &buffer) { digits in
            var magnitude = value
            var count = 0
            repeat {
                digits[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            let first = 24 - count
            for i in first..<24 {
                if grouped, i > first, (24 - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
                out.append(digits[i])
            }
        }
    }

    static func write(_ day: Day, into out: inout [UInt8]) {
        let (y, m, d) = day.components
        func two(_ n: Int) {
            out.append(UInt8(ascii: "0") + UInt8(n / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(n % 10))
        }
        if y < 0 || y > 9999 {
            out.append(contentsOf: day.description.utf8)
            return
        }
        two(y / 100)
        two(y % 100)
        out.append(UInt8(ascii: "-"))
        two(m)
        out.append(UInt8(ascii: "-"))
        two(d)
    }
}
