import Foundation
import Testing

/// What a person sees of the law's dates, lists and languages through `xborder check`, with the
/// bundled policies.
@Suite("xborder check: coverage, lists and languages")
struct LawCoverageCommandTests {
    func flow(date: String, extra: String = "", item: String = "{name: members, class: personal, individuals: 150000}") -> String {
        """
        id: T-9
        date: \(date)
        exporter: {ciio: false, name: Example Co., sector: reinsurance, registered_in: shanghai-ftz}
        recipient: {country: DE}
        \(extra)
        items:
          - \(item)
        prior: {personal: 0, sensitive: 0}
        """
    }

    @Test func aFlowBeforeTheCoverageIsRefusedWithExitTwoAtItsDate() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(date: "2016-08-01"), to: "old.yaml", in: folder)
        let run = try Binary.run(["check", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("old.yaml:2:7: error[out-of-coverage]"))
        #expect(run.stderr.contains("2017-06-01"))
        #expect(run.stdout.isEmpty)
    }

    @Test func aCoveredDayBeforeThePIPLIsDecidedByTheLawOfThatDay() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(date: "2019-03-01"), to: "2019.yaml", in: folder)
        let run = try Binary.run(["check", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "exempt")
        #expect((object["rules"] as? [[String: Any]])?.first?["cite"] as? String == "CSL Art. 37")
        #expect(object["fallback"] == nil)
        #expect((object["counters"] as? [String: Any])?.isEmpty == true)
    }

    @Test func anUnmarkedItemOfANegativeListScenarioStaysUnderTheNationalRules() throws {
        let folder = try Binary.temporaryFolder()
        let unmarked = try Binary.write(flow(date: "2025-06-10", extra: "scenario: shanghai.reinsurance.personal-insurance",
                                             item: "{name: medical records, class: sensitive-personal, individuals: 30000}"), to: "a.yaml", in: folder)
        let run = try Binary.run(["check", unmarked, "--format", "json"])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "security-assessment")
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.contains { $0.contains("does not say whether it is on") })
        let marked = try Binary.write(flow(date: "2025-06-10", extra: "scenario: shanghai.reinsurance.personal-insurance",
                                           item: "{name: medical records, class: sensitive-personal, individuals: 30000, listed: false}"), to: "b.yaml", in: folder)
        let released = try Binary.run(["check", marked, "--format", "json"])
        #expect(released.status == 0, "\(released.stdout)")
    }

    @Test func langChoosesTheLanguagesOfTheTextAndOfTheJSONExplanation() throws {
        let folder = try Binary.temporaryFolder()
        let path = try Binary.write(flow(date: "2025-06-10"), to: "flow.yaml", in: folder)
        let zh = try Binary.run(["check", path, "--lang", "zh"])
        #expect(zh.stdout.contains("《促进和规范数据跨境流动规定》第八条"))
        #expect(zh.stdout.contains("依据："))
        #expect(!zh.stdout.contains("Provisions Art. 8"))
        let en = try Binary.run(["check", path, "--lang", "en"])
        #expect(en.stdout.contains("Provisions Art. 8"))
        #expect(!en.stdout.contains("《"))
        let json = try Binary.run(["check", path, "--lang", "zh", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["explanation"] as? [String: String])?.keys.sorted() == ["zh"])
        #expect((object["rules"] as? [[String: Any]])?.first?["cite"] as? String == "Provisions Art. 8")
        let bad = try Binary.run(["check", path, "--lang", "fr"])
        #expect(bad.status == 2, "misused options exit 2, as the contract says")
    }
}
