import Foundation
import Testing

@Suite("xborder explain, end to end")
struct ExplainCommandTests {
    let mini = Binary.fixtures.appendingPathComponent("mini").path

    /// Shopping with 150,000 members: the band holds but the exemption sets it aside, the small
    /// volume exemption fails at its threshold, a child's data is reclassified.
    static let mixed = """
    id: MIXED-1
    date: 2025-06-10
    exporter: {ciio: false, name: Example Retail Co.}
    recipient: {country: DE}
    purpose: cross-border-shopping
    items:
      - {name: members, class: personal, individuals: 150000}
      - {name: kids, class: personal, minors: true, individuals: 20}
    prior: {personal: 0, sensitive: 0}
    """

    func write(_ text: String) throws -> String {
        try Binary.write(text, to: "flow.yaml", in: try Binary.temporaryFolder())
    }

    @Test func textSnapshot() throws {
        let path = try write(Self.mixed)
        let run = try Binary.run(["explain", path, "--policies", mini])
        #expect(run.status == 0, "\(run.stderr)")
        try Binary.expectSnapshot(run.stdout, named: "explain-text-mixed.txt")
    }

    @Test func chineseOnlySnapshot() throws {
        let path = try write(Self.mixed)
        let run = try Binary.run(["explain", path, "--policies", mini, "--lang", "zh"])
        try Binary.expectSnapshot(run.stdout, named: "explain-text-mixed-zh.txt")
    }

    @Test func jsonCarriesTheIssueKeys() throws {
        let path = try write(Self.mixed)
        let run = try Binary.run(["explain", path, "--policies", mini, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "exempt")
        let rules = try #require(object["rules"] as? [[String: Any]])
        let band = try #require(rules.first { $0["id"] as? String == "mini.band" })
        #expect(band["applied"] as? Bool == false)
        #expect(band["overridden-by"] as? String == "mini.shopping")
        let below = try #require(rules.first { $0["id"] as? String == "mini.below" })
        #expect(below["failed"] as? String == "persons.personal below contract-threshold = 100000 (this flow: 150000)")
        #expect(below["cite"] as? String == "Provisions Art. 5(4)")
        #expect(rules.allSatisfy { $0["applied"] is Bool && $0["cite"] is String })
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        let contract = try #require(parameters.first { $0["name"] as? String == "contract-threshold" })
        #expect(contract["value"] as? Int == 100_000 && contract["since"] as? String == "2024-03-22" && contract["cite"] as? String == "New Art. 8")
        let facts = try #require(object["facts"] as? [String: Any])
        #expect(facts["purpose"] as? String == "cross-border-shopping")
        #expect(object["lists"] is [[String: Any]])
        try Binary.expectSnapshot(run.stdout, named: "explain-json-mixed.json")
    }

    @Test func explainAndCheckDecideAlike() throws {
        for persons in [5, 150_000, 2_000_000] {
            let path = try write(Self.mixed.replacingOccurrences(of: "individuals: 150000", with: "individuals: \(persons)")
                                    .replacingOccurrences(of: "purpose: cross-border-shopping\n", with: ""))
            let check = try Binary.run(["check", path, "--policies", mini, "--format", "json"])
            let explain = try Binary.run(["explain", path, "--policies", mini, "--format", "json"])
            #expect(check.status == explain.status)
            let checked = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
            let explained = try #require(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
            #expect(checked["outcome"] as? String == explained["outcome"] as? String)
            let checkRules = (checked["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let deciding = (explained["deciding"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(checkRules == deciding && !deciding.isEmpty)
        }
    }

    @Test func anInvalidFlowIsLocatedAndExitsTwo() throws {
        let path = try write(Self.mixed.replacingOccurrences(of: "individuals: 20", with: "individual: 20"))
        let run = try Binary.run(["explain", path, "--policies", mini])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[unknown-key]"))
    }
}
