import Foundation
import Testing
@testable import XBorder

@Suite("Chinese citations and explanations")
struct ChineseTextTests {
    @Test(arguments: [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (39, "三十九"), (55, "五十五"), (100, "一百"), (105, "一百零五"),
                      (110, "一百一十"), (1259, "一千二百五十九"), (2001, "二千零一")])
    func articleNumbersInChinese(_ n: Int, _ expected: String) {
        #expect(ChineseCitation.numeral(n) == expected)
    }

    @Test func citationsRenderAsChineseLegalTextCites() {
        let renderer = ChineseCitation(instruments: ["Provisions": "促进和规范数据跨境流动规定", "PIPL": "个人信息保护法",
                                                     "Lin-gang General Data Lists": "临港新片区数据跨境场景化一般数据清单（试行）",
                                                     "Lin-gang General Data List (ICV)": "临港新片区智能网联汽车领域数据跨境场景化一般数据清单（试行）"])
        #expect(renderer.render("Provisions Art. 8") == "《促进和规范数据跨境流动规定》第八条")
        #expect(renderer.render("Provisions Art. 5(4)") == "《促进和规范数据跨境流动规定》第五条第（四）项")
        #expect(renderer.render("PIPL Arts. 55(4), 56") == "《个人信息保护法》第五十五条第（四）项、第五十六条")
        #expect(renderer.render("PIPL Art. 39; Provisions Art. 10") == "《个人信息保护法》第三十九条；《促进和规范数据跨境流动规定》第十条")
        #expect(renderer.render("Lin-gang General Data List (ICV)") == "《临港新片区智能网联汽车领域数据跨境场景化一般数据清单（试行）》")
        // Not renderable: an unknown instrument, a qualifier, a malformed article.
        #expect(renderer.render("SCCM Art. 7") == nil)
        #expect(renderer.render("Lin-gang General Data Lists (filing)") == nil)
        #expect(renderer.render("PIPL Art. four") == nil)
        #expect(renderer.render("PIPL Article 4") == nil)
    }

    @Test func anUnrenderableCitationIsAWarningForTheAuthor() throws {
        let folder = try Support.folder(["extra.yaml": """
            pack: extra
            title: {zh: 附加, en: extra}
            rules:
              - id: extra.rule
                cite: Unknown Instrument Art. 3
                when: {purpose: other}
                then: exempt
                because: {en: "because", zh: "因为"}
              - id: extra.written
                cite: Unknown Instrument Art. 4
                cite-zh: 《未知文件》第四条
                when: {purpose: other}
                then: exempt
                because: {en: "because", zh: "因为"}
            """])
        let result = PolicyLoader().load(directory: folder)
        let warnings = result.diagnostics.filter { $0.code == .untranslatedCitation }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("Unknown Instrument Art. 3") == true)
        let policy = try #require(result.policy)
        #expect(policy.rules.first { $0.id == "extra.written" }?.citeZH == "《未知文件》第四条")
        #expect(policy.rules.first { $0.id == "extra.rule" }?.citeZH == "Unknown Instrument Art. 3")
    }

    static func bundled() throws -> CompiledPolicy { try CoverageGapTests.bundled() }

    @Test func theBundledPoliciesCiteEveryRuleListAndObligationInChinese() throws {
        let root = CoverageGapTests.root.appendingPathComponent("Policies").path
        let result = PolicyLoader().load(directory: root)
        #expect(!result.diagnostics.contains { $0.code == .untranslatedCitation }, "\(result.diagnostics)")
        let policy = try #require(result.policy)
        for cite in policy.rules.map(\.citeZH) + policy.lists.map(\.citeZH) + policy.obligations.map(\.citeZH) {
            #expect(cite.hasPrefix("《"), "\(cite)")
        }
    }

    @Test func theZhExplanationCitesInChineseAndTheJSONKeepsTheEnglishCite() throws {
        let policy = try Self.bundled()
        let report = try Support.decide(Support.simple("personal", 150_000, prior: "prior: {personal: 0, sensitive: 0}"), policy)
        #expect(report.explanation.zh.contains("依据《促进和规范数据跨境流动规定》第八条"))
        #expect(!report.explanation.zh.contains("Provisions Art."))
        #expect(report.explanation.en.contains("Provisions Art. 8:"))
        guard case .object(let pairs) = report.json, case .array(let rules)? = pairs.first(where: { $0.0 == "rules" })?.1,
              case .object(let rule)? = rules.first else {
            Issue.record("no rules in the JSON")
            return
        }
        #expect(rule.contains { $0.0 == "cite" && $0.1 == .string("Provisions Art. 8") })
        #expect(rule.contains { $0.0 == "cite_zh" && $0.1 == .string("《促进和规范数据跨境流动规定》第八条") })
    }

    /// A flow without sensitive data must not be told about "sensitive personal information of 0
    /// persons"; a flow with only sensitive data not about 0 persons of non-sensitive PI.
    @Test func bandSentencesSpeakOfTheCountersThatApply() throws {
        let policy = try Self.bundled()
        let personal = try Support.decide(Support.simple("personal", 150_000, prior: "prior: {personal: 0, sensitive: 0}"), policy)
        let band = try #require(personal.rules.first)
        #expect(band.because?.en.contains("150,000 persons") == true)
        #expect(band.because?.en.contains(" sensitive personal information of") == false)
        #expect(band.because?.zh.contains("人敏感个人信息") == false)
        let sensitive = try Support.decide(Support.simple("sensitive-personal", 500, prior: "prior: {personal: 0, sensitive: 0}"), policy)
        let sensitiveBand = try #require(sensitive.rules.first)
        #expect(sensitiveBand.because?.en.contains("sensitive personal information of 500 persons") == true)
        #expect(sensitiveBand.because?.en.contains("non-sensitive") == false)
        let both = try Support.decide("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: a, class: personal, individuals: 2000000}
              - {name: b, class: sensitive-personal, individuals: 20000}
            prior: {personal: 0, sensitive: 0}
            """, policy)
        let assessment = try #require(both.rules.first)
        #expect(assessment.because?.en.contains("2,000,000 persons") == true)
        #expect(assessment.because?.en.contains("sensitive personal information of 20,000 persons") == true)
    }

    @Test func aDecisionShowsOnlyTheCountersOfTheLawInForceThatDay() throws {
        let policy = try Self.bundled()
        let before = try Support.decide(Support.simple("personal", 500, date: "2019-05-01"), policy)
        #expect(before.countersInForce.isEmpty)
        #expect(before.counters.count == policy.counters.count)
        #expect(!before.notes.contains { $0.en.contains("no prior volume") })
        let sam = try Support.decide(Support.simple("personal", 500, date: "2023-10-10"), policy)
        #expect(sam.countersInForce.map(\.name).contains("pi-total"))
        let now = try Support.decide(Support.simple("personal", 500), policy)
        #expect(!now.countersInForce.map(\.name).contains("pi-total"))
        #expect(now.countersInForce.map(\.name).contains("personal"))
        #expect(now.notes.contains { $0.en.contains("no prior volume was stated") })
    }

    @Test func explanationSentencesWithConditionsAreReadAndChecked() throws {
        let folder = try Support.folder(["extra.yaml": """
            pack: extra
            title: {zh: 附加, en: extra}
            rules:
              - id: extra.rule
                cite: Extra Art. 1
                when: {purpose: other}
                then: exempt
                because:
                  - {en: "always said", zh: "总是"}
                  - when: {exporter.ciio: true}
                    en: "said for a CIIO"
                    zh: "关键信息基础设施运营者"
                  - when: {unknown-field: 1}
                    en: "broken"
                    zh: "错误"
            """])
        let result = PolicyLoader().load(directory: folder)
        #expect(result.policy == nil)
        #expect(result.diagnostics.contains { $0.location.line == 13 && $0.code == .unknownKey }, "\(result.diagnostics)")
    }
}

@Suite("The policy digest")
struct PolicyDigestTests {
    /// One digest per policy content: audit records of the same law must agree, however the
    /// folder was named.
    @Test func oneDigestWhateverThePathSpelling() throws {
        let root = CoverageGapTests.root.appendingPathComponent("Policies").path
        let spellings = [root, root + "/", root + "/./", (root as NSString).deletingLastPathComponent + "/Policies/../Policies"]
        let digests = Set(spellings.map { PolicyLoader().load(directory: $0).policy?.digest ?? "none" })
        #expect(digests.count == 1, "\(digests)")
        #expect(!digests.contains("none"))
    }
}
