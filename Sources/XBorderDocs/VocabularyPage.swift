import Plot
import XBorder

/// The codes flows and policies speak in, with their labels: what a desk officer writes in a flow.
struct VocabularyPage {
    var context: HandbookContext

    static let sections: [(VocabularySection, Bilingual)] = [
        (.outcomes, Bilingual(zh: "出境条件（从宽到严）", en: "Outcomes, least strict first")),
        (.classes, Bilingual(zh: "数据类别（从宽到严）", en: "Data classes, least strict first")),
        (.zones, Bilingual(zh: "区域", en: "Zones")),
        (.purposes, Bilingual(zh: "出境目的", en: "Purposes")),
        (.sectors, Bilingual(zh: "行业", en: "Sectors")),
        (.recipientKinds, Bilingual(zh: "境外接收方类型", en: "Recipient kinds")),
        (.origins, Bilingual(zh: "数据来源", en: "Origins")),
        (.features, Bilingual(zh: "数据特征", en: "Item features")),
    ]

    func page() -> Page {
        var toc: [(anchor: String, title: Bilingual, level: Int)] = [("top", Bilingual(zh: "代码表", en: "Codes"), 1)]
        var body: [BodyNode] = [.h1(.id("top"), View.zh("代码表"), .br(), View.en("Codes")),
                                .p(.class("lead"), View.bi(zh: "数据出境申报单（flow）及政策文件使用的代码。", en: "The codes that flows and policy files use."))]
        var facts: [(label: Bilingual, value: [BodyNode])] = []
        for vocabulary in context.model.set.vocabularies {
            if let coverage = vocabulary.coverage {
                facts.append((Bilingual(zh: "覆盖起始日", en: "Law encoded from"), [.text(coverage.from.description), .text(" "),
                              View.citation(en: coverage.cite, zh: context.chineseCitation(coverage.cite), source: nil)]))
            }
            if let fallback = vocabulary.fallback {
                facts.append((Bilingual(zh: "无规则决定时", en: "When no rule decides"), [View.badge(context.outcomeLabel(fallback.code), "outcome")]))
            }
            for (key, value) in vocabulary.defaults.sorted(by: { $0.key < $1.key }) {
                let section = Vocabulary.defaultKeys[key] ?? .purposes
                facts.append((Bilingual(zh: "未写明时的 \(key)", en: "\(key) when not stated"), [View.code(value.code), .text(" "), View.bi(context.lookup.label(section, value.code))]))
            }
        }
        if !facts.isEmpty { body.append(View.facts(facts)) }
        for (section, title) in Self.sections {
            let entries = context.model.set.vocabularies.flatMap { $0.sections[section] ?? [] }
            guard !entries.isEmpty else { continue }
            toc.append((section.rawValue, title, 1))
            body.append(View.heading(2, id: section.rawValue, title))
            body.append(View.table("codes", headings: [Bilingual(zh: "代码", en: "Code"), Bilingual(zh: "中文", en: "Chinese"), Bilingual(zh: "英文", en: "English"), Bilingual(zh: "备注", en: "Remark")],
                                   rows: entries.map { entry in
                                       var remark: [BodyNode] = []
                                       if let inside = entry.inside { remark.append(View.bi(zh: "位于" + context.lookup.label(.zones, inside).zh, en: "inside " + context.lookup.label(.zones, inside).en)) }
                                       if entry.isFinal { remark.append(View.bi(zh: "终局：例外不得排除", en: "final: no exception lifts it")) }
                                       return (nil, [[.span(.id(Escape.attribute("\(section.rawValue)-\(entry.code)")), View.code(entry.code))], [View.zh(entry.label.zh)], [View.en(entry.label.en)], remark])
                                   }))
        }
        let instruments = context.model.set.vocabularies.flatMap(\.instruments)
        if !instruments.isEmpty {
            toc.append(("instruments", Bilingual(zh: "法律文件简称", en: "Instruments cited"), 1))
            body.append(View.heading(2, id: "instruments", Bilingual(zh: "法律文件简称", en: "Instruments cited")))
            body.append(View.table("codes", headings: [Bilingual(zh: "引用简称", en: "Short name"), Bilingual(zh: "中文名称", en: "Chinese title"), Bilingual(zh: "英文名称", en: "English title")],
                                   rows: instruments.map { (nil, [[View.code($0.code)], [View.zh("《\($0.label.zh)》")], [View.en($0.label.en)]]) }))
        }
        return context.layout.page(file: Pages.vocabulary, title: Bilingual(zh: "代码表", en: "Codes"), toc: toc, body: body)
    }
}
