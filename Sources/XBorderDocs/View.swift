import Plot
import XBorder

/// A node of a page's body.
typealias BodyNode = Plot.Node<HTML.BodyContext>

/// The building blocks every page shares: bilingual text, links, badges, conditions.
///
/// Each text exists in both languages in the page, marked `lang` and with a class the language
/// switch hides; with scripts off both stay visible.
struct View: Sendable {
    var lookup: Lookup

    // MARK: text in both languages

    /// "中文 / English" inline.
    static func bi(_ text: Bilingual) -> BodyNode {
        .span(.class("bi"), zh(text.zh), .span(.class("sep"), .text(" / ")), en(text.en))
    }

    static func bi(zh: String, en: String) -> BodyNode { bi(Bilingual(zh: zh, en: en)) }

    static func zh(_ text: String) -> BodyNode { .span(.class("zh"), .attribute(named: "lang", value: "zh-CN"), .text(text)) }
    static func en(_ text: String) -> BodyNode { .span(.class("en"), .attribute(named: "lang", value: "en"), .text(text)) }

    /// Two blocks side by side, Chinese first, that stack on a narrow page.
    static func pair(zh: [BodyNode], en: [BodyNode]) -> BodyNode {
        .div(.class("pair"),
             .div(.class("zh"), .attribute(named: "lang", value: "zh-CN"), .group(zh)),
             .div(.class("en"), .attribute(named: "lang", value: "en"), .group(en)))
    }

    static func pair(_ text: Bilingual) -> BodyNode {
        pair(zh: [.p(.text(text.zh))], en: [.p(.text(text.en))])
    }

    /// Words with their parameter values as links to the parameter's timeline.
    func words(_ words: Words) -> [BodyNode] {
        words.segments.map { segment in
            switch segment {
            case .text(let text): return .text(text)
            case .code(let code): return .code(.text(code))
            case .parameter(let name, let shown):
                let page = lookup.parameterPage[name] ?? ""
                return .a(.class("param"), .href(Escape.attribute(page + "#" + Pages.parameterAnchor(name))),
                          .title(Escape.attribute(name)), .text(shown))
            }
        }
    }

    // MARK: links and marks

    static func link(_ href: String, _ text: String, className: String? = nil) -> BodyNode {
        .a(.href(Escape.attribute(href)), .unwrap(className) { .class($0) }, .text(text))
    }

    static func code(_ text: String) -> BodyNode { .code(.text(text)) }

    /// A link whose text is a title in both languages, Chinese above English.
    static func titleLink(_ href: String, _ title: Bilingual) -> BodyNode {
        .a(.href(escape(href)),
           .span(.class("zh"), .attribute(named: "lang", value: "zh-CN"), .text(title.zh)), .br(),
           .span(.class("en"), .attribute(named: "lang", value: "en"), .text(title.en)))
    }

    static func escape(_ value: String) -> String { Escape.attribute(value) }

    static func badge(_ text: Bilingual, _ kind: String) -> BodyNode {
        .span(.class("badge " + kind), bi(text))
    }

    /// A link to the page and anchor where a rule or list is described.
    func ruleLink(_ id: String) -> BodyNode {
        guard let page = lookup.rulePage[id] else { return View.code(id) }
        let anchor = page == Pages.list(id) ? "" : "#" + id
        return .a(.href(Escape.attribute(page + anchor)), .code(.text(id)))
    }

    func obligationLink(_ id: String) -> BodyNode {
        guard let page = lookup.obligationPage[id] else { return View.code(id) }
        let title = lookup.obligations[id]?.title
        return .span(.a(.href(Escape.attribute(page + "#" + Pages.obligationAnchor(id))), .code(.text(id))),
                     .unwrap(title) { .group(.text(" — "), View.bi($0)) })
    }

    /// A citation in English and in Chinese, the English one linking to the source where known.
    static func citation(en: String, zh: String, source: String?) -> BodyNode {
        let english: BodyNode = source.flatMap(Self.webAddress).map { .a(.class("en"), .attribute(named: "lang", value: "en"),
                                                                        .href(Escape.attribute($0)), .text(en)) } ?? View.en(en)
        // A citation the renderer could not put in Chinese is the English one: said once.
        if zh == en { return .span(.class("cite"), english) }
        return .span(.class("bi cite"), View.zh(zh), .span(.class("sep"), .text(" / ")), english)
    }

    /// A source that is a web address (some say where a file's content came from in words).
    static func webAddress(_ source: String) -> String? {
        source.hasPrefix("https://") || source.hasPrefix("http://") ? source : nil
    }

    /// A period as dates, which read the same in both languages: "2024-05-17 – 2025-05-16",
    /// "2024-03-22 →" while it has no end.
    static func period(_ period: Period) -> Bilingual {
        let text: String
        switch (period.start, period.end) {
        case let (start?, end?): text = "\(start) – \(end)"
        case let (start?, nil): text = "\(start) →"
        case let (nil, end?): text = "→ \(end)"
        case (nil, nil): return Bilingual(zh: "无期限", en: "at all times")
        }
        return Bilingual(zh: text, en: text)
    }

    /// A period's dates, not repeated per language.
    static func dates(_ period: Period) -> BodyNode {
        let text = View.period(period)
        return text.zh == text.en ? .span(.class("dates"), .text(text.en)) : bi(text)
    }

    /// Whether a rule or list is in force on the handbook's day, and the mark that says so.
    static func state(_ period: Period, on day: Day) -> (className: String, badge: BodyNode) {
        if let end = period.end, end < day {
            return ("ended", badge(Bilingual(zh: "已于 \(end) 失效", en: "ended \(end)"), "ended"))
        }
        if let start = period.start, day < start {
            return ("future", badge(Bilingual(zh: "自 \(start) 起施行", en: "not yet in force: from \(start)"), "future"))
        }
        return ("in-force", badge(Bilingual(zh: "现行有效", en: "in force"), "in-force"))
    }

    /// The day whose parameter values a rule's sentences show: the handbook's day while the rule
    /// is in force, else its last (or first) day, when the values it was written for applied.
    static func referenceDay(_ period: Period, asOf day: Day) -> Day {
        if let end = period.end, end < day { return end }
        if let start = period.start, day < start { return start }
        return day
    }

    // MARK: conditions

    /// A condition as sentences in one language, led by words such as "Applies when".
    func clause(_ clause: Clause, chinese: Bool, lead: Words) -> [BodyNode] {
        let stop = chinese ? "。" : "."
        if clause.isSimple {
            let words = chinese ? clause.inline.zh : clause.inline.en
            return [.p(.class("condition"), .group(self.words(lead + words + stop)))]
        }
        return [.p(.class("condition"), .group(self.words(lead + heading(clause, chinese: chinese)))), list(clause, chinese: chinese)]
    }

    private func heading(_ clause: Clause, chinese: Bool) -> Words {
        switch clause {
        case .all: chinese ? "同时满足以下各项：" : "all of the following hold:"
        case .any: chinese ? "满足以下任一项：" : "at least one of the following holds:"
        case .not: chinese ? "不属于以下情形：" : "the following does not hold:"
        case .sentence: ""
        }
    }

    private func list(_ clause: Clause, chinese: Bool) -> BodyNode {
        let parts: [Clause]
        switch clause {
        case .all(let p), .any(let p): parts = p
        case .not(let inner): parts = [inner]
        case .sentence: parts = [clause]
        }
        return .ul(.class("clauses"), .forEach(parts) { part in
            if part.isSimple {
                let words = chinese ? part.inline.zh : part.inline.en
                return .li(.group(self.words(words)))
            }
            return .li(.group(self.words(heading(part, chinese: chinese))), list(part, chinese: chinese))
        })
    }
}

/// Escaping for attribute values: Plot escapes text but writes attribute values as given.
enum Escape {
    static func attribute(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension View {
    /// Labelled facts, label on the left: citation, condition, outcome…
    static func facts(_ rows: [(label: Bilingual, value: [BodyNode])]) -> BodyNode {
        .dl(.class("facts"), .forEach(rows) { row in
            .group(.dt(bi(row.label)), .dd(.group(row.value)))
        })
    }

    /// A table with bilingual headings.
    static func table(_ className: String, headings: [Bilingual], rows: [(className: String?, cells: [[BodyNode]])]) -> BodyNode {
        .table(.class(className),
               .thead(.tr(.forEach(headings) { .th(bi($0)) })),
               .tbody(.forEach(rows) { row in
                   .tr(.unwrap(row.className) { .class($0) }, .forEach(row.cells) { .td(.group($0)) })
               }))
    }

    /// The header of a section with its anchor.
    static func heading(_ level: Int, id: String, _ title: Bilingual) -> BodyNode {
        let content: [BodyNode] = [.a(.class("anchor"), .href(Escape.attribute("#" + id)), .attribute(named: "aria-label", value: "link"), .text("§")), bi(title)]
        switch level {
        case 1: return .h1(.id(Escape.attribute(id)), .group(content))
        case 2: return .h2(.id(Escape.attribute(id)), .group(content))
        default: return .h3(.group(content))
        }
    }
}
