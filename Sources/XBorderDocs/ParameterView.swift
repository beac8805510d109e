import Plot
import XBorder

/// A parameter with every dated value, its citation in both languages, and the row in force on
/// the handbook's day marked.
struct ParameterView {
    var context: HandbookContext

    func node(_ parameter: Parameter) -> BodyNode {
        let values = parameter.values.sorted { $0.from < $1.from }
        let current = context.lookup.value(of: parameter.name, on: context.asOf)
        var rows: [(className: String?, cells: [[BodyNode]])] = []
        for (index, value) in values.enumerated() {
            let through = index + 1 < values.count ? values[index + 1].from.adding(days: -1) : nil
            let isCurrent = current?.from == value.from
            let shown = Phrasing.shown(value.value)
            let numeric: Bool = if case .integer = value.value { true } else { false }
            rows.append((isCurrent ? "current" : (through.map { $0 < context.asOf } == true ? "ended" : nil), [
                [.text(value.from.description)],
                [.text(through?.description ?? "—")],
                [View.bi(shown)] + (numeric ? [] : [.text(" "), View.code(value.value.description)]),
                [View.citation(en: value.cite, zh: context.chineseCitation(value.cite), source: nil)]
                    + (value.note.map { [.p(.class("note"), .text($0))] } ?? []),
                isCurrent ? [View.badge(Bilingual(zh: "\(context.asOf) 适用", en: "applies on \(context.asOf)"), "in-force")] : [],
            ]))
        }
        let uses = context.parameterUses[parameter.name] ?? []
        return .section(.class("entry"), .id(Escape.attribute(Pages.parameterAnchor(parameter.name))),
                        .h3(.a(.class("anchor"), .href(Escape.attribute("#" + Pages.parameterAnchor(parameter.name))), .text("§")),
                            View.bi(parameter.title ?? Bilingual(zh: parameter.name, en: parameter.name))),
                        .p(.class("meta"), View.code(parameter.name),
                           current.map { View.badge(Bilingual(zh: "现值 " + Phrasing.shown($0.value).zh, en: "now " + Phrasing.shown($0.value).en), "in-force") }
                               ?? View.badge(Bilingual(zh: "\(context.asOf) 无取值", en: "no value on \(context.asOf)"), "ended")),
                        View.table("timeline", headings: [
                            Bilingual(zh: "起", en: "From"), Bilingual(zh: "止", en: "Through"), Bilingual(zh: "取值", en: "Value"),
                            Bilingual(zh: "依据", en: "Citation"), Bilingual(zh: "", en: ""),
                        ], rows: rows),
                        .unwrap(parameter.note) { .p(.class("note"), .attribute(named: "lang", value: "en"), .text($0)) },
                        .if(!uses.isEmpty, .p(.class("note"), View.bi(zh: "使用者：", en: "Read by: "),
                                              .group(uses.enumerated().map { index, use in
                                                  .group(.text(index > 0 ? ", " : ""), use == "counting" ? .text("counting") : context.view.ruleLink(use))
                                              }))))
    }
}
