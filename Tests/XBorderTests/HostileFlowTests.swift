import Testing
@testable import XBorder

@Suite("Hostile flows: numbers that wrap counters, control characters in names")
struct HostileFlowTests {
    let policy: CompiledPolicy

    init() throws {
        policy = try Support.mini()
    }

    func errors(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try Support.flow(yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    // MARK: numbers of persons

    @Test func hugePriorThatWouldWrapNegativeIsRefused() {
        // 2,000,000 + 9,223,372,036,854,775,000 wraps past Int.max to a negative total, which was
        // below every threshold and decided exempt.
        let found = errors(Support.simple("personal", 2_000_000, prior: "prior: {personal: 9223372036854775000}"))
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidValue)
        #expect(found.first?.location.line == 7 && found.first?.location.column == 19)
        #expect(found.first?.message.contains("10000000000") == true)
        #expect(found.first?.help?.contains("10^10") == true)
    }

    @Test func sensitiveItemsThatWouldWrapAreRefused() {
        let found = errors("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: a, class: sensitive-personal, individuals: 9223372036854775807}
              - {name: b, class: sensitive-personal, individuals: 9223372036854775807}
              - {name: c, class: sensitive-personal, individuals: 5000}
            """)
        #expect(found.map(\.code) == [.invalidValue, .invalidValue])
        #expect(found.map(\.location.line) == [5, 6])
    }

    @Test(arguments: ["individuals: 10000000001", "individuals: 99999999999999999999999", "individuals: 10_000_000_001",
                      "individuals: -99999999999999999999999"])
    func individualsAreBounded(_ field: String) {
        let yaml = "date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems:\n  - name: a\n    class: personal\n    \(field)\n"
        let found = errors(yaml)
        #expect(found.map(\.code) == [.invalidValue])
        #expect(found.first?.location.line == 7)
    }

    @Test func theBoundItselfIsAccepted() throws {
        let located = try Support.flow(Support.simple("personal", FlowReader.maxPersons, extra: "", prior: "prior: {personal: 10000000000}"))
        #expect(located.flow.items.first?.individuals == 10_000_000_000)
        #expect(located.flow.prior?["personal"] == 10_000_000_000)
    }

    @Test func processesAreBounded() {
        let found = errors("date: 2025-06-10\nexporter: {ciio: false, processes: 10000000001}\nrecipient: {country: DE}\nitems: [{name: a, class: general}]\n")
        #expect(found.map(\.code) == [.invalidValue])
        #expect(found.first?.location.line == 2 && found.first?.location.column == 36)
    }

    /// The evaluator saturates instead of wrapping, whatever the numbers it is handed (a prior
    /// from a ledger is not read by the flow reader): a huge total is never below a threshold.
    @Test func countersSaturateInsteadOfWrapping() throws {
        var resolved = try policy.resolve(try Support.flow(Support.simple("personal", 2_000_000)))
        resolved.usePrior(fromLedger: ["personal": Int.max - 500], policy: policy)
        let decision = Evaluator(policy: policy).decide(resolved)
        let report = DecisionReport(decision: decision, flow: resolved, policy: policy)
        #expect(report.outcome == "assessment")
        #expect(report.counters.first?.use.total == Int.max)

        var sensitive = try policy.resolve(try Support.flow("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: a, class: sensitive-personal, individuals: 1}
              - {name: b, class: sensitive-personal, individuals: 1}
              - {name: c, class: sensitive-personal, individuals: 5000}
            """))
        sensitive.items[0].individuals = Int.max
        sensitive.items[1].individuals = Int.max
        let wrapped = DecisionReport(decision: Evaluator(policy: policy).decide(sensitive), flow: sensitive, policy: policy)
        #expect(wrapped.outcome == "assessment")
    }

    // MARK: control characters

    @Test(arguments: [
        ("id: \"T\\u0000-1\"\n", "U+0000", 1),
        ("exporter: {ciio: false, id: \"91310000\\0MA1\"}\n", "U+0000", 2),
        ("exporter: {ciio: false, name: \"Retail\\u001b[2J\"}\n", "U+001B", 2),
        ("recipient: {country: DE, name: \"GmbH\\x7f\"}\n", "U+007F", 3),
        ("items: [{name: \"member\\u0000profiles\", class: general}]\n", "U+0000", 4),
        ("items: [{name: \"members\\tprofiles\", class: general}]\n", "U+0009", 4),
        ("items: [{name: \"members\\nprofiles\", class: general}]\n", "U+000A", 4),
        ("items: [{name: a, class: personal, individuals: 5, subjects: \"m\\u0000\"}]\n", "U+0000", 4),
        ("exporter: {ciio: false, name: \"Retail\\u0085Co\"}\n", "U+0085", 2),
        ("recipient: {country: DE, name: \"GmbH\\u202Eevil\"}\n", "U+202E", 3),
        ("items: [{name: \"a\\u2066b\", class: general}]\n", "U+2066", 4),
    ])
    func controlCharactersInNamesAreRefused(_ line: String, _ code: String, _ lineNumber: Int) {
        var fields = ["date: 2025-06-10\n", "exporter: {ciio: false}\n", "recipient: {country: DE}\n", "items: [{name: a, class: general}]\n"]
        let key = line.prefix(while: { $0 != ":" })
        if let index = fields.firstIndex(where: { $0.hasPrefix(key) }) { fields[index] = line } else { fields.insert(line, at: 0) }
        let found = errors(fields.joined())
        #expect(found.map(\.code) == [.invalidValue], "\(line)")
        #expect(found.first?.help?.contains(code) == true, "\(found)")
        #expect(found.first?.location.line == lineNumber)
    }

    /// Codes are looked up in the policy, but an unknown one is echoed in messages and notes.
    @Test(arguments: ["purpose: \"other\\u0000\"\n", "items: [{name: a, class: general, category: \"x\\u0007y\"}]\n"])
    func controlCharactersInCodesAreRefused(_ line: String) {
        var fields = ["date: 2025-06-10\n", "exporter: {ciio: false}\n", "recipient: {country: DE}\n", "items: [{name: a, class: general}]\n"]
        if line.hasPrefix("items") { fields[3] = line } else { fields.append(line) }
        let found = errors(fields.joined())
        #expect(found.map(\.code) == [.invalidValue], "\(found)")
        #expect(found.first?.message.contains("control character U+00") == true)
    }

    @Test func namesInOtherScriptsAndSpacesAreFine() throws {
        let located = try Support.flow("""
            id: T-2025 · 42
            date: 2025-06-10
            exporter: {ciio: false, name: 示例零售有限公司}
            recipient: {country: DE, name: "Beispiel GmbH & Co. KG"}
            items: [{name: "会员 资料 é", class: general}]
            """)
        #expect(located.flow.exporter.name == "示例零售有限公司")
    }
}
