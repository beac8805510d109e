/// The two renderings of an explanation: one JSON document for tools, text for people.
extension ExplainReport {
    /// `{"flow", "date", "outcome", "rules": [{"id", "cite", "applied", "failed"?, "overridden-by"?}],
    /// "parameters": [{"name", "value", "since", "cite"}], "facts", "lists", "deciding", …}`.
    /// `failed` and `cite` stay English for tools; `languages` adds `failed_zh` and chooses the
    /// explanations carried.
    public func json(languages: DecisionReport.Languages) -> JSONValue {
        let chinese = languages != .en
        let check = decision.json(languages: languages)
        var pairs: [(String, JSONValue)] = [
            ("flow", decision.flowID.map(JSONValue.string) ?? .null),
            ("date", .string(decision.date.description)),
            ("outcome", .string(decision.outcome)),
        ]
        pairs.append(("rules", .array(rules.map { rule in
            var fields: [(String, JSONValue)] = [("id", .string(rule.id)), ("cite", .string(rule.cite)), ("applied", .bool(rule.applied))]
            if let failed = rule.failed {
                fields.append(("failed", .string(failed.en)))
                if chinese { fields.append(("failed_zh", .string(failed.zh))) }
            }
            if let by = rule.overriddenBy { fields.append(("overridden-by", .string(by))) }
            if let outcome = rule.outcome { fields.append(("outcome", .string(outcome))) }
            if rule.deciding { fields.append(("deciding", .bool(true))) }
            if rule.failedClosed { fields.append(("failed_closed", .bool(true))) }
            fields.append(("cite_zh", .string(rule.citeZH)))
            return .object(fields)
        })))
        pairs.append(("parameters", .array(parameters.map { parameter in
            .object([
                ("name", .string(parameter.name)),
                ("value", parameter.value.map(Self.json) ?? .null),
                ("since", parameter.since.map { .string($0.description) } ?? .null),
                ("cite", parameter.cite.map(JSONValue.string) ?? .null),
                ("used_by", .array(parameter.usedBy.map(JSONValue.string))),
            ])
        })))
        var facts: [(String, JSONValue)] = self.facts.map { ($0.field, .string($0.value)) }
        facts.append(("counters", check["counters"] ?? .object([])))
        facts.append(("prior_source", check["prior_source"] ?? .null))
        if let window = check["window"] { facts.append(("window", window)) }
        facts.append(("items", .array(items.map { item in
            var fields: [(String, JSONValue)] = [("name", .string(item.name)), ("class", .string(item.dataClass))]
            if let stated = item.statedClass, stated != item.dataClass { fields.append(("stated_class", .string(stated))) }
            if let catalog = item.catalog { fields.append(("catalog", .string(catalog))) }
            if let by = item.reclassifiedBy { fields.append(("reclassified_by", .string(by))) }
            if let by = item.releasedBy { fields.append(("released_by", .string(by))) }
            fields.append(("individuals", .number(item.individuals)))
            fields.append(("counted_in", .array(item.counters.map(JSONValue.string))))
            return .object(fields)
        })))
        pairs.append(("facts", .object(facts)))
        pairs.append(("lists", .array(lists.map { list in
            var fields: [(String, JSONValue)] = [
                ("id", .string(list.id)), ("cite", .string(list.cite)), ("kind", .string(list.kind)),
                ("scenario", .bool(list.coversScenario)), ("eligible", .bool(list.eligible)),
            ]
            if let failed = list.failed {
                fields.append(("failed", .string(failed.en)))
                if chinese { fields.append(("failed_zh", .string(failed.zh))) }
            }
            fields.append(("released", .array(list.released.map(JSONValue.string))))
            if list.deciding { fields.append(("deciding", .bool(true))) }
            fields.append(("cite_zh", .string(list.citeZH)))
            return .object(fields)
        })))
        // What `check --format json` says of the same decision, under the same keys.
        pairs.append(("deciding", check["rules"] ?? .array([])))
        for key in ["obligations", "overridden", "released", "reclassified", "fallback", "failed_closed", "notes", "counted", "explanation", "policy"] {
            if let value = check[key] { pairs.append((key, value)) }
        }
        return .object(pairs)
    }

    static func json(_ literal: ParameterLiteral) -> JSONValue {
        switch literal {
        case .integer(let n): .number(n)
        case .boolean(let b): .bool(b)
        case .code(let c): .string(c)
        }
    }

    /// The decision as `check` prints it, then the argument: facts, rules, lists, parameters.
    public func text(color: Bool = false, languages: DecisionReport.Languages = .both) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func heading(_ en: String, _ zh: String) -> String {
            switch languages {
            case .en: "\(en):"
            case .zh: "\(zh)："
            case .both: "\(en) / \(zh):"
            }
        }
        /// One line per language asked for; the second indented under the first.
        func say(_ text: Bilingual, _ lines: inout [String], first: String, next: String) {
            var prefix = first
            if languages != .zh {
                lines.append(prefix + text.en)
                prefix = next
            }
            if languages != .en { lines.append(prefix + text.zh) }
        }
        /// A short status in one line: `applied / 适用` when both languages are asked for.
        func line(_ text: Bilingual) -> String {
            switch languages {
            case .en: text.en
            case .zh: text.zh
            case .both: "\(text.en) / \(text.zh)"
            }
        }
        var lines = [decision.text(color: color, languages: languages), ""]

        lines.append(heading("facts the rules read", "规则所依据的事实"))
        lines.append("  " + facts.map { "\($0.field): \($0.value)" }.joined(separator: "; "))
        for item in items {
            var parts = ["\(item.dataClass)"]
            if let stated = item.statedClass, stated != item.dataClass { parts.append(languages == .zh ? "所标类别 \(stated)" : "stated \(stated)") }
            if let catalog = item.catalog { parts.append("catalog \(catalog)") }
            if let by = item.reclassifiedBy { parts.append(languages == .zh ? "依 \(by) 重新分类" : "reclassified by \(by)") }
            parts.append(languages == .zh ? "\(DecisionReport.grouped(item.individuals))人" : "\(DecisionReport.grouped(item.individuals)) persons")
            if let by = item.releasedBy {
                parts.append(languages == .zh ? "由清单 \(by) 放行" : "released by \(by)")
            } else if !item.counters.isEmpty {
                parts.append((languages == .zh ? "计入 " : "counts toward ") + item.counters.joined(separator: ", "))
            }
            lines.append("  • \(item.name): " + parts.joined(separator: languages == .zh ? "，" : ", "))
        }

        let date = decision.date.description
        lines.append("")
        lines.append(heading("rules in force on \(date) (\(rules.count))", "\(date)施行的规则（\(rules.count)条）"))
        for rule in rules {
            let cite = languages == .zh ? rule.citeZH : rule.cite
            let mark: String
            var status: Bilingual
            if rule.applied {
                mark = paint("✓", "32")
                let outcome = rule.outcome.map { " → \($0)" } ?? ""
                status = rule.deciding ? Bilingual(zh: "适用，决定结论\(outcome)", en: "applied, deciding\(outcome)")
                                       : Bilingual(zh: "适用\(outcome)", en: "applied\(outcome)")
                if rule.failedClosed {
                    status = Bilingual(zh: status.zh + "（无法判定，按从严原则视为适用）", en: status.en + " (could not be evaluated: taken to apply, fail closed)")
                }
            } else if let by = rule.overriddenBy {
                mark = paint("⊘", "33")
                status = Bilingual(zh: "条件成立，但依 \(by) 不适用", en: "condition met, set aside by \(by)")
            } else {
                mark = "✗"
                status = Bilingual(zh: "不适用", en: "does not apply")
                if rule.failedClosed { status = Bilingual(zh: "无法判定，按从严原则视为不适用的例外", en: "could not be evaluated: an exception taken not to apply (fail closed)") }
            }
            lines.append("  \(mark) \(rule.id) — \(cite)")
            lines.append("      " + line(status))
            if let failed = rule.failed {
                say(Bilingual(zh: "未满足：\(failed.zh)", en: "failed: \(failed.en)"), &lines, first: "      ", next: "      ")
            }
        }

        if !lists.isEmpty {
            lines.append("")
            lines.append(heading("lists in force on \(date) (\(lists.count))", "\(date)施行的清单（\(lists.count)份）"))
            for list in lists {
                let cite = languages == .zh ? list.citeZH : list.cite
                lines.append("  \(list.released.isEmpty ? "•" : paint("✓", "32")) \(list.id) — \(cite) (\(list.kind))")
                var status: Bilingual
                if !list.coversScenario {
                    status = Bilingual(zh: "不涵盖本次出境的场景", en: "does not cover the flow's scenario")
                    status = list.eligible ? Bilingual(zh: status.zh + "；数据处理者符合适用条件", en: status.en + "; the exporter would be eligible")
                                           : Bilingual(zh: status.zh + "；数据处理者不符合适用条件", en: status.en + "; the exporter would not be eligible")
                } else if !list.eligible {
                    status = Bilingual(zh: "涵盖本次场景，但数据处理者不符合适用条件", en: "covers the flow's scenario; the exporter is not eligible")
                } else if list.released.isEmpty {
                    status = Bilingual(zh: "涵盖本次场景，数据处理者符合适用条件，未放行任何数据项", en: "covers the flow's scenario; the exporter is eligible; no item released")
                } else {
                    let names = list.released.map { "'\($0)'" }.joined(separator: ", ")
                    status = Bilingual(zh: "放行：\(list.released.map { "“\($0)”" }.joined(separator: "、"))\(list.deciding ? "（决定结论）" : "")",
                                       en: "released \(names)\(list.deciding ? " (deciding)" : "")")
                }
                lines.append("      " + line(status))
                if let failed = list.failed {
                    say(Bilingual(zh: "未满足：\(failed.zh)", en: "not met: \(failed.en)"), &lines, first: "      ", next: "      ")
                }
            }
        }

        if !parameters.isEmpty {
            lines.append("")
            lines.append(heading("parameter values on \(date)", "\(date)适用的参数值"))
            for parameter in parameters {
                let value = parameter.value?.description ?? (languages == .zh ? "无取值" : "no value")
                let since = parameter.since.map { languages == .zh ? "，自\($0)起" : " since \($0)" } ?? ""
                let cite = parameter.cite.map { " (\($0))" } ?? ""
                lines.append("  • \(parameter.name) = \(value)\(since)\(cite)")
                lines.append("      " + (languages == .zh ? "使用者：" : "used by ") + parameter.usedBy.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
