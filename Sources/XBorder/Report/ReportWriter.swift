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
    /// Per epoch: which counters a decision shows, and the parameter values its sentences quote.
    let epochCountersInForce: [[Bool]]
    let epochParameters: [ParameterValues]
    /// The notes a decision gives about lists, cut around the parts that vary per flow (see
    /// `DecisionReport.decisionNotes`, whose words these are).
    let listNotes: [PreparedListNote]
    /// Per scenario number, the lists that name it, in the policy's order.
    let scenarioLists: [[Int32]]

    /// One list's notes, escaped, without the flow's scenario, item name and date.
    struct PreparedListNote: Sendable {
        var period: Period
        /// `' does not say whether it is on CITE ('listed: true' or 'listed: false'): …` and the Chinese.
        var unstatedEN: [UInt8], unstatedZH: [UInt8]
        var ineligibleEN: [UInt8], ineligibleZH: [UInt8]
        /// `' belongs to CITE, in force from START; it was not yet in force on ` and the Chinese.
        var notYetEN: [UInt8], notYetZH: [UInt8]
        /// `' belongs to CITE (in force SPAN); it ended on END and did not apply on ` and the Chinese.
        var endedEN: [UInt8], endedZH: [UInt8]
    }

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
        epochCountersInForce = policy.epochs.map(\.countersInForce)
        epochParameters = policy.epochs.map(\.parameters)
        listNotes = policy.lists.map { list in
            let start = list.period.start?.description ?? "…", end = list.period.end?.description ?? ""
            let span = "\(start)–\(end)"
            return PreparedListNote(
                period: list.period,
                unstatedEN: esc("' does not say whether it is on \(list.cite) ('listed: true' or 'listed: false'): it is not released and stays under the national rules"),
                unstatedZH: esc("”未说明是否列入\(list.citeZH)（应写明 listed: true 或 listed: false），不予放行，仍适用国家规定"),
                ineligibleEN: esc("the exporter does not meet the conditions for using \(list.cite), so the list releases nothing"),
                ineligibleZH: esc("数据处理者不符合\(list.citeZH)的适用条件，该清单不予放行"),
                notYetEN: esc("' belongs to \(list.cite), in force from \(start); it was not yet in force on "),
                notYetZH: esc("”属于\(list.citeZH)，该清单自\(start)起施行，"),
                endedEN: esc("' belongs to \(list.cite) (in force \(span)); it ended on \(end) and did not apply on "),
                endedZH: esc("”属于\(list.citeZH)（施行期间\(span)），该清单已于\(end)届满，"))
        }
        scenarioLists = (0..<policy.scenarios.count).map { scenario in
            policy.lists.indices.filter { policy.lists[$0].categoriesByScenario[Int32(scenario)] != nil }.map { Int32($0) }
        }
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
        let epoch = policy.index.epochNumber(on: decision.date)
        let counters = decision.counterUses
        let deciding = decision.section(.deciding)
        out.append(utf8: "{\"flow\":")
        if let id = flow.flow.id { Self.quote(id, into: &out) } else { out.append(utf8: "null") }
        out.append(utf8: ",\"date\":\"")
        Self.write(decision.date, into: &out)
        out.append(0x22)
        out.append(contentsOf: outcomeField[Int(decision.outcome)])
        out.append(utf8: ",\"rules\":[")
        var first = true
        for n in deciding {
            if !first { out.append(0x2C) }
            first = false
            out.append(contentsOf: n >= 0 ? ruleObjects[n] : listObjects[-n - 1])
        }
        out.append(utf8: "],\"obligations\":[")
        first = true
        for n in decision.section(.obligations) {
            if !first { out.append(0x2C) }
            first = false
            out.append(contentsOf: obligationObjects[n])
        }
        out.append(utf8: "],\"explanation\":{")
        let notes = self.notes(decision, flow: flow, counters: counters, epoch: epoch)
        if explain != .none {
            // Whether each clause of each deciding `because` holds; empty when every clause is said.
            var holding: [[Bool]] = []
            if deciding.contains(where: { ($0 >= 0 ? ruleBecause[$0] : listBecause[-$0 - 1])?.anyConditional ?? false }) {
                holding = policy.sentencesHolding(deciding.map { n in n >= 0 ? policy.rules[n].because : policy.lists[-n - 1].because },
                                                  decision: decision, flow: flow)
            }
            let facts = Facts(counters: counters, processes: flow.flow.exporter.processes, parameters: epoch.map { epochParameters[$0] })
            if explain.english {
                out.append(utf8: "\"en\":\"")
                explanation(english: true, decision, flow: flow, holding: holding, facts: facts, notes: notes, into: &out)
                out.append(0x22)
            }
            if explain.chinese {
                if explain.english { out.append(0x2C) }
                out.append(utf8: "\"zh\":\"")
                explanation(english: false, decision, flow: flow, holding: holding, facts: facts, notes: notes, into: &out)
                out.append(0x22)
            }
        }
        out.append(0x7D)
        out.append(contentsOf: policyField)
        out.append(utf8: ",\"counters\":{")
        let inForce = epoch.map { epochCountersInForce[$0] } ?? []
        first = true
        for k in 0..<counters.count where k < inForce.count && inForce[k] && k < counterLead.count {
            if !first { out.append(0x2C) }
            first = false
            let use = counters[k]
            out.append(contentsOf: counterLead[k])
            Self.write(use.prior, into: &out)
            out.append(utf8: ",\"flow\":")
            Self.write(use.flow, into: &out)
            out.append(utf8: ",\"total\":")
            Self.write(use.total, into: &out)
            out.append(0x7D)
        }
        out.append(utf8: "},\"prior_source\":\"")
        switch flow.priorSource {
        case .flow: out.append(utf8: "flow")
        case .ledger: out.append(utf8: "ledger")
        case .none: out.append(utf8: "none")
        }
        out.append(utf8: "\",\"counted\":")
        if decision.counted { out.append(utf8: "true") } else { out.append(utf8: "false") }
        if let window = decision.window {
            out.append(utf8: ",\"window\":{\"kind\":\"")
            out.append(contentsOf: window.kind.rawValue.utf8)
            out.append(utf8: "\",\"start\":\"")
            Self.write(window.start, into: &out)
            out.append(utf8: "\",\"end\":\"")
            Self.write(window.end, into: &out)
            out.append(utf8: "\"}")
        }
        let overridden = decision.section(.overridden)
        if !overridden.isEmpty {
            out.append(utf8: ",\"overridden\":[")
            for at in stride(from: overridden.startIndex, to: overridden.endIndex - 1, by: 2) {
                if at > overridden.startIndex { out.append(0x2C) }
                let rule = overridden[at], by = overridden[at + 1]
                out.append(utf8: "{\"id\":\"")
                out.append(contentsOf: ruleIDs[rule])
                out.append(utf8: "\",\"cite\":\"")
                out.append(contentsOf: ruleCite[rule])
                out.append(utf8: "\",\"by\":\"")
                out.append(contentsOf: ruleIDs[by])
                out.append(utf8: "\"}")
            }
            out.append(0x5D)
        }
        let released = decision.section(.released)
        if !released.isEmpty {
            out.append(utf8: ",\"released\":[")
            for at in stride(from: released.startIndex, to: released.endIndex - 1, by: 2) {
                if at > released.startIndex { out.append(0x2C) }
                let list = released[at + 1]
                out.append(utf8: "{\"item\":")
                Self.quote(flow.flow.items[released[at]].name, into: &out)
                out.append(utf8: ",\"list\":\"")
                out.append(contentsOf: listIDs[list])
                out.append(utf8: "\",\"cite\":\"")
                out.append(contentsOf: listCite[list])
                out.append(utf8: "\"}")
            }
            out.append(0x5D)
        }
        let reclassified = decision.section(.reclassified)
        if !reclassified.isEmpty {
            let classes = policy.table(.classes)
            out.append(utf8: ",\"reclassified\":[")
            for at in stride(from: reclassified.startIndex, to: reclassified.endIndex - 1, by: 2) {
                if at > reclassified.startIndex { out.append(0x2C) }
                let r = policy.reclassifications[reclassified[at + 1]]
                out.append(utf8: "{\"item\":")
                Self.quote(flow.flow.items[reclassified[at]].name, into: &out)
                out.append(utf8: ",\"rule\":")
                Self.quote(r.id, into: &out)
                out.append(utf8: ",\"cite\":")
                Self.quote(r.cite, into: &out)
                out.append(utf8: ",\"class\":")
                Self.quote(classes.code(r.toClass), into: &out)
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        if decision.fellBack { out.append(utf8: ",\"fallback\":true") }
        let failedClosed = decision.section(.failedClosed)
        if !failedClosed.isEmpty {
            out.append(utf8: ",\"failed_closed\":[")
            for at in failedClosed.indices {
                if at > failedClosed.startIndex { out.append(0x2C) }
                out.append(0x22)
                out.append(contentsOf: ruleIDs[failedClosed[at]])
                out.append(0x22)
            }
            out.append(0x5D)
        }
        if !notes.isEmpty {
            out.append(utf8: ",\"notes\":[")
            for (k, note) in notes.enumerated() {
                if k > 0 { out.append(0x2C) }
                out.append(0x22)
                write(note, english: true, sentence: false, flow: flow, date: decision.date, into: &out)
                out.append(0x22)
            }
            out.append(0x5D)
        }
        out.append(0x7D)
    }

    /// What a sentence's placeholders are filled from.
    struct Facts {
        var counters: CounterUses
        var processes: Int?
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
                    if let n = processes { ReportWriter.writeGrouped(n, into: &out) } else { out.append(UInt8(ascii: "?")) }
                }
            case .parameter(let index):
                switch parameters?.value(index) {
                case .integer(let n)?: ReportWriter.writeGrouped(n, into: &out)
                case let value?: ReportWriter.appendEscaped(value.description, into: &out)
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
                    case .processes: out += processes.map(DecisionReport.grouped) ?? "?"
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
    private func explanation(english: Bool, _ decision: Decision, flow: ResolvedFlow, holding: [[Bool]], facts: Facts,
                             notes: [Note], into out: inout [UInt8]) {
        out.append(contentsOf: english ? outcomeEN[Int(decision.outcome)] : outcomeZH[Int(decision.outcome)])
        if decision.fellBack { out.append(contentsOf: english ? fallbackEN : fallbackZH) }
        for (k, n) in decision.section(.deciding).enumerated() {
            let prepared: PreparedBecause?
            if n >= 0 {
                out.append(contentsOf: english ? ruleLeadEN[n] : ruleLeadZH[n])
                prepared = ruleBecause[n]
            } else {
                out.append(contentsOf: english ? listLeadEN[-n - 1] : listLeadZH[-n - 1])
                prepared = listBecause[-n - 1]
            }
            var said = false
            if let prepared {
                let holds = k < holding.count ? holding[k] : []
                for (number, clause) in prepared.clauses.enumerated() where number < holds.count ? holds[number] : true {
                    if said, english { out.append(0x20) }
                    said = true
                    if clause.dynamic, let template = n >= 0 ? policy.rules[n].because : policy.lists[-n - 1].because {
                        let source = template.clauses[number]
                        let text = english ? DecisionReport.sentence(facts.text(source.en)) : DecisionReport.sentenceZH(facts.text(source.zh))
                        Self.appendEscaped(text, into: &out)
                        continue
                    }
                    for piece in english ? clause.en : clause.zh { facts.write(piece, into: &out) }
                    if english, !clause.enClosed { out.append(0x2E) }
                    if !english, !clause.zhClosed { out.append(utf8: "。") }
                }
            }
            if !said {
                if n >= 0 {
                    out.append(contentsOf: english ? ruleDefaultEN[n] : ruleDefaultZH[n])
                } else {
                    out.append(contentsOf: english ? listDefaultEN[-n - 1] : listDefaultZH[-n - 1])
                }
            }
        }
        let overridden = decision.section(.overridden)
        for at in stride(from: overridden.startIndex, to: overridden.endIndex - 1, by: 2) where policy.rules[overridden[at]].outcome >= 0 {
            let rule = overridden[at], by = overridden[at + 1]
            if english {
                out.append(0x20)
                out.append(contentsOf: ruleCite[rule])
                out.append(utf8: " is set aside by ")
                out.append(contentsOf: ruleCite[by])
                out.append(0x2E)
            } else {
                out.append(contentsOf: ruleCiteZH[rule])
                out.append(utf8: "依")
                out.append(contentsOf: ruleCiteZH[by])
                out.append(utf8: "不适用。")
            }
        }
        if !decision.section(.released).isEmpty {
            let released = decision.released
            let cites = Array(Set(released.map { english ? policy.lists[Int($0.list)].cite : policy.lists[Int($0.list)].citeZH })).sorted()
            let text = english ? " \(released.count) item(s) released by \(cites.joined(separator: ", "))."
                               : "\(released.count)项数据依\(cites.joined(separator: "、"))免予适用。"
            Self.appendEscaped(text, into: &out)
        }
        for n in decision.section(.failedClosed) {
            let id = policy.rules[n].id
            Self.appendEscaped(english ? " Rule \(id) could not be evaluated and was decided fail-closed." : "规则\(id)无法判定，已按从严原则处理。", into: &out)
        }
        let obligations = decision.section(.obligations)
        if !obligations.isEmpty {
            if english { out.append(utf8: " Obligations: ") } else { out.append(utf8: "应履行义务：") }
            for at in obligations.indices {
                if at > obligations.startIndex {
                    if english { out.append(utf8: "; ") } else { out.append(utf8: "；") }
                }
                out.append(contentsOf: english ? obligationEN[obligations[at]] : obligationZH[obligations[at]])
            }
            if english { out.append(0x2E) } else { out.append(utf8: "。") }
        }
        for note in notes {
            if english { out.append(utf8: " Note: ") } else { out.append(utf8: "注意：") }
            write(note, english: english, sentence: true, flow: flow, date: decision.date, into: &out)
        }
    }

    // MARK: notes

    /// A note of the decision: the ones about the flow's own text are strings built for it; the
    /// common ones, about lists and prior volumes, are written from prepared pieces.
    enum Note {
        case text(Bilingual)
        case noPrior(start: Day)
        /// An item of a negative-list scenario that does not say whether it is on `list`.
        case unstated(item: Int, list: Int32)
        case ineligible(list: Int32)
        /// The flow's scenario belongs to `list`, which was not yet in force on the flow's date.
        case notYetInForce(list: Int32)
        /// The flow's scenario belongs to `list`, which had ended by the flow's date.
        case ended(list: Int32)

        static let noPriorEN = (Array("no prior volume was stated and no ledger was used: persons exported earlier in the counting window (from ".utf8),
                                Array(") were taken as 0; state 'prior' or record transfers with --record".utf8))
        static let noPriorZH = (Array("未说明此前出境人数，也未使用台账：计数期间（".utf8),
                                Array("起）此前已出境的人数按0计算；请在“prior”中写明，或以 --record 记录出境".utf8))
    }

    /// Writes a note escaped: as the `notes` entry (English, as written) or as a sentence of the
    /// explanation (trimmed and closed by a full stop, as `DecisionReport.sentence` makes it).
    /// Every prepared note begins and ends with fixed words, so only the text notes need trimming.
    private func write(_ note: Note, english: Bool, sentence: Bool, flow: ResolvedFlow, date: Day, into out: inout [UInt8]) {
        switch note {
        case .text(let text):
            if !sentence {
                Self.appendEscaped(text.en, into: &out)
            } else {
                Self.appendEscaped(english ? DecisionReport.sentence(text.en) : DecisionReport.sentenceZH(text.zh), into: &out)
            }
            return
        case .noPrior(let start):
            out.append(contentsOf: english ? Note.noPriorEN.0 : Note.noPriorZH.0)
            Self.write(start, into: &out)
            out.append(contentsOf: english ? Note.noPriorEN.1 : Note.noPriorZH.1)
        case .unstated(let item, let list):
            if english { out.append(utf8: "item '") } else { out.append(utf8: "数据项“") }
            Self.appendEscaped(flow.flow.items[item].name, into: &out)
            out.append(contentsOf: english ? listNotes[Int(list)].unstatedEN : listNotes[Int(list)].unstatedZH)
        case .ineligible(let list):
            out.append(contentsOf: english ? listNotes[Int(list)].ineligibleEN : listNotes[Int(list)].ineligibleZH)
        case .notYetInForce(let list), .ended(let list):
            if english { out.append(utf8: "scenario '") } else { out.append(utf8: "场景“") }
            Self.appendEscaped(flow.flow.scenario ?? "", into: &out)
            let prepared = listNotes[Int(list)]
            if case .notYetInForce = note {
                out.append(contentsOf: english ? prepared.notYetEN : prepared.notYetZH)
                Self.write(date, into: &out)
                if english { out.append(utf8: ", so it releases nothing") } else { out.append(utf8: "尚未施行，不予放行") }
            } else {
                out.append(contentsOf: english ? prepared.endedEN : prepared.endedZH)
                Self.write(date, into: &out)
                if english { out.append(utf8: ", so it releases nothing") } else { out.append(utf8: "不再适用，不予放行") }
            }
        }
        if sentence {
            if english { out.append(0x2E) } else { out.append(utf8: "。") }
        }
    }

    /// The notes `DecisionReport` gives (`flow.notes`, then `DecisionReport.decisionNotes`), in its order.
    func notes(_ decision: Decision, flow: ResolvedFlow, counters: CounterUses, epoch: Int?) -> [Note] {
        var notes = flow.notes.map(Note.text)
        let unstated = decision.section(.unstated)
        for at in stride(from: unstated.startIndex, to: unstated.endIndex - 1, by: 2) {
            // An item is named once, with the first list it is unstated for.
            let item = unstated[at]
            if stride(from: unstated.startIndex, to: at, by: 2).contains(where: { unstated[$0] == item }) { continue }
            notes.append(.unstated(item: item, list: Int32(unstated[at + 1])))
        }
        for n in decision.section(.ineligible) { notes.append(.ineligible(list: Int32(n))) }
        let scenario = flow.facts.scenario
        if flow.flow.scenario != nil, scenario >= 0, Int(scenario) < scenarioLists.count {
            let naming = scenarioLists[Int(scenario)]
            if !naming.isEmpty, !naming.contains(where: { listNotes[Int($0)].period.contains(decision.date) }) {
                for list in naming {
                    let period = listNotes[Int(list)].period
                    if let start = period.start, decision.date < start {
                        notes.append(.notYetInForce(list: list))
                    } else if period.end != nil {
                        notes.append(.ended(list: list))
                    }
                }
            }
        }
        if flow.priorSource == .none, let window = decision.window {
            let inForce = epoch.map { epochCountersInForce[$0] } ?? []
            if (0..<counters.count).contains(where: { $0 < inForce.count && inForce[$0] && counters[$0].flow > 0 }) {
                notes.append(.noPrior(start: window.start))
            }
        }
        return notes
    }

    // MARK: bytes

    /// The JSON escape of `text` without the quotes, as `JSONValue` escapes strings.
    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendEscaped(text, into: &out)
        return out
    }

    static func quote(_ text: String, into out: inout [UInt8]) { JSONValue.quote(text, into: &out) }

    static func appendEscaped(_ text: String, into out: inout [UInt8]) { JSONValue.appendEscaped(text, into: &out) }

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
        // 20 digits and 6 separators hold any 64-bit magnitude; written from the right into a
        // fixed buffer and appended in one copy.
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &buffer) { digits in
            var magnitude = value
            var at = 32
            var count = 0
            repeat {
                if grouped, count > 0, count % 3 == 0 {
                    at -= 1
                    digits[at] = UInt8(ascii: ",")
                }
                at -= 1
                digits[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: digits[at..<32]))
        }
    }

    static func write(_ day: Day, into out: inout [UInt8]) {
        let (y, m, d) = day.components
        if y < 0 || y > 9999 {
            out.append(contentsOf: day.description.utf8)
            return
        }
        var buffer = (UInt64(0), UInt16(0))
        withUnsafeMutableBytes(of: &buffer) { bytes in
            bytes[0] = UInt8(ascii: "0") + UInt8(y / 1000)
            bytes[1] = UInt8(ascii: "0") + UInt8(y / 100 % 10)
            bytes[2] = UInt8(ascii: "0") + UInt8(y / 10 % 10)
            bytes[3] = UInt8(ascii: "0") + UInt8(y % 10)
            bytes[4] = UInt8(ascii: "-")
            bytes[5] = UInt8(ascii: "0") + UInt8(m / 10)
            bytes[6] = UInt8(ascii: "0") + UInt8(m % 10)
            bytes[7] = UInt8(ascii: "-")
            bytes[8] = UInt8(ascii: "0") + UInt8(d / 10)
            bytes[9] = UInt8(ascii: "0") + UInt8(d % 10)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<10]))
        }
    }
}

extension [UInt8] {
    /// Appends a literal's bytes in one copy (appending a `String`'s `utf8` goes byte by byte).
    mutating func append(utf8 literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
