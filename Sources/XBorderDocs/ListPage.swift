import Plot
import XBorder

/// A zone list's page: who may use it, what it may release, its scenarios with their categories
/// and entries, its validity, and the cases that test it.
struct ListPage {
    var context: HandbookContext
    var list: DataList

    func page() -> Page {
        let id = list.id.name
        let phrasing = context.phrasing(for: list.period)
        let state = View.state(list.period, on: context.asOf)
        let kind: Bilingual = switch list.kind {
        case .generalData: Bilingual(zh: "一般数据清单：所列数据项予以放行", en: "general data list: the items it lists are released")
        case .negative: Bilingual(zh: "负面清单：清单以外的数据项予以放行", en: "negative list: items not on the list are released")
        }
        var rows: [(label: Bilingual, value: [BodyNode])] = [
            (Bilingual(zh: "依据", en: "Citation"), [View.citation(en: list.cite, zh: context.compiledLists[id]?.citeZH ?? list.title.zh, source: list.source)]),
            (Bilingual(zh: "清单类型", en: "Kind"), [View.bi(kind)]),
            (Bilingual(zh: "有效期", en: "Validity"), [View.dates(list.period), .text(" "), state.badge]),
        ]
        if let status = list.status { rows.append((Bilingual(zh: "核实状态", en: "Status"), [StatusView.badge(status)])) }
        if let instrument = list.instrument { rows.append((Bilingual(zh: "文件", en: "Instrument"), [.text(instrument)])) }
        if let issuer = list.issuer { rows.append((Bilingual(zh: "制定机关", en: "Issued by"), [.text(issuer)])) }
        if let source = list.source {
            rows.append((Bilingual(zh: "来源", en: "Source"), [View.webAddress(source).map { View.link($0, $0) } ?? .text(source)]))
        }
        rows.append((Bilingual(zh: "适用主体", en: "Who may use it"), [flowCondition(list.eligible, phrasing: phrasing,
            empty: Bilingual(zh: "任何数据处理者。", en: "Any exporter."))]))
        rows.append((Bilingual(zh: "可放行的数据", en: "What it may release"), [itemCondition(list.appliesTo, phrasing: phrasing,
            zhLead: "可放行", enLead: "It may release ", empty: Bilingual(zh: "任何数据项。", en: "Any item."))]))
        if let unless = list.unless {
            rows.append((Bilingual(zh: "不予放行", en: "Never releases"), [itemCondition(unless, phrasing: phrasing, zhLead: "不放行", enLead: "It never releases ",
                                                                                  empty: Bilingual(zh: "", en: ""))]))
        }
        var outcome: [BodyNode] = [View.badge(context.outcomeLabel(list.outcome.name), "outcome")]
        if list.exemption { outcome += [.text(" "), View.badge(Bilingual(zh: "法定豁免", en: "statutory exemption"), "exemption")] }
        rows.append((Bilingual(zh: "放行后的结果", en: "Outcome of a release"), outcome))
        if !list.obligations.isEmpty {
            rows.append((Bilingual(zh: "放行时的义务", en: "Due when it releases"), [.ul(.class("plain"), .forEach(list.obligations) { .li(context.view.obligationLink($0.name)) })]))
        }
        if !list.scenarioObligations.isEmpty {
            rows.append((Bilingual(zh: "在清单场景中出境时的义务", en: "Due whenever an eligible exporter exports in a scenario"),
                         [.ul(.class("plain"), .forEach(list.scenarioObligations) { .li(context.view.obligationLink($0.name)) })]))
        }
        if let note = list.note { rows.append((Bilingual(zh: "备注（英文）", en: "Note"), [.p(.class("note"), .attribute(named: "lang", value: "en"), .text(note))])) }
        rows.append((Bilingual(zh: "测试用例", en: "Tested by"), [context.casesNode(for: id)]))

        var toc: [(anchor: String, title: Bilingual, level: Int)] = [(id, list.title, 1), ("scenarios", Bilingual(zh: "场景", en: "Scenarios"), 1)]
        for scenario in list.scenarios { toc.append((Pages.scenarioAnchor(scenario.code), scenario.title, 2)) }
        let body: [BodyNode] = [
            .section(.class("rule " + state.className), .id(Escape.attribute(id)),
                     .h1(View.zh(list.title.zh), .br(), View.en(list.title.en)),
                     .p(.class("meta"), View.code(id), state.badge),
                     View.facts(rows)),
            View.heading(2, id: "scenarios", Bilingual(zh: "场景", en: "Scenarios")),
            .group(list.scenarios.map(scenario)),
        ]
        return context.layout.page(file: Pages.list(id), title: list.title, toc: toc, body: body)
    }

    private func flowCondition(_ condition: Condition?, phrasing: Phrasing, empty: Bilingual) -> BodyNode {
        guard let condition else { return View.pair(empty) }
        let clause = phrasing.flow(condition)
        return View.pair(zh: context.view.clause(clause, chinese: true, lead: "当"), en: context.view.clause(clause, chinese: false, lead: "When "))
    }

    private func itemCondition(_ condition: Condition?, phrasing: Phrasing, zhLead: String, enLead: String, empty: Bilingual) -> BodyNode {
        guard let condition else { return View.pair(empty) }
        let noun = phrasing.itemNoun(condition)
        return View.pair(zh: [.p(.group(context.view.words(zhLead + noun.zh + "。")))], en: [.p(.group(context.view.words(enLead + noun.en + ".")))])
    }

    private func scenario(_ scenario: ListScenario) -> BodyNode {
        let entries = Dictionary(scenario.entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let phrasing = context.phrasing(for: list.period)
        var rows: [(className: String?, cells: [[BodyNode]])] = []
        for category in scenario.categories {
            var said: [BodyNode] = []
            if let entry = entries[category.code] {
                if let designates = entry.designates {
                    said.append(.p(View.bi(zh: "清单认定为" + context.lookup.label(.classes, designates.name).zh,
                                           en: "designated as " + context.lookup.label(.classes, designates.name).en)))
                }
                if let then = entry.then {
                    let when = entry.when.map { phrasing.item($0) }
                    said.append(.p(View.bi(zh: "应当" + context.outcomeLabel(then.name).zh, en: "requires: " + context.outcomeLabel(then.name).en)))
                    if let when {
                        said.append(View.pair(zh: [.p(.group(context.view.words("当数据项" + when.zh + "时。")))],
                                              en: [.p(.group(context.view.words("when the item " + when.en + ".")))]))
                    }
                }
                said.append(.p(View.citation(en: entry.cite, zh: entry.citeZH ?? context.chineseCitation(entry.cite), source: list.source)))
            }
            rows.append((nil, [
                [.span(.id(Escape.attribute(Pages.entryAnchor("\(scenario.code).\(category.code)"))), View.code("\(scenario.code).\(category.code)"))],
                [View.zh(category.label.zh)],
                [View.en(category.label.en)],
                said.isEmpty ? [.span(.class("none"), View.bi(zh: "仅列名称", en: "name only"))] : said,
            ]))
        }
        return .section(.class("entry"), .id(Escape.attribute(Pages.scenarioAnchor(scenario.code))),
                        .h3(.a(.class("anchor"), .href(Escape.attribute("#" + Pages.scenarioAnchor(scenario.code))), .text("§")), View.bi(scenario.title)),
                        .p(.class("meta"), View.code(scenario.code),
                           .unwrap(scenario.sector) { View.bi(zh: "行业：" + context.lookup.label(.sectors, $0.name).zh, en: "sector: " + context.lookup.label(.sectors, $0.name).en) }),
                        scenario.categories.isEmpty
                            ? .p(.class("none"), View.bi(zh: "未列类别：本场景不放行任何数据项。", en: "No categories: the scenario releases nothing."))
                            : View.table("categories", headings: [Bilingual(zh: "类别代码", en: "Category code"), Bilingual(zh: "中文名称", en: "Chinese"),
                                                                  Bilingual(zh: "英文名称", en: "English"), Bilingual(zh: "清单规定", en: "What the list says")], rows: rows))
    }
}
