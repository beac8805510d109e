import Foundation
import Testing
@testable import XBorder

@Suite("Resolution: a flow's codes against the bundled policies")
struct ResolutionTests {
    let policy: CompiledPolicy

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        policy = try #require(PolicyLoader().load(directory: root.appendingPathComponent("Policies").path).policy)
    }

    /// Images with faces are personal information (PIPL Art. 4): the flow must say how many people.
    @Test func itemsReclassifiedIntoCountedDataNeedIndividuals() throws {
        let located = try Support.flow("""
            date: 2024-09-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: video, class: general, features: [faces]}
            """)
        #expect {
            _ = try policy.resolve(located)
        } throws: { error in
            guard let list = error as? DiagnosticList, let diagnostic = list.diagnostics.first else { return false }
            return diagnostic.code == .missingKey && diagnostic.location.line == 5 && diagnostic.message.contains("reclassified")
        }
    }

    @Test func catalogEntriesFillInTheClass() throws {
        let entry = try #require(policy.catalogEntries.codes.first)
        let resolved = try policy.resolve(try Support.flow("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: x, catalog: \(entry), individuals: 10}
            """))
        #expect(resolved.items.first?.dataClass ?? -1 >= 0)
    }

    @Test func aStricterStatedClassWinsOverTheCatalogAndIsNoted() throws {
        let personalEntry = try #require(policy.catalogEntries.codes.first { code in
            (try? policy.resolve(try Support.flow("date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems: [{name: x, catalog: \(code), individuals: 1}]\n")))?
                .items.first.map { policy.table(.classes).code($0.dataClass) } == "personal"
        })
        let resolved = try policy.resolve(try Support.flow("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: x, catalog: \(personalEntry), class: important, individuals: 10}
            """))
        #expect(policy.table(.classes).code(resolved.items[0].dataClass) == "important")
        #expect(resolved.notes.contains { $0.en.contains("stricter") })
    }
}
