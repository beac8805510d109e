import Testing
@testable import XBorder

@Suite("Evaluation: boundaries, counting, exceptions, lists, dates")
struct EvaluationTests {
    let policy: CompiledPolicy

    init() throws {
        policy = try Support.mini()
    }

    func outcome(_ yaml: String) throws -> String { try Support.decide(yaml, policy).outcome }

    // 以上 includes the number, 不满 excludes it.
    @Test(arguments: [
        (99_999, "exempt"), (100_000, "contract"), (999_999, "contract"), (1_000_000, "assessment"),
    ])
    func personalBands(persons: Int, expected: String) throws {
        #expect(try outcome(Support.simple("personal", persons)) == expected)
    }

    @Test(arguments: [(1, "contract"), (9_999, "contract"), (10_000, "assessment")])
    func sensitiveBands(persons: Int, expected: String) throws {
        #expect(try outcome(Support.simple("sensitive-personal", persons)) == expected)
    }

    @Test func decidingRulesCarryCitations() throws {
        let report = try Support.decide(Support.simple("personal", 150_000), policy)
        #expect(report.rules.map(\.id) == ["mini.band"])
        #expect(report.rules.map(\.cite) == ["Provisions Art. 8"])
        #expect(Set(report.obligations.map(\.id)) == ["mini.file", "mini.consent"])
    }

    @Test func priorVolumeIsAdded() throws {
        let report = try Support.decide(Support.simple("personal", 40_000, prior: "prior: {personal: 60000}"), policy)
        #expect(report.outcome == "contract")
        #expect(report.counters.first?.use == CounterUse(prior: 60_000, flow: 40_000, total: 100_000))
        #expect(try outcome(Support.simple("personal", 39_999, prior: "prior: {personal: 60000}")) == "exempt")
    }

    @Test func childrenAreSensitive() throws {
        let report = try Support.decide(Support.simple("personal", 50, item: ", minors: true"), policy)
        #expect(report.outcome == "contract")
        #expect(report.reclassified.map(\.rule) == ["mini.minors"])
        #expect(report.counters.map(\.use.flow) == [0, 50])
    }

    @Test func sharedSubjectsCountOnce() throws {
        let base = """
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: contact, class: personal, individuals: 60000, subjects: members}
              - {name: orders, class: personal, individuals: 50000, subjects: members}
            """
        #expect(try outcome(base) == "exempt")
        #expect(try outcome(base.replacingOccurrences(of: ", subjects: members", with: "")) == "contract")
    }

    @Test func labelledAndUnlabelledItemsCountInAnyOrder() throws {
        // Unlabelled items count in full; items with one label count once, at the largest; a
        // sensitive item counts only toward the sensitive counter. Whichever item comes first.
        let items = [
            "- {name: a, class: personal, individuals: 10}",
            "- {name: b, class: personal, individuals: 30, subjects: members}",
            "- {name: c, class: personal, individuals: 20, subjects: members}",
            "- {name: d, class: sensitive-personal, individuals: 7}",
            "- {name: e, class: personal, individuals: 5}",
        ]
        for order in [items, items.reversed(), [items[1], items[0], items[3], items[4], items[2]]] {
            let yaml = """
                date: 2025-06-10
                exporter: {ciio: false}
                recipient: {country: DE}
                items:
                """ + order.map { "\n  " + $0 }.joined()
            let report = try Support.decide(yaml, policy)
            #expect(report.counters.map(\.use.flow) == [45, 7], "\(order)")
        }
    }

    @Test func exceptionsSetAsideTheRulesTheyName() throws {
        let report = try Support.decide(Support.simple("personal", 2_000_000, extra: "purpose: cross-border-shopping"), policy)
        #expect(report.outcome == "exempt")
        #expect(report.rules.map(\.id) == ["mini.shopping"])
        #expect(report.overridden.map(\.rule.id) == ["mini.volume"])
        #expect(report.counted == false)
    }

    @Test func exceptionsNeverReachAFinalOutcome() throws {
        let yaml = """
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            purpose: cross-border-shopping
            items:
              - {name: secrets, class: core}
            """
        let report = try Support.decide(yaml, policy)
        #expect(report.outcome == "prohibited")
        #expect(report.rules.map(\.id) == ["mini.core"])
    }

    @Test func prohibitedRecipient() throws {
        #expect(try outcome(Support.simple("general", 0).replacingOccurrences(of: "{country: DE}", with: "{country: US, kind: foreign-authority}")) == "prohibited")
    }

    @Test func ciioNeedsAssessment() throws {
        #expect(try outcome(Support.simple("personal", 10).replacingOccurrences(of: "ciio: false", with: "ciio: true")) == "assessment")
    }

    @Test func datedParametersSelectTheLawOfTheDay() throws {
        // Before 2024-03-22 no band rule is in force in the fixture; the fallback applies.
        let before = try Support.decide(Support.simple("personal", 70_000, date: "2024-03-21"), policy)
        #expect(before.fellBack && before.outcome == "assessment")
        #expect(before.window?.kind == .previousAndCurrentYear)
        let after = try Support.decide(Support.simple("personal", 70_000, date: "2024-03-22"), policy)
        #expect(after.outcome == "exempt" && after.window?.kind == .calendarYear)
    }

    @Test func fallbackWhenNothingApplies() throws {
        let report = try Support.decide(Support.simple("important", 0), policy)
        #expect(report.fellBack)
        #expect(report.outcome == "assessment")
        #expect(report.rules.isEmpty)
    }

    @Test func explanationsFillPlaceholdersInBothLanguages() throws {
        let report = try Support.decide(Support.simple("personal", 99_999), policy)
        #expect(report.explanation.en.contains("99,999 persons is below 100,000"))
        #expect(report.explanation.zh.contains("99,999人，不满100,000人"))
    }

    // MARK: lists

    func listFlow(date: String = "2024-08-01", registered: String = "shanghai-ftz", activity: String = "lingang", ciio: Bool = false,
                  category: String = "mini.rd.design", dataClass: String = "important", features: String = "") -> String {
        """
        date: \(date)
        exporter: {ciio: \(ciio), registered_in: \(registered), activity_in: \(activity)}
        recipient: {country: DE}
        scenario: mini.rd
        items:
          - {name: drawings, class: \(dataClass), category: \(category)\(features)}
        """
    }

    @Test func listReleasesListedItemsForEligibleExporters() throws {
        let report = try Support.decide(listFlow(), policy)
        #expect(report.outcome == "exempt")
        #expect(report.rules.map(\.id) == ["mini.gdl"])
        #expect(report.released.map(\.list) == ["mini.gdl"])
    }

    @Test(arguments: [
        ("registered outside the FTZ", "other", "lingang", false),
        ("activity outside Lin-gang", "shanghai-ftz", "shanghai", false),
        ("a CIIO", "lingang", "lingang", true),
    ])
    func listEligibility(_ label: String, registered: String, activity: String, ciio: Bool) throws {
        let report = try Support.decide(listFlow(registered: registered, activity: activity, ciio: ciio), policy)
        #expect(report.released.isEmpty, "\(label)")
        #expect(report.outcome == "assessment", "\(label)")
    }

    @Test func listPeriodIsInclusive() throws {
        #expect(try Support.decide(listFlow(date: "2025-05-16"), policy).released.count == 1)
        #expect(try Support.decide(listFlow(date: "2025-05-17"), policy).released.isEmpty)
        #expect(try Support.decide(listFlow(date: "2024-05-16"), policy).released.isEmpty)
    }

    @Test func listConditionsKeepItemsBack() throws {
        #expect(try Support.decide(listFlow(features: ", features: [faces]"), policy).released.isEmpty)
    }

    // MARK: flow errors

    @Test func unknownCodesInAFlowAreLocated() throws {
        let located = try Support.flow(Support.simple("persnal", 5))
        #expect {
            _ = try policy.resolve(located)
        } throws: { error in
            guard let list = error as? DiagnosticList, let d = list.diagnostics.first else { return false }
            return d.code == .undefinedReference && d.location.line == 6 && d.help == "did you mean 'personal'?"
        }
    }

    @Test func personalItemsNeedIndividuals() throws {
        let located = try Support.flow("""
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: members, class: personal}
            """)
        #expect(throws: DiagnosticList.self) { _ = try policy.resolve(located) }
    }

    @Test func catalogConflictsUseTheStricterClass() throws {
        // The mini fixture has no catalog; the bundled pack's is tested by the scenario corpus.
        #expect(policy.catalogEntries.count == 0)
    }
}

@Suite("Evaluation: lists and categories")
struct ListCategoryTests {
    let policy: CompiledPolicy

    init() throws {
        policy = try Support.mini()
    }

    func negativeFlow(_ category: String?, listed: Bool? = nil, registeredIn: String = "shanghai-ftz") -> String {
        """
        date: 2025-06-10
        exporter: {ciio: false, registered_in: \(registeredIn), sector: retail}
        recipient: {country: DE}
        scenario: mini.membership
        items:
          - {name: members, class: personal, individuals: 500000\(category.map { ", category: \($0)" } ?? "")\(listed.map { ", listed: \($0)" } ?? "")}
        """
    }

    @Test func dataStatedOffANegativeListIsReleased() throws {
        let report = try Support.decide(negativeFlow(nil, listed: false), policy)
        #expect(report.outcome == "exempt")
        #expect(report.rules.map(\.id) == ["mini.negative"])
        #expect(!report.notes.contains { $0.en.contains("does not say whether") })
    }

    /// Flow format 1.1: an item that says neither `listed` nor an entry is not released, and the
    /// decision says why (an FTZ reinsurer's unmarked medical records must not come out exempt).
    @Test func anItemThatDoesNotSayWhetherItIsListedIsNotReleased() throws {
        let report = try Support.decide(negativeFlow(nil), policy)
        #expect(report.released.isEmpty)
        #expect(report.outcome == "contract")
        let note = try #require(report.notes.first { $0.en.contains("does not say whether it is on") })
        #expect(note.en.contains("'members'"))
        #expect(report.explanation.en.contains("listed: true"))
        #expect(report.explanation.zh.contains("未说明是否列入"))
    }

    @Test func dataOnANegativeListStaysUnderTheNationalRules() throws {
        for text in [negativeFlow("mini.membership.listed"), negativeFlow(nil, listed: true), negativeFlow("mini.membership.listed", listed: true)] {
            let report = try Support.decide(text, policy)
            #expect(report.released.isEmpty)
            #expect(report.outcome == "contract")
            #expect(!report.notes.contains { $0.en.contains("does not say whether") })
        }
    }

    @Test func listedFalseWithAnEntryOfTheListIsAContradiction() throws {
        #expect(throws: DiagnosticList.self) { try Support.decide(negativeFlow("mini.membership.listed", listed: false), policy) }
        do {
            _ = try Support.decide(negativeFlow("mini.membership.listed", listed: false), policy)
        } catch let error as DiagnosticList {
            #expect(error.diagnostics.map(\.code) == [.conflict])
            #expect(error.diagnostics.first?.location.line == 6)
        }
    }

    @Test func anIneligibleExporterIsToldWhyTheListDidNotHelp() throws {
        let report = try Support.decide(negativeFlow(nil, listed: false, registeredIn: "other"), policy)
        #expect(report.released.isEmpty)
        #expect(report.notes.contains { $0.en.contains("does not meet the conditions") })
    }

    /// A negative-list entry with a mechanism and a threshold of its own replaces the national
    /// rules for the item it names: above its threshold its mechanism applies, below it the item
    /// leaves like data off the list, even where the national band would need a contract.
    @Test func anEntryWithItsOwnMechanismDecidesItsItem() throws {
        let above = try Support.decide(negativeFlow("mini.membership.contacts"), policy)
        #expect(above.outcome == "contract")
        #expect(above.rules.map(\.id) == ["mini.negative.mini.membership.contacts"])
        #expect(above.rules.map(\.cite) == ["Test Negative List item 2"])
        #expect(above.explanation.en.contains("'member contact details' is on negative list"))
        let below = try Support.decide(negativeFlow("mini.membership.contacts").replacingOccurrences(of: "500000", with: "300000"), policy)
        #expect(below.outcome == "exempt")
        #expect(below.rules.map(\.id) == ["mini.negative"])
        let ineligible = try Support.decide(negativeFlow("mini.membership.contacts", registeredIn: "other"), policy)
        #expect(ineligible.outcome == "contract")
        #expect(ineligible.rules.map(\.id) == ["mini.band"])
    }

    /// An entry the list designates as important data is important data for whoever exports it
    /// (Provisions Art. 2: published as important), and is never released.
    @Test func anEntryDesignatedImportantIsReclassified() throws {
        let report = try Support.decide(negativeFlow("mini.membership.health"), policy)
        #expect(report.reclassified.map(\.to) == ["important"])
        #expect(report.reclassified.map(\.cite) == ["Test Negative List item 3"])
        #expect(report.released.isEmpty)
        #expect(report.outcome == "assessment")
    }

    @Test func listedOutsideANegativeListScenarioIsNoted() throws {
        let report = try Support.decide(Support.simple("personal", 500, item: ", listed: false"), policy)
        #expect(report.notes.contains { $0.en.contains("'listed' has no effect") })
    }

    @Test func anUnknownCategoryIsNeverReleasedAndIsNoted() throws {
        let negative = try Support.decide(negativeFlow("mini.membership.lsted"), policy)
        #expect(negative.released.isEmpty)
        #expect(negative.notes.contains { $0.en.contains("did you mean 'mini.membership.listed'?") })
        let general = try Support.decide("""
            date: 2024-08-01
            exporter: {ciio: false, registered_in: shanghai-ftz, activity_in: lingang}
            recipient: {country: DE}
            scenario: mini.rd
            items:
              - {name: drawings, class: important, category: mini.rd.desing}
            """, policy)
        #expect(general.released.isEmpty)
        #expect(general.outcome == "assessment")
    }

    /// The header of a decision's numbers is as long as there are sections.
    @Test func theSectionCountIsTheNumberOfSections() {
        #expect(Decision.Section.count == Decision.Section.allCases.count)
    }
}
