import Plot
import XBorder

/// One rule in plain words: when it applies, what it decides, what it sets aside, what is due,
/// and the cases that test it.
struct RuleView {
    var context: HandbookContext
    var pack: Pack

    func node(_ rule: Rule) -> BodyNode {
        let id = rule.id.name
        let period = context.compiledRules[id]?.period ?? rule.period
        let state = View.state(period, on: context.asOf)
        let phrasing = context.phrasing(for: period)
        let title = rule.title ?? Bilingual(zh: id, en: id)
        let citeZH = context.compiledRules[id]?.citeZH ?? context.chineseCitation(rule.cite)
        var rows: [(label: Bilingual, value: [BodyNode])] = [
            (Bilingual(zh: "依据", en: "Citation"), [View.citation(en: rule.cite, zh: citeZH, source: pack.source)]),
            (Bilingual(zh: "适用条件", en: "Applies when"), [condition(rule.when, phrasing: phrasing)]),
        ]
        var outcome: [BodyNode] = []
        if let then = rule.then {
            outcome.append(View.badge(context.outcomeLabel(then.name), "outcome"))
            if rule.exemption { outcome += [.text(" "), View.badge(Bilingual(zh: "法定豁免", en: "statutory exemption"), "exemption")] }
        } else {
            outcome.append(.span(.class("none"), View.bi(zh: "不决定出境条件，只增加义务", en: "decides no mechanism; adds obligations only")))
        }
        rows.append((Bilingual(zh: "结果", en: "Outcome"), outcome))
        if !rule.obligations.isEmpty {
            rows.append((Bilingual(zh: "应履行义务", en: "Obligations"), [.ul(.class("plain"), .forEach(rule.obligations) { .li(context.view.obligationLink($0.name)) })]))
        }
        if !rule.overrides.isEmpty {
            rows.append((Bilingual(zh: "排除适用", en: "Sets aside"), [overrides(rule)]))
        }
        if let by = context.overriddenBy[id], !by.isEmpty {
            rows.append((Bilingual(zh: "被以下规则排除", en: "Set aside by"), [.ul(.class("plain"), .forEach(by) { .li(context.view.ruleLink($0)) })]))
        }
        if let because = rule.because, !because.clauses.isEmpty {
            rows.append((Bilingual(zh: "判定说明", en: "The decision says"), [explanation(because, phrasing: phrasing)]))
        }
        if let note = rule.note {
            rows.append((Bilingual(zh: "备注（英文）", en: "Note"), [.p(.class("note"), .attribute(named: "lang", value: "en"), .text(note))]))
        }
        rows.append((Bilingual(zh: "测试用例", en: "Tested by"), [context.casesNode(for: id, obligationsOnly: rule.then == nil)]))
        return .section(.class("rule " + state.className), .id(Escape.attribute(id)),
                        .h3(.a(.class("anchor"), .href(Escape.attribute("#" + id)), .attribute(named: "aria-label", value: "link"), .text("§")), View.bi(title)),
                        .p(.class("meta"), View.code(id), state.badge, View.dates(period)),
                        View.facts(rows))
    }

    private func condition(_ condition: Condition?, phrasing: Phrasing) -> BodyNode {
        guard let condition else {
            return View.pair(Bilingual(zh: "施行期间内的每一项数据出境。", en: "Every flow in the rule's period."))
        }
        let clause = phrasing.flow(condition)
        return View.pair(zh: context.view.clause(clause, chinese: true, lead: "当"), en: context.view.clause(clause, chinese: false, lead: "When "))
    }

    private func overrides(_ rule: Rule) -> BodyNode {
        .ul(.class("plain"), .forEach(rule.overrides) { reference in
            if let members = context.lookup.ruleSets[reference.name] {
                return .li(View.code(reference.name), .text(" "), View.bi(zh: "（规则组）：", en: "(rule set): "),
                           .ul(.class("plain"), .forEach(members) { .li(context.view.ruleLink($0)) }))
            }
            return .li(context.view.ruleLink(reference.name))
        })
    }

    /// The rule's `because` with the parameters' values filled in and the flow's numbers left as N.
    private func explanation(_ because: Explanation, phrasing: Phrasing) -> BodyNode {
        func fill(_ text: String, chinese: Bool) -> Words {
            var out = Words()
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out = out + String(rest[..<open])
                let name = String(rest[rest.index(after: open)..<close])
                if context.lookup.parameters[name] != nil {
                    let value = phrasing.parameterShown(name)
                    out = out + Words.parameter(name, shown: chinese ? value.zh : value.en)
                } else {
                    out = out + "N"
                }
                rest = rest[rest.index(after: close)...]
            }
            return out + String(rest)
        }
        return View.pair(zh: because.clauses.map { .p(.group(context.view.words(fill($0.text.zh, chinese: true)))) },
                         en: because.clauses.map { .p(.group(context.view.words(fill($0.text.en, chinese: false)))) })
    }
}
