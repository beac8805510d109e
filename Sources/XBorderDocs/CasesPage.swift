import Plot
import XBorder

/// Every scenario case with the outcome and deciding rules the evaluator gave it: the evidence
/// behind each rule's "Tested by".
struct CasesPage {
    var context: HandbookContext

    func page() -> Page {
        let title = Bilingual(zh: "场景用例", en: "Scenario cases")
        var toc: [(anchor: String, title: Bilingual, level: Int)] = [("top", title, 1)]
        var body: [BodyNode] = [
            .h1(.id("top"), View.zh(title.zh), .br(), View.en(title.en)),
            .p(.class("lead"), View.bi(zh: "每个用例的数据出境均经实际判定；表中列出判定结果及决定规则。规则页面的“测试用例”即据此列出。",
                                       en: "Each case's flow was decided by the engine; the table shows the outcome and the deciding rules. A rule's \"Tested by\" lists the cases it decides.")),
            .p(.class("meta"), View.bi(zh: "\(context.cases.suites.count) 个用例集，\(context.cases.caseCount) 个用例",
                                       en: "\(context.cases.suites.count) suites, \(context.cases.caseCount) cases")),
        ]
        if context.cases.suites.isEmpty {
            body.append(.p(.class("none"), View.bi(zh: "未提供场景用例。", en: "No scenario cases were given.")))
        }
        for suite in context.cases.suites {
            // Named by the suite's file, so that a link to a suite survives new suites.
            let anchor = "suite-" + CaseIndex.anchor(file: suite.file, line: 0).dropFirst("case-".count).dropLast("-0".count)
            toc.append((anchor, Bilingual(zh: suite.file, en: suite.title), 2))
            body.append(.h2(.id(anchor), .text(suite.title)))
            body.append(.p(.class("meta"), View.code(suite.file)))
            body.append(View.table("cases", headings: [
                Bilingual(zh: "用例", en: "Case"), Bilingual(zh: "判定结果", en: "Outcome"), Bilingual(zh: "决定规则", en: "Deciding rules"), Bilingual(zh: "结论", en: "Result"),
            ], rows: suite.cases.map { scenarioCase in
                (nil, [
                    [.span(.id(Escape.attribute(scenarioCase.anchor)), .text(scenarioCase.name)), .br(),
                     .span(.class("note"), .text("line \(scenarioCase.line)" + (scenarioCase.cite.map { " · \($0)" } ?? "")))],
                    [View.bi(context.outcomeLabel(scenarioCase.outcome))],
                    scenarioCase.rules.isEmpty ? [.span(.class("none"), View.bi(zh: "无规则决定（兜底）", en: "no rule (fallback)"))]
                        : [.ul(.class("plain"), .forEach(scenarioCase.rules) { .li(context.view.ruleLink($0)) })],
                    [scenarioCase.passed ? View.badge(Bilingual(zh: "通过", en: "passes"), "in-force") : View.badge(Bilingual(zh: "未通过", en: "fails"), "future")],
                ])
            }))
        }
        return context.layout.page(file: Pages.cases, title: title, toc: toc, body: body)
    }
}
