import Plot
import XBorder

/// One file of the handbook.
public struct Page: Sendable, Hashable {
    public var file: String
    public var content: String
}

/// The frame every page shares: head, top bar with the language switch, contents, footer.
struct Layout: Sendable {
    var asOf: Day
    var digest: String

    /// A whole page: the table of contents on the side, the body beside it.
    func page(file: String, title: Bilingual, toc: [(anchor: String, title: Bilingual, level: Int)], body: [BodyNode]) -> Page {
        let html = HTML(
            .attribute(named: "lang", value: "zh-CN"),
            .attribute(named: "data-lang", value: "both"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title.zh) · \(title.en)"),
                .link(.rel(.stylesheet), .href(Assets.styleFile)),
                .script(.src(Assets.scriptFile), .attribute(named: "defer", value: "defer"))
            ),
            .body(
                .header(.class("top"),
                        .a(.class("home"), .href(Pages.index),
                           .span(.class("zh"), .attribute(named: "lang", value: "zh-CN"), .text("数据出境合规手册")),
                           .span(.class("sep"), .text(" · ")),
                           .span(.class("en"), .attribute(named: "lang", value: "en"), .text("Cross-border data handbook"))),
                        .span(.class("asof"), View.bi(zh: "法律状态截至 \(asOf)", en: "law as of \(asOf)")),
                        languageSwitch()),
                .div(.class("frame"),
                     .nav(.class("toc"), .attribute(named: "aria-label", value: "contents"),
                          .h2(View.bi(zh: "目录", en: "Contents")),
                          .ul(.forEach(toc) { entry in
                              .li(.class("level\(entry.level)"), .a(.href(Escape.attribute("#" + entry.anchor)), .group(bilingualInline(entry.title))))
                          })),
                     .main(.group(body))),
                .footer(.p(View.bi(zh: "本手册由政策文件生成，政策摘要：", en: "Generated from the policy files, policy digest: "), View.code(digest)),
                        .p(View.bi(zh: "本手册仅用于说明，不构成法律意见；以法律法规原文为准。",
                                   en: "For reference only, not legal advice: the official texts of the law prevail.")))
            )
        )
        // Not indented: indentation puts spaces between a number and its unit in Chinese ("不满 10万人").
        return Page(file: file, content: html.render())
    }

    /// Buttons for 中文 / English / both; hidden until the script shows them, so that a page read
    /// without scripts shows both languages and no button that does nothing.
    private func languageSwitch() -> BodyNode {
        .div(.class("lang-switch"), .attribute(named: "role", value: "group"), .attribute(named: "aria-label", value: "language"),
             .attribute(named: "hidden", value: "hidden"),
             .button(.type(.button), .value("zh"), .attribute(named: "lang", value: "zh-CN"), .text("中文")),
             .button(.type(.button), .value("en"), .attribute(named: "lang", value: "en"), .text("English")),
             .button(.type(.button), .value("both"), .text("中文 + English")))
    }

    private func bilingualInline(_ text: Bilingual) -> [Plot.Node<HTML.AnchorContext>] {
        [.span(.class("zh"), .attribute(named: "lang", value: "zh-CN"), .text(text.zh)),
         .span(.class("sep"), .text(" / ")),
         .span(.class("en"), .attribute(named: "lang", value: "en"), .text(text.en))]
    }
}
