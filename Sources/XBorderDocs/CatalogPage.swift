import Plot
import XBorder

/// A classification catalog: the data a company names, with the class the law gives it.
struct CatalogPage {
    var context: HandbookContext
    var catalog: Catalog

    func page() -> Page {
        let title = catalog.title ?? Bilingual(zh: catalog.id, en: catalog.id)
        var rows: [(className: String?, cells: [[BodyNode]])] = []
        for entry in catalog.entries {
            var facts: [BodyNode] = []
            if entry.minors == true { facts.append(.p(View.bi(zh: "涉及不满十四周岁未成年人", en: "concerns children under 14"))) }
            if !entry.features.isEmpty {
                facts.append(.p(View.bi(zh: "特征：" + entry.features.map { context.lookup.label(.features, $0.name).zh }.joined(separator: "、"),
                                        en: "features: " + entry.features.map { context.lookup.label(.features, $0.name).en }.joined(separator: ", "))))
            }
            if let note = entry.note { facts.append(.p(.class("note"), .text(note))) }
            rows.append((nil, [
                [.span(.id(Escape.attribute(Pages.entryAnchor(entry.code))), View.code(entry.code))],
                [View.bi(entry.title ?? Bilingual(zh: entry.code, en: entry.code))],
                [View.bi(context.lookup.label(.classes, entry.dataClass.name))],
                entry.cite.map { [View.citation(en: $0, zh: context.chineseCitation($0), source: nil)] } ?? [],
                facts,
            ]))
        }
        let body: [BodyNode] = [
            .h1(.id("top"), View.zh(title.zh), .br(), View.en(title.en)),
            .p(.class("lead"), View.bi(zh: "数据项写明目录条目（catalog）时，采用本目录给出的类别；与数据项自述类别不同的，从严认定。",
                                       en: "An item that names a catalog entry takes the class given here; where it also states a class and the two differ, the stricter applies.")),
            .p(.class("meta"), View.code(catalog.id), View.bi(zh: "\(catalog.entries.count) 个条目", en: "\(catalog.entries.count) entries")),
            View.heading(2, id: "entries", Bilingual(zh: "条目", en: "Entries")),
            View.table("catalog", headings: [Bilingual(zh: "条目代码", en: "Entry"), Bilingual(zh: "名称", en: "Title"), Bilingual(zh: "类别", en: "Class"),
                                             Bilingual(zh: "依据", en: "Citation"), Bilingual(zh: "其他", en: "Also")], rows: rows),
        ]
        return context.layout.page(file: Pages.catalog(catalog.id), title: title,
                                   toc: [("top", title, 1), ("entries", Bilingual(zh: "条目", en: "Entries"), 1)], body: body)
    }
}
