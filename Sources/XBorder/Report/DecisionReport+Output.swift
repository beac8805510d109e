/// The two renderings of a decision: JSON in the public contract, and text for people.
extension DecisionReport {
    /// The languages a rendering speaks: the contract's JSON carries both explanations by default.
    public enum Languages: String, Sendable, CaseIterable {
        case en, zh, both

        var english: Bool { self != .zh }
        var chinese: Bool { self != .en }
    }

    public var json: JSONValue { json(languages: .both) }

    /// The contract's JSON; `languages` chooses which explanations it carries. Citations stay in
    /// English in `cite` for tools, with the Chinese in `cite_zh`.
    public func json(languages: Languages) -> JSONValue { json(explain: ReportWriter.Explain(languages)) }

    /// The contract's JSON with the explanation `explain` asks for (`none`: an empty object,
    /// so that the field is still there for tools that look for it).
    public func json(explain languages: ReportWriter.Explain) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("flow", flowID.map(JSONValue.string) ?? .null),
            ("date", .string(date.description)),
            ("outcome", .string(outcome)),
            ("rules", .array(rules.map { rule in
                .object([("id", .string(rule.id)), ("cite", .string(rule.cite))] + (rule.outcome.map { [("outcome", JSONValue.string($0))] } ?? [])
                        + [("cite_zh", .string(rule.citeZH))])
            })),
            ("obligations", .array(obligations.map { .object([("id", .string($0.id)), ("cite", .string($0.cite)), ("cite_zh", .string($0.citeZH))]) })),
            ("explanation", .object((languages.english ? [("en", JSONValue.string(explanation.en))] : [])
                                    + (languages.chinese ? [("zh", JSONValue.string(explanation.zh))] : []))),
            ("policy", .object([("digest", .string(policyDigest))])),
        ]
        pairs.append(("counters", .object(countersInForce.map { name, use in
            (name, .object([("prior", .number(use.prior)), ("flow", .number(use.flow)), ("total", .number(use.total))]))
        })))
        pairs.append(("prior_source", .string(priorSource.rawValue)))
        pairs.append(("counted", .bool(counted)))
        if let window {
            pairs.append(("window", .object([("kind", .string(window.kind.rawValue)), ("start", .string(window.start.description)),
                                             ("end", .string(window.end.description))])))
        }
        if !overridden.isEmpty {
            pairs.append(("overridden", .array(overridden.map { .object([("id", .string($0.rule.id)), ("cite", .string($0.rule.cite)), ("by", .string($0.by.id))]) })))
        }
        if !released.isEmpty {
            pairs.append(("released", .array(released.map { .object([("item", .string($0.item)), ("list", .string($0.list)), ("cite", .string($0.cite))]) })))
        }
        if !reclassified.isEmpty {
            pairs.append(("reclassified", .array(reclassified.map {
                .object([("item", .string($0.item)), ("rule", .string($0.rule)), ("cite", .string($0.cite)), ("class", .string($0.to))])
            })))
        }
        if fellBack { pairs.append(("fallback", .bool(true))) }
        if !failedClosed.isEmpty { pairs.append(("failed_closed", .array(failedClosed.map(JSONValue.string)))) }
        if !notes.isEmpty { pairs.append(("notes", .array(notes.map { JSONValue.string($0.en) }))) }
        return .object(pairs)
    }

    /// Outcome first, then the reasons with citations, then the obligations; in English, in
    /// Chinese (citations as Chinese text cites), or both.
    public func text(color: Bool = false, languages: Languages = .both) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        /// A heading in the languages asked for.
        func say(_ en: String, _ zh: String) -> String {
            switch languages {
            case .en: en
            case .zh: zh
            case .both: "\(en) / \(zh)"
            }
        }
        /// A section heading, with the colon of its language.
        func heading(_ en: String, _ zh: String) -> String { "  " + (languages == .zh ? "\(zh)：" : "\(say(en, zh)):") }
        /// A text line in each language asked for, the second indented under the first.
        func both(_ en: String, _ zh: String, _ lines: inout [String], first: String, next: String) {
            var prefix = first
            if languages.english {
                lines.append(prefix + en)
                prefix = next
            }
            if languages.chinese { lines.append(prefix + zh) }
        }
        let outcomeColor = outcome == "exempt" ? "32" : (outcome == "prohibited" ? "31;1" : "33;1")
        var lines: [String] = []
        let head = [flowID, date.description].compactMap { $0 }.joined(separator: "  ")
        lines.append("\(head)  \(paint(outcome.uppercased(), outcomeColor)) — \(say(outcomeLabel.en, outcomeLabel.zh))")
        if fellBack { lines.append("  " + say("no rule decides this flow: the fallback outcome applies (fail closed)", "现行规则未能判定：按从严原则适用兜底结论")) }
        if !rules.isEmpty {
            lines.append(heading("because", "依据"))
            for rule in rules {
                let en = "\(paint(rule.cite, "1")) — \(rule.because?.en ?? rule.id)"
                let zh = languages == .zh ? "\(paint(rule.citeZH, "1")) — \(rule.because?.zh ?? rule.id)" : rule.because?.zh ?? rule.citeZH
                both(en, zh, &lines, first: "    • ", next: "      ")
                lines.append("      [\(rule.id)]")
            }
        }
        if !overridden.isEmpty {
            lines.append(heading("set aside", "不适用"))
            for (rule, by) in overridden {
                both("\(rule.cite) [\(rule.id)], by \(by.cite) [\(by.id)]", "\(rule.citeZH) [\(rule.id)]，依\(by.citeZH) [\(by.id)]", &lines, first: "    • ", next: "      ")
            }
        }
        if !released.isEmpty {
            lines.append(heading("released by lists", "依清单免予适用"))
            for entry in released { lines.append("    • \(entry.item) — \(languages == .zh ? entry.citeZH : entry.cite) [\(entry.list)]") }
        }
        if !reclassified.isEmpty {
            for entry in reclassified { lines.append("  \(say("reclassified", "重新分类")): \(entry.item) → \(entry.to) (\(entry.cite))") }
        }
        if !countersInForce.isEmpty {
            let parts = countersInForce.map { "\($0.name) \(Self.grouped($0.use.total)) (prior \(Self.grouped($0.use.prior)) + this flow \(Self.grouped($0.use.flow)))" }
            var source = priorSource == .flow ? "prior stated in the flow" : priorSource == .ledger ? "prior from the ledger" : "no prior volume stated or recorded"
            if let window { source += ", window \(window.start)–\(window.end)" }
            let partsZH = countersInForce.map { "\($0.name) \(Self.grouped($0.use.total))（此前\(Self.grouped($0.use.prior)) + 本次\(Self.grouped($0.use.flow))）" }
            var sourceZH = priorSource == .flow ? "此前人数由出境活动说明" : priorSource == .ledger ? "此前人数来自台账" : "此前人数未说明也未记录"
            if let window { sourceZH += "，计数期间\(window.start)至\(window.end)" }
            // The numbers are the same in both languages: one line, in English unless only Chinese is asked for.
            lines.append(languages == .zh ? "  人数：" + partsZH.joined(separator: "；") + "——\(sourceZH)"
                                          : "  persons: " + parts.joined(separator: "; ") + " — \(source)")
            if !counted { lines.append("  " + say("not counted toward the yearly totals (exempted transfer)", "不计入累计数量（免予申报的出境）")) }
        }
        if !obligations.isEmpty {
            lines.append(heading("obligations", "应履行义务"))
            for obligation in obligations {
                let zh = languages == .zh ? "\(paint(obligation.citeZH, "1")) — \(obligation.title.zh)" : obligation.title.zh
                both("\(paint(obligation.cite, "1")) — \(obligation.title.en)", zh, &lines, first: "    • ", next: "      ")
                lines[lines.count - 1] += "  [\(obligation.id)]"
            }
        }
        for name in failedClosed { lines.append("  " + say("warning: rule \(name) could not be evaluated; decided fail-closed", "警告：规则\(name)无法判定，已按从严原则处理")) }
        for note in notes { both(note.en, note.zh, &lines, first: languages == .zh ? "  注意：" : "  note: ", next: "        ") }
        return lines.joined(separator: "\n")
    }
}
