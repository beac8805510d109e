import Plot
import XBorder

/// The handbook's front page: what it covers, the packs, lists and catalogs, and every rule in
/// one table with its state on the handbook's day.
struct IndexPage {
    var context: HandbookContext

    func page() -> Page {
        let set = context.model.set
        let packs = set.packs.sorted { ($0.period.start ?? Day(ordinal: 0), $0.id) < ($1.period.start ?? Day(ordinal: 0), $1.id) }
        let lists = set.lists.sorted { $0.id.name < $1.id.name }
        let ruleCount = set.packs.reduce(0) { $0 + $1.rules.count }
        let inForce = context.model.policy.rules.filter { $0.period.contains(context.asOf) }.count
        let title = Bilingual(zh: "数据出境合规手册", en: "Cross-border data handbook")
        var body: [BodyNode] = [
            .h1(.id("top"), View.zh(title.zh), .br(), View.en(title.en)),
            .p(.class("lead"), View.bi(zh: "本手册由政策文件（Policies/）自动生成，以中英文说明各项规则、参数、清单和义务。规则的适用条件以文字表述，参数显示 \(context.asOf) 的取值。",
                                       en: "Generated from the policy files: every rule, parameter, list and obligation in Chinese and English, conditions in words, parameters as they stand on \(context.asOf).")),
            View.facts([
                (Bilingual(zh: "法律状态日", en: "Law as of"), [.text(context.asOf.description)]),
                (Bilingual(zh: "规则", en: "Rules"), [View.bi(zh: "\(ruleCount) 条，其中 \(inForce) 条于 \(context.asOf) 有效", en: "\(ruleCount), of which \(inForce) in force on \(context.asOf)")]),
                (Bilingual(zh: "清单与目录", en: "Lists and catalogs"), [View.bi(zh: "\(lists.count) 份清单，\(set.catalogs.count) 份目录", en: "\(lists.count) lists, \(set.catalogs.count) catalogs")]),
                (Bilingual(zh: "场景用例", en: "Scenario cases"), [.a(.href(Pages.cases), .text("\(context.cases.caseCount)"))]),
                (Bilingual(zh: "政策摘要", en: "Policy digest"), [View.code(context.model.policy.digest)]),
            ]),
            View.heading(2, id: "packs", Bilingual(zh: "法律文件", en: "Instruments")),
            View.table("index", headings: [Bilingual(zh: "文件", en: "Instrument"), Bilingual(zh: "施行期间", en: "In force"), Bilingual(zh: "规则", en: "Rules"), Bilingual(zh: "状态", en: "Status")],
                       rows: packs.map { pack in
                           let state = View.state(pack.period, on: context.asOf)
                           return (state.className == "in-force" ? nil : "ended", [
                               [View.titleLink(Pages.pack(pack.id), pack.title), View.code(pack.id)],
                               [View.dates(pack.period), .br(), state.badge],
                               [.text("\(pack.rules.count)")],
                               pack.status.map { [StatusView.badge($0)] } ?? [],
                           ])
                       }),
            View.heading(2, id: "lists", Bilingual(zh: "清单", en: "Zone lists")),
            View.table("index", headings: [Bilingual(zh: "清单", en: "List"), Bilingual(zh: "有效期", en: "Validity"), Bilingual(zh: "场景", en: "Scenarios"), Bilingual(zh: "状态", en: "Status")],
                       rows: lists.map { list in
                           let state = View.state(list.period, on: context.asOf)
                           return (state.className == "in-force" ? nil : "ended", [
                               [View.titleLink(Pages.list(list.id.name), list.title), View.code(list.id.name)],
                               [View.dates(list.period), .br(), state.badge],
                               [.text("\(list.scenarios.count)")],
                               list.status.map { [StatusView.badge($0)] } ?? [],
                           ])
                       }),
            View.heading(2, id: "catalogs", Bilingual(zh: "分类目录与代码", en: "Catalogs and codes")),
            .ul(.class("plain"),
                .forEach(set.catalogs.sorted { $0.id < $1.id }) { catalog in
                    .li(.a(.href(Escape.attribute(Pages.catalog(catalog.id))), .text((catalog.title?.zh ?? catalog.id) + " / " + (catalog.title?.en ?? catalog.id))),
                        .text(" "), View.code(catalog.id))
                },
                .li(.a(.href(Pages.vocabulary), .text("代码表 / Codes"))),
                .li(.a(.href(Pages.cases), .text("场景用例 / Scenario cases")))),
            View.heading(2, id: "all-rules", Bilingual(zh: "全部规则", en: "All rules")),
            allRules(),
        ]
        body.append(.p(.class("note"), View.bi(zh: "灰色行：于 \(context.asOf) 已失效或尚未施行。", en: "Grey rows: ended, or not yet in force, on \(context.asOf).")))
        let toc: [(anchor: String, title: Bilingual, level: Int)] = [
            ("top", title, 1), ("packs", Bilingual(zh: "法律文件", en: "Instruments"), 1), ("lists", Bilingual(zh: "清单", en: "Zone lists"), 1),
            ("catalogs", Bilingual(zh: "分类目录与代码", en: "Catalogs and codes"), 1), ("all-rules", Bilingual(zh: "全部规则", en: "All rules"), 1),
        ]
        return context.layout.page(file: Pages.index, title: title, toc: toc, body: body)
    }

    private func allRules() -> BodyNode {
        var rows: [(className: String?, cells: [[BodyNode]])] = []
        for pack in context.model.set.packs.sorted(by: { $0.id < $1.id }) {
            for rule in pack.rules {
                let period = context.compiledRules[rule.id.name]?.period ?? rule.period
                let state = View.state(period, on: context.asOf)
                rows.append((state.className == "in-force" ? nil : "ended", [
                    [context.view.ruleLink(rule.id.name), .br(), View.bi(rule.title ?? Bilingual(zh: rule.id.name, en: rule.id.name))],
                    [View.citation(en: rule.cite, zh: context.compiledRules[rule.id.name]?.citeZH ?? rule.cite, source: nil)],
                    [rule.then.map { View.bi(context.outcomeLabel($0.name)) } ?? .span(.class("none"), View.bi(zh: "仅义务", en: "obligations only"))],
                    [state.badge],
                    [.text("\(context.cases.byRule[rule.id.name]?.count ?? 0)")],
                ]))
            }
        }
        return View.table("rules", headings: [Bilingual(zh: "规则", en: "Rule"), Bilingual(zh: "依据", en: "Citation"), Bilingual(zh: "结果", en: "Outcome"),
                                              Bilingual(zh: "状态", en: "State"), Bilingual(zh: "用例", en: "Cases")], rows: rows)
    }
}
