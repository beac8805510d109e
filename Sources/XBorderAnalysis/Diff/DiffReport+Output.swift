import XBorder

extension DiffReport {
    private var flowsDescription: String {
        switch flowSource {
        case .scenarios(let directory): "every case of \(directory)"
        case .files(let paths): paths.joined(separator: ", ")
        }
    }

    private static func place(_ location: SourceLocation?) -> String {
        location.map { "\($0.path):\($0.line)" } ?? "-"
    }

    private static func decision(_ side: DiffSide) -> String {
        switch side {
        case .decided(let d): decision(d)
        case .refused(let code, _): "refused (\(code))"
        }
    }

    /// The obligations gained and lost, when the outcome and the deciding rules stay.
    private static func obligations(_ a: ConcreteDecision?, _ b: ConcreteDecision?) -> String {
        guard let a, let b, a.outcome == b.outcome, Set(a.deciding) == Set(b.deciding) else { return "" }
        let gained = b.obligations.filter { !a.obligations.contains($0) }, lost = a.obligations.filter { !b.obligations.contains($0) }
        let parts = gained.map { "+" + $0 } + lost.map { "−" + $0 }
        return parts.isEmpty ? "" : "; obligations " + parts.joined(separator: " ")
    }

    private static func obligations(_ a: DiffSide, _ b: DiffSide) -> String {
        guard case .decided(let x) = a, case .decided(let y) = b else { return "" }
        return obligations(x, y)
    }

    private static func decision(_ d: ConcreteDecision?) -> String {
        guard let d else { return "refused" }
        return d.outcome + (d.deciding.isEmpty ? " (fallback)" : " [\(d.deciding.joined(separator: ", "))]")
    }

    private func verdictLines(_ verdict: Verdict, indent: String) -> [String] {
        switch verdict {
        case .differs(let witness):
            var lines = ["\(indent)decides differently: on \(witness.day) \(Self.decision(witness.before)) → \(Self.decision(witness.after))\(Self.obligations(witness.before, witness.after))"
                         + (witness.confirmed ? "" : " (the evaluator does not confirm it on this flow: the encoding over-approximates here)")]
            if let inNew = witness.inNew { lines.append("\(indent)under the whole new set: \(Self.decision(inNew))") }
            lines.append("\(indent)witness: \(witness.flow.jsonValue.serialized())")
            return lines
        case .equivalent(let proof): return ["\(indent)decides every flow alike: \(proof)"]
        case .unknown(let reason): return ["\(indent)not proved: \(reason)"]
        case .wordingOnly: return ["\(indent)wording or citations only: no outcome, deciding rule or obligation can change"]
        case .notIsolated(let reason): return ["\(indent)not judged alone: \(reason); the whole-set comparison covers it"]
        case .notProved: return []
        }
    }

    /// The report for a person: the changes of the law with their proofs, then the flows.
    public func text() -> String {
        var lines: [String] = []
        lines.append("\(before.path) → \(after.path)")
        lines.append("digest \(before.digest.prefix(16))… → \(after.digest.prefix(16))…")
        lines.append("")
        if changes.isEmpty {
            lines.append("The two policy sets say the same: no rule, parameter, list, catalog entry or code differs.")
        } else {
            lines.append("\(changes.count) change\(changes.count == 1 ? "" : "s") of the law:")
            for entry in changes {
                let change = entry.change
                let cite = change.cite.map { " (\($0))" } ?? ""
                lines.append("  \(change.kind.rawValue) \(change.id)\(cite): \(change.change.rawValue)  [\(Self.place(change.before)) → \(Self.place(change.after))]")
                if change.change == .changed { lines.append("    \(change.summary)") }
                lines += verdictLines(entry.result, indent: "    ")
            }
        }
        let whole = verdictLines(self.whole, indent: "  ")
        if !whole.isEmpty {
            lines.append("")
            lines.append("The whole new set against the old, every flow of up to \(itemCount) items on every day:")
            lines += whole
        }
        lines.append("")
        lines.append("\(flowCount) flow\(flowCount == 1 ? "" : "s") re-decided (\(flowsDescription)): \(changed.count) decided differently, \(flowCount - changed.count) alike")
        for problem in problems { lines.append("  not compared: \(problem.location.path):\(problem.location.line): \(problem.message)") }
        if !changed.isEmpty {
            lines.append("By rule:")
            for group in byRule { lines.append("  \(String(group.flows).leftPadded(7))  \(group.id)\(group.cite.isEmpty ? "" : "  \(group.cite)")") }
            lines.append("By article:")
            for group in byArticle { lines.append("  \(String(group.flows).leftPadded(7))  \(group.id)") }
            lines.append("Flows decided differently:")
            for flow in changed {
                let name = flow.name.map { " \"\($0)\"" } ?? ""
                let at = flow.at == flow.id ? "" : " (\(flow.at))"
                lines.append("  \(flow.id)\(name)\(at): \(Self.decision(flow.before)) → \(Self.decision(flow.after))\(Self.obligations(flow.before, flow.after))  [\(flow.moved.joined(separator: ", "))]")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func sideJSON(_ side: DiffSide) -> JSONValue {
        switch side {
        case .decided(let d):
            .object([("outcome", .string(d.outcome)), ("rules", .array(d.deciding.map { .string($0) })),
                     ("obligations", .array(d.obligations.map { .string($0) }))])
        case .refused(let code, let message):
            .object([("refused", .object([("code", .string(code)), ("message", .string(message))]))])
        }
    }

    private static func decisionJSON(_ d: ConcreteDecision?) -> JSONValue {
        guard let d else { return .null }
        return .object([("outcome", .string(d.outcome)), ("rules", .array(d.deciding.map { .string($0) })),
                        ("obligations", .array(d.obligations.map { .string($0) }))])
    }

    private static func verdictJSON(_ verdict: Verdict) -> JSONValue {
        switch verdict {
        case .differs(let w):
            var pairs: [(String, JSONValue)] = [("result", .string("differs")), ("day", .string(w.day.description)), ("witness", w.flow.jsonValue),
                                                ("before", decisionJSON(w.before)), ("after", decisionJSON(w.after)), ("confirmed", .bool(w.confirmed))]
            if let inNew = w.inNew { pairs.append(("new", decisionJSON(inNew))) }
            return .object(pairs)
        case .equivalent(let proof): return .object([("result", .string("equivalent")), ("proof", .string(proof))])
        case .unknown(let reason): return .object([("result", .string("unknown")), ("reason", .string(reason))])
        case .wordingOnly: return .object([("result", .string("wording-only"))])
        case .notIsolated(let reason): return .object([("result", .string("not-isolated")), ("reason", .string(reason))])
        case .notProved: return .null
        }
    }

    private static func locationJSON(_ location: SourceLocation?) -> JSONValue {
        guard let location else { return .null }
        return .object([("file", .string(location.path)), ("line", .number(location.line)), ("column", .number(location.column))])
    }

    /// One JSON document: `{"flows": N, "changed": [{"flow", "before": {"outcome", "rules"}, "after": {…}}], …}`.
    public func json() -> String {
        let flows: [JSONValue] = changed.map { flow in
            var pairs: [(String, JSONValue)] = [("flow", .string(flow.id)), ("at", .string(flow.at))]
            if let name = flow.name { pairs.append(("name", .string(name))) }
            pairs += [("before", Self.sideJSON(flow.before)), ("after", Self.sideJSON(flow.after)), ("moved", .array(flow.moved.map { .string($0) }))]
            return .object(pairs)
        }
        let groups = { (groups: [Group]) -> JSONValue in
            .array(groups.map { .object([("id", .string($0.id)), ("cite", .string($0.cite)), ("flows", .number($0.flows))]) })
        }
        let policyChanges: [JSONValue] = changes.map { entry in
            let change = entry.change
            var pairs: [(String, JSONValue)] = [("kind", .string(change.kind.rawValue)), ("id", .string(change.id)), ("change", .string(change.change.rawValue)),
                                                ("aspects", .array(change.aspects.map { .string($0) })), ("summary", .string(change.summary))]
            if let cite = change.cite { pairs.append(("cite", .string(cite))) }
            pairs += [("before", Self.locationJSON(change.before)), ("after", Self.locationJSON(change.after)),
                      ("affects-decisions", .bool(change.affectsDecisions)), ("symbolic", Self.verdictJSON(entry.result))]
            return .object(pairs)
        }
        return JSONValue.object([
            ("before", .object([("policies", .string(before.path)), ("digest", .string(before.digest))])),
            ("after", .object([("policies", .string(after.path)), ("digest", .string(after.digest))])),
            ("flows", .number(flowCount)),
            ("changed", .array(flows)),
            ("by-rule", groups(byRule)),
            ("by-article", groups(byArticle)),
            ("changes", .array(policyChanges)),
            ("whole", Self.verdictJSON(whole)),
            ("items", .number(itemCount)),
            ("decisions-differ", .bool(decisionsDiffer)),
        ]).serialized(pretty: true)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
