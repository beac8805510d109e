import Plot
import XBorder

/// A pack's page: its header, its rules in words, reclassifications, parameter timelines,
/// counters, obligations and rule sets.
struct PackPage {
    var context: HandbookContext
    var pack: Pack

    func page() -> Page {
        var toc: [(anchor: String, title: Bilingual, level: Int)] = [("top", pack.title, 1)]
        var body: [BodyNode] = [header()]
        if !pack.rules.isEmpty {
            toc.append(("rules", Bilingual(zh: "规则", en: "Rules"), 1))
            for rule in pack.rules { toc.append((rule.id.name, rule.title ?? Bilingual(zh: rule.id.name, en: rule.id.name), 2)) }
            body.append(View.heading(2, id: "rules", Bilingual(zh: "规则", en: "Rules")))
            body += pack.rules.map(RuleView(context: context, pack: pack).node)
        }
        if !pack.reclassifications.isEmpty {
            toc.append(("reclassifications", Bilingual(zh: "类别认定", en: "Reclassifications"), 1))
            body.append(View.heading(2, id: "reclassifications", Bilingual(zh: "类别认定", en: "Reclassifications")))
            body.append(.p(.class("lead"), View.bi(zh: "在其他规则之前适用：数据项的类别只会被认定为更严格的类别。",
                                                   en: "Applied before any other rule: an item's class is only ever made stricter.")))
            body += pack.reclassifications.map(reclassification)
        }
        if !pack.parameters.isEmpty {
            toc.append(("parameters", Bilingual(zh: "参数及其沿革", en: "Parameters and their timelines"), 1))
            for parameter in pack.parameters { toc.append((Pages.parameterAnchor(parameter.name), parameter.title ?? Bilingual(zh: parameter.name, en: parameter.name), 2)) }
            body.append(View.heading(2, id: "parameters", Bilingual(zh: "参数及其沿革", en: "Parameters and their timelines")))
            body += pack.parameters.map { ParameterView(context: context).node($0) }
        }
        if !pack.counters.isEmpty {
            toc.append(("counters", Bilingual(zh: "累计数量", en: "Counters"), 1))
            body.append(View.heading(2, id: "counters", Bilingual(zh: "累计数量", en: "Counters")))
            body.append(counters())
        }
        if !pack.obligations.isEmpty {
            toc.append(("obligations", Bilingual(zh: "义务", en: "Obligations"), 1))
            body.append(View.heading(2, id: "obligations", Bilingual(zh: "义务", en: "Obligations")))
            body += pack.obligations.map(obligation)
        }
        if !pack.ruleSets.isEmpty {
            toc.append(("rule-sets", Bilingual(zh: "规则组", en: "Rule sets"), 1))
            body.append(View.heading(2, id: "rule-sets", Bilingual(zh: "规则组", en: "Rule sets")))
            body += pack.ruleSets.map(ruleSet)
        }
        return context.layout.page(file: Pages.pack(pack.id), title: pack.title, toc: toc, body: body)
    }

    private func header() -> BodyNode {
        let state = View.state(pack.period, on: context.asOf)
        var rows: [(label: Bilingual, value: [BodyNode])] = []
        if let instrument = pack.instrument { rows.append((Bilingual(zh: "文件", en: "Instrument"), [.text(instrument)])) }
        if let issuer = pack.issuer { rows.append((Bilingual(zh: "制定机关", en: "Issued by"), [.text(issuer)])) }
        if let published = pack.published { rows.append((Bilingual(zh: "公布日期", en: "Published"), [.text(published.description)])) }
        rows.append((Bilingual(zh: "施行期间", en: "In force"), [View.dates(pack.period), .text(" "), state.badge]))
        if let status = pack.status { rows.append((Bilingual(zh: "核实状态", en: "Status"), [StatusView.badge(status)])) }
        if let source = pack.source {
            rows.append((Bilingual(zh: "来源", en: "Source"), [View.webAddress(source).map { View.link($0, $0) } ?? .text(source)]))
        }
        rows.append((Bilingual(zh: "政策编号", en: "Pack id"), [View.code(pack.id)]))
        return .group(
            .h1(.id("top"), View.zh(pack.title.zh), .br(), View.en(pack.title.en)),
            View.facts(rows)
        )
    }

    private func reclassification(_ item: Reclassification) -> BodyNode {
        let phrasing = context.phrasing(for: item.period)
        let condition = phrasing.itemNoun(item.when)
        let toClass = context.lookup.label(.classes, item.toClass.name)
        let state = View.state(item.period, on: context.asOf)
        return .section(.class("rule " + state.className), .id(Escape.attribute(item.id.name)),
                        .h3(.a(.class("anchor"), .href(Escape.attribute("#" + item.id.name)), .text("§")), View.code(item.id.name)),
                        .p(.class("meta"), state.badge, View.dates(item.period)),
                        View.facts([
                            (Bilingual(zh: "依据", en: "Citation"), [View.citation(en: item.cite, zh: context.chineseCitation(item.cite), source: pack.source)]),
                            (Bilingual(zh: "认定", en: "Rule"), [View.pair(
                                zh: [.p(.group(context.view.words(condition.zh + "，认定为\(toClass.zh)。")))],
                                en: [.p(.group(context.view.words("Treat " + condition.en + " as \(toClass.en).")))])]),
                        ]))
    }

    private func counters() -> BodyNode {
        var rows: [(className: String?, cells: [[BodyNode]])] = []
        let phrasing = context.phrasing(for: pack.period)
        for counter in pack.counters {
            let counts = phrasing.itemNoun(counter.counts)
            rows.append((nil, [
                [.span(.id(Escape.attribute(Pages.counterAnchor(counter.name))), View.code(counter.name))],
                [View.bi(counter.title ?? Bilingual(zh: counter.name, en: counter.name))],
                [View.pair(zh: [.p(.group(context.view.words("计入" + counts.zh)))], en: [.p(.group(context.view.words("counts " + counts.en)))])],
            ]))
        }
        var nodes: [BodyNode] = [View.table("counters", headings: [Bilingual(zh: "名称", en: "Name"), Bilingual(zh: "含义", en: "What it counts"), Bilingual(zh: "计入的数据项", en: "Items counted")], rows: rows)]
        if let counting = pack.counting {
            let window = phrasing.windowWords
            nodes.append(.p(View.bi(zh: "累计期间由参数决定（现为\(window.zh)），计数单位为自然人。", en: "The counting period is a parameter (now: \(window.en)); persons are natural persons."),
                            .text(" "), context.view.parameterLink(counting.window.name)))
            if let exempted = counting.exemptedTransfersCount {
                nodes.append(.p(View.bi(zh: "免予申报的出境是否计入累计数量：", en: "Whether exempted transfers count toward the totals: "), context.view.parameterLink(exempted.name)))
            }
        }
        return .group(nodes)
    }

    private func obligation(_ obligation: Obligation) -> BodyNode {
        let cite = context.compiledObligations[obligation.id.name]?.citeZH ?? context.chineseCitation(obligation.cite)
        let uses = context.obligationUses[obligation.id.name] ?? []
        return .section(.class("entry"), .id(Escape.attribute(Pages.obligationAnchor(obligation.id.name))),
                        .h3(.a(.class("anchor"), .href(Escape.attribute("#" + Pages.obligationAnchor(obligation.id.name))), .text("§")), View.code(obligation.id.name)),
                        View.pair(obligation.title),
                        View.facts([
                            (Bilingual(zh: "依据", en: "Citation"), [View.citation(en: obligation.cite, zh: cite, source: pack.source)]),
                            (Bilingual(zh: "产生于", en: "Due under"), uses.isEmpty ? [.span(.class("none"), View.bi(zh: "无规则引用", en: "no rule names it"))]
                                : [.ul(.class("plain"), .forEach(uses) { .li(context.view.ruleLink($0)) })]),
                        ] + (obligation.note.map { [(Bilingual(zh: "备注（英文）", en: "Note"), [.p(.class("note"), .text($0))])] } ?? [])))
    }

    private func ruleSet(_ set: RuleSet) -> BodyNode {
        .section(.class("entry"), .id(Escape.attribute(set.name.name)),
                 .h3(View.code(set.name.name)),
                 .p(View.bi(zh: "例外规则以此名称一并排除下列规则：", en: "Exceptions name this set to set aside all of these rules at once:")),
                 .ul(.class("plain"), .forEach(set.rules) { .li(context.view.ruleLink($0.name)) }))
    }
}

/// How sure the authors are of a file: confirmed, reported or open.
enum StatusView {
    static func badge(_ status: String) -> BodyNode {
        let label: Bilingual = switch status {
        case "confirmed": Bilingual(zh: "已核实", en: "confirmed")
        case "reported": Bilingual(zh: "据报道", en: "reported")
        case "open": Bilingual(zh: "待定", en: "open question")
        default: Bilingual(zh: status, en: status)
        }
        return View.badge(label, "status")
    }
}

extension View {
    /// A parameter named in a sentence: its name, linking to its timeline.
    func parameterLink(_ name: String) -> BodyNode {
        let page = lookup.parameterPage[name] ?? ""
        return .a(.href(Escape.attribute(page + "#" + Pages.parameterAnchor(name))), .code(.text(name)))
    }
}
