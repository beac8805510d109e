/// The two renderings of a decision: JSON in the public contract, and text for people.
extension DecisionReport {
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("flow", flowID.map(JSONValue.string) ?? .null),
            ("date", .string(date.description)),
            ("outcome", .string(outcome)),
            ("rules", .array(rules.map { rule in
                .object([("id", .string(rule.id)), ("cite", .string(rule.cite))] + (rule.outcome.map { [("outcome", JSONValue.string($0))] } ?? [])
                        + [("cite_zh", .string(rule.citeZH))])
            })),
            ("obligations", .array(obligations.map { .object([("id", .string($0.id)), ("cite", .string($0.cite)), ("cite_zh", .string($0.citeZH))]) })),
            ("explanation", .object([("en", .string(explanation.en)), ("zh", .string(explanation.zh))])),
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

    /// Outcome first, then the reasons with citations, then the obligations.
    public func text(color: Bool = false) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let outcomeColor = outcome == "exempt" ? "32" : (outcome == "prohibited" ? "31;1" : "33;1")
        var lines: [String] = []
        let head = [flowID, date.description].compactMap { $0 }.joined(separator: "  ")
        lines.append("\(head)  \(paint(outcome.uppercased(), outcomeColor)) — \(outcomeLabel.en) / \(outcomeLabel.zh)")
        if fellBack { lines.append("  no rule decides this flow: the fallback outcome applies (fail closed)") }
        if !rules.isEmpty {
            lines.append("  because:")
            for rule in rules {
                lines.append("    • \(paint(rule.cite, "1")) — \(rule.because?.en ?? rule.id)")
                if let zh = rule.because?.zh { lines.append("      \(zh)") }
                lines.append("      [\(rule.id)]")
            }
        }
        if !overridden.isEmpty {
            lines.append("  set aside:")
            for (rule, by) in overridden { lines.append("    • \(rule.cite) [\(rule.id)], by \(by.cite) [\(by.id)]") }
        }
        if !released.isEmpty {
            lines.append("  released by lists:")
            for entry in released { lines.append("    • \(entry.item) — \(entry.cite) [\(entry.list)]") }
        }
        if !reclassified.isEmpty {
            for entry in reclassified { lines.append("  reclassified: \(entry.item) → \(entry.to) (\(entry.cite))") }
        }
        if !countersInForce.isEmpty {
            let parts = countersInForce.map { "\($0.name) \(Self.grouped($0.use.total)) (prior \(Self.grouped($0.use.prior)) + this flow \(Self.grouped($0.use.flow)))" }
            var source = priorSource == .flow ? "prior stated in the flow" : priorSource == .ledger ? "prior from the ledger" : "no prior volume stated or recorded"
            if let window { source += ", window \(window.start)–\(window.end)" }
            lines.append("  persons: " + parts.joined(separator: "; ") + " — \(source)")
            if !counted { lines.append("  not counted toward the yearly totals (exempted transfer)") }
        }
        if !obligations.isEmpty {
            lines.append("  obligations:")
            for obligation in obligations {
                lines.append("    • \(paint(obligation.cite, "1")) — \(obligation.title.en)")
                lines.append("      \(obligation.title.zh)  [\(obligation.id)]")
            }
        }
        for name in failedClosed { lines.append("  warning: rule \(name) could not be evaluated; decided fail-closed") }
        for note in notes {
            lines.append("  note: \(note.en)")
            lines.append("        \(note.zh)")
        }
        return lines.joined(separator: "\n")
    }
}
