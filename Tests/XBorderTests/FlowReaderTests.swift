import Testing
@testable import XBorder

@Suite("Flow reading: the public contract, strictly")
struct FlowReaderTests {
    func errors(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try Support.flow(yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func readsTheContractExample() throws {
        let located = try Support.flow("""
            id: T-2025-0042
            date: 2025-06-10
            exporter: {id: 91310000MA1FL00000, name: Example Retail Co., ciio: false, sector: retail, registered_in: lingang, activity_in: lingang}
            recipient: {name: Example GmbH, country: DE, kind: company, registered_in: hk}
            purpose: other
            scenario: lingang.icv.rd
            items:
              - {name: member profiles, class: personal, individuals: 40000, minors: false, origin: domestic, category: lingang.icv.rd.product-design, catalog: customer.contact}
            prior: {personal: 90000, sensitive: 0}
            """)
        #expect(located.flow.id == "T-2025-0042")
        #expect(located.flow.exporter.ledgerKey == "91310000MA1FL00000")
        #expect(located.flow.prior == ["personal": 90000, "sensitive": 0])
        #expect(located.locations["items.0.class"].line == 8)
    }

    @Test func unknownFieldsAreErrorsWithAHint() {
        let found = errors("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: a, class: personal, individual: 5}
            """)
        #expect(found.count == 1)
        #expect(found.first?.code == .unknownKey)
        #expect(found.first?.help == "did you mean 'individuals'?")
        #expect(found.first?.location.line == 5 && found.first?.location.column == 32)
    }

    @Test func requiredFields() {
        let found = errors("exporter: {name: x}\nrecipient: {}\nitems: []\n")
        #expect(Set(found.map(\.code)) == [.missingKey])
        #expect(found.count == 4)  // date, ciio, country, at least one item
    }

    @Test(arguments: ["de", "DEU", "Germany"])
    func countriesAreISOAlpha2(_ country: String) {
        let found = errors("date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: \(country)}\nitems: [{name: a, class: general}]\n")
        #expect(found.first?.code == .invalidValue)
    }

    @Test func negativePersonsAreRefused() {
        let found = errors("date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems: [{name: a, class: personal, individuals: -5}]\n")
        #expect(found.first?.code == .invalidValue)
    }

    @Test func badDates() {
        let found = errors("date: 2025-02-30\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems: [{name: a, class: general}]\n")
        #expect(found.first?.code == .invalidValue && found.first?.location.line == 1)
    }

    @Test func jsonLinesReportTheirLine() throws {
        let path = try Support.folder(["inventory.jsonl": """
            {"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "a", "class": "general"}]}

            {"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "itemz": []}
            """], withMini: false)
        let entries = FlowInput().entries(for: [path + "/inventory.jsonl"])
        #expect(entries.count == 2)
        #expect(entries[1].label.hasSuffix("inventory.jsonl:3"))
        guard case .failure(let list) = entries[1].flow else {
            Issue.record("line 3 should fail")
            return
        }
        #expect(list.diagnostics.contains { $0.location.line == 3 && $0.code == .unknownKey })
    }
}
