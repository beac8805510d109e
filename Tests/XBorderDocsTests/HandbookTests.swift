import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import XBorder
import XBorderScenarios
@testable import XBorderDocs

/// The handbook of the bundled policies, generated once for the suite (cases decided for real).
enum Bundled {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policies = root.appendingPathComponent("Policies").path
    static let scenarios = root.appendingPathComponent("Scenarios").path
    static let day = Day(iso: "2026-12-02") ?? Day(ordinal: 0)

    static let model: PolicyLoader.Model? = PolicyLoader().loadModel(directory: policies).model
    static let cases = CaseIndex.run(scenarios: [scenarios], policies: policies)
    static let pages: [Page] = model.map { Handbook(model: $0, asOf: day, cases: cases).pages() } ?? []

    static func page(_ file: String) -> String { pages.first { $0.file == file }?.content ?? "" }

    /// Every `id="…"` of a page, unescaped.
    static func ids(_ html: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(html)
        while let start = rest.range(of: " id=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            found.insert(rest[..<end].replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[end...]
        }
        return found
    }
}

@Suite("handbook of the bundled policies")
struct HandbookTests {
    @Test func theBundledPoliciesLoadAsAModel() throws {
        let model = try #require(Bundled.model)
        #expect(!model.set.packs.isEmpty)
        #expect(Bundled.pages.count == 1 + model.set.packs.count + model.set.lists.count + model.set.catalogs.count + 2)
    }

    @Test func everyRuleParameterListAndObligationHasItsAnchor() throws {
        let model = try #require(Bundled.model)
        var anchors: [String: Set<String>] = [:]
        for page in Bundled.pages { anchors[page.file] = Bundled.ids(page.content) }
        let all = anchors.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for rule in model.policy.rules {
            #expect(all.contains(rule.id), "no anchor for rule \(rule.id)")
        }
        for pack in model.set.packs {
            let ids = anchors[Pages.pack(pack.id)] ?? []
            for rule in pack.rules { #expect(ids.contains(rule.id.name), "rule \(rule.id.name) is not on its pack's page") }
            for parameter in pack.parameters { #expect(ids.contains(Pages.parameterAnchor(parameter.name)), "parameter \(parameter.name)") }
            for obligation in pack.obligations { #expect(ids.contains(Pages.obligationAnchor(obligation.id.name)), "obligation \(obligation.id.name)") }
            for counter in pack.counters { #expect(ids.contains(Pages.counterAnchor(counter.name)), "counter \(counter.name)") }
        }
        for parameter in model.policy.parameters { #expect(all.contains(Pages.parameterAnchor(parameter.name)), "parameter \(parameter.name)") }
        for obligation in model.policy.obligations { #expect(all.contains(Pages.obligationAnchor(obligation.id)), "obligation \(obligation.id)") }
        for list in model.set.lists {
            let ids = anchors[Pages.list(list.id.name)] ?? []
            #expect(ids.contains(list.id.name))
            for scenario in list.scenarios {
                #expect(ids.contains(Pages.scenarioAnchor(scenario.code)))
                for category in scenario.categories { #expect(ids.contains(Pages.entryAnchor("\(scenario.code).\(category.code)"))) }
            }
        }
        for catalog in model.set.catalogs {
            let ids = anchors[Pages.catalog(catalog.id)] ?? []
            for entry in catalog.entries { #expect(ids.contains(Pages.entryAnchor(entry.code)), "catalog entry \(entry.code)") }
        }
    }

    @Test func theIndexLinksEveryRule() throws {
        let model = try #require(Bundled.model)
        let index = Bundled.page(Pages.index)
        for pack in model.set.packs {
            for rule in pack.rules { #expect(index.contains("href=\"\(Pages.pack(pack.id))#\(rule.id.name)\""), "index misses \(rule.id.name)") }
        }
    }

    /// No key of the policy language reaches the reader: conditions are sentences.
    @Test func conditionsAreSentencesNotYAML() throws {
        let model = try #require(Bundled.model)
        let keys = ["at-least", "at-most", "not-in", "below:", "above:", "within:", "present:", "all-items", "items:", "any:", "all:", "none:",
                    "this-flow.", "persons.", "prior.", "exporter.", "recipient.", "{", "}", "parameter:"]
        let phrasing = Phrasing(lookup: Lookup(model.set), day: Bundled.day)
        var sentences = 0
        for pack in model.set.packs {
            for rule in pack.rules {
                guard let when = rule.when else { continue }
                for words in phrasing.flow(when).sentences {
                    sentences += 1
                    for text in [words.en.plain, words.zh.plain] {
                        for key in keys { #expect(!text.contains(key), "\(rule.id.name): '\(key)' in “\(text)”") }
                    }
                }
            }
        }
        #expect(sentences > 50)
        for page in Bundled.pages {
            for key in ["at-least:", "not-in:", "all-items:", "this-flow.", "persons.personal"] {
                #expect(!page.content.contains(key), "\(page.file) shows '\(key)'")
            }
        }
    }

    @Test func aBandReadsAsTheLawSaysIt() throws {
        let model = try #require(Bundled.model)
        let rule = try #require(model.set.packs.flatMap(\.rules).first { $0.id.name == "cn.provisions.art7-2.volume" })
        let clause = Phrasing(lookup: Lookup(model.set), day: Bundled.day).flow(try #require(rule.when))
        let en = clause.sentences.map(\.en.plain).joined(separator: " | ")
        let zh = clause.sentences.map(\.zh.plain).joined(separator: " | ")
        #expect(en.contains("at least 1,000,000"), "\(en)")
        #expect(en.contains("since 1 January"), "\(en)")
        #expect(zh.contains("100万人以上"), "\(zh)")
        #expect(zh.contains("自当年1月1日起"), "\(zh)")
    }

    /// A rule that ended before the handbook's day is said with the values of its own last day:
    /// the 2022 Measures counted since 1 January of the previous year.
    @Test func anEndedRuleIsSaidWithTheValuesOfItsTime() throws {
        let page = Bundled.page(Pages.pack("cn.sam"))
        let start = try #require(page.range(of: "id=\"cn.sam.art4-3.volume\""))
        let section = String(page[start.upperBound...]).components(separatedBy: "</section>").first ?? ""
        #expect(section.contains("since 1 January of the previous year"))
        #expect(section.contains("自上年1月1日起"))
        #expect(section.contains("ended 2024-03-21"))
    }

    @Test func parametersShowTheirValueAndLinkToTheirTimeline() {
        let page = Bundled.page(Pages.pack("cn.provisions"))
        #expect(page.contains("href=\"pack-cn.provisions.html#parameter-contract-threshold\""))
        #expect(page.contains(">100,000<"))
        #expect(page.contains(">10万<"))
        // The counting window's timeline: three dated values, each with its citation.
        #expect(page.contains("2022-09-01"))
        #expect(page.contains("SAM Art. 4(3); SCCM Art. 4(3)"))
        #expect(page.contains("《数据出境安全评估办法》第四条第（三）项；《个人信息出境标准合同办法》第四条第（三）项"))
    }

    @Test func rulesEndedOnTheDayAreMarked() {
        let page = Bundled.page(Pages.pack("cn.sam"))
        #expect(page.contains("class=\"rule ended\""))
        #expect(page.contains("ended 2024-03-21"))
    }

    @Test func caseLinksFollowTheDecidingRules() throws {
        let trade = try #require(Bundled.cases.byRule["cn.provisions.art3.trade-and-cooperation"])
        #expect(trade.contains { $0.name == "international trade documents without PI — exempt under Art. 3" && $0.file == "cn/exemptions.yaml" })
        #expect(trade.allSatisfy { $0.rules.contains("cn.provisions.art3.trade-and-cooperation") && $0.outcome == "exempt" })
        let band = try #require(Bundled.cases.byRule["cn.provisions.art8.band"])
        #expect(!band.isEmpty)
        #expect(band.allSatisfy { $0.outcome == "contract-or-certification" })
        #expect(!band.contains { $0.name == "international trade documents without PI — exempt under Art. 3" })
        let icv = try #require(Bundled.cases.byRule["lingang.gdl.icv"])
        #expect(!icv.isEmpty)
        let page = Bundled.page(Pages.pack("cn.provisions"))
        let first = try #require(trade.first)
        #expect(page.contains("href=\"cases.html#\(first.anchor)\""))
        #expect(Bundled.ids(Bundled.page(Pages.cases)).contains(first.anchor))
    }

    @Test func bothLanguagesAreOnEveryPage() {
        for page in Bundled.pages {
            #expect(page.content.contains("lang=\"zh-CN\""), "\(page.file)")
            #expect(page.content.contains("lang=\"en\""), "\(page.file)")
            #expect(page.content.contains("class=\"lang-switch\""), "\(page.file)")
            #expect(!page.content.contains("<script>"), "\(page.file): scripts stay in handbook.js")
        }
    }

    #if canImport(FoundationXML)
    /// Every page is well-formed markup, strictly parsed by libxml2 (Plot closes void elements).
    @Test func pagesAreWellFormed() throws {
        for page in Bundled.pages {
            let body = page.content.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            #expect(throws: Never.self, "\(page.file)") { _ = try XMLDocument(xmlString: body, options: []) }
        }
    }
    #endif
}
