/// A policy set compiled for evaluation: immutable, indexed by date, free of strings on the
/// evaluation path. Compile once, evaluate many; share it across threads freely.
public struct CompiledPolicy: Sendable {
    public let digest: String
    public let packs: [PackInfo]
    public internal(set) var codes: [VocabularySection: CodeTable]
    public internal(set) var scenarios = CodeTable()
    /// `scenario.category` codes declared by lists.
    public internal(set) var categories = CodeTable()
    /// Scenario and category numbers that belong to negative lists, where `listed:` matters.
    package var negativeListScenarios: Set<Int32> = []
    package var negativeListCategories: Set<Int32> = []
    public internal(set) var catalogEntries = CodeTable()
    package var catalog: [CatalogInfo] = []
    var finalOutcomes: [Bool] = []
    var fallbackOutcome: Int32 = -1
    var zoneParents: [Int32] = []
    package var defaults: [String: Int32] = [:]
    /// The first day the policy encodes (nil: the policy does not say, and every date is decided).
    public internal(set) var coverage: (from: Day, cite: String)?
    public internal(set) var parameters: [CompiledParameter] = []
    public internal(set) var counters: [CompiledCounter] = []
    var windowParameter: Int?
    var exemptedCountParameter: Int?
    public internal(set) var rules: [CompiledRule] = []
    public internal(set) var lists: [CompiledList] = []
    public internal(set) var reclassifications: [CompiledReclassification] = []
    public internal(set) var obligations: [CompiledObligation] = []
    package var epochs: [Epoch] = []
    var ruleTable = RuleTable()
    var code = ConditionCode.empty
    package var index = EvaluationIndex()

    init(digest: String, packs: [PackInfo], codes: [VocabularySection: CodeTable]) {
        self.digest = digest
        self.packs = packs
        self.codes = codes
    }

    public func table(_ section: VocabularySection) -> CodeTable { codes[section] ?? CodeTable() }

    /// The rules, lists and parameter values in force on a day.
    func epoch(on day: Day) -> Epoch? {
        index.epochNumber(on: day).map { epochs[$0] }
    }

    public var ruleCount: Int { rules.count }
}

/// What the audit record says of each pack: its id and version.
public struct PackInfo: Sendable, Codable, Hashable {
    public var id: String
    public var version: String?
}

package struct CatalogInfo: Sendable {
    package var dataClass: Int32
    package var minors: Bool?
    package var features: UInt64
}

public struct CompiledParameter: Sendable {
    public var name: String
    public var values: [(from: Day, value: ParameterLiteral, cite: String)]
}

public struct CompiledCounter: Sendable {
    public var name: String
    public var title: Bilingual?
    var counts: Int32
}

/// Where a decision's explanation and citations come from: kept beside, not inside, the hot data.
public struct CompiledRule: Sendable {
    public var id: String
    public var cite: String
    /// The citation as Chinese text gives it, for the zh explanation.
    public var citeZH: String = ""
    public var title: Bilingual?
    public var pack: String
    public var period: Period
    public var outcome: Int32
    public var exemption: Bool
    /// The root of the rule's lowered condition in `CompiledPolicy.code`.
    package var condition: Int32
    /// The condition before lowering, kept for the index's compile-time analysis.
    var tree: FlowCondition
    package var obligations: [Int32]
    package var overrides: [Int32]
    package var overridesFinal: Bool
    var because: ExplanationTemplate?
    public var location: SourceLocation
}

public struct CompiledList: Sendable {
    public var id: String
    public var kind: DataList.Kind
    public var cite: String
    public var citeZH: String = ""
    public var title: Bilingual
    public var period: Period
    public var outcome: Int32
    public var exemption: Bool
    /// Roots of lowered conditions; `unless` is -1 when the list has none.
    var eligible: Int32
    var appliesTo: Int32
    var unless: Int32
    /// The eligibility condition before lowering, in the order written: what `explain` walks to
    /// say which part of it an exporter does not meet.
    var eligibleTree: FlowCondition = .always
    var obligations: [Int32]
    var scenarioObligations: [Int32] = []
    /// Categories of entries that name their own mechanism: such items leave the national rules.
    var governedCategories: Set<Int32> = []
    /// For each scenario code number: nil when the list does not name it, else its listed categories.
    var categoriesByScenario: [Int32: Set<Int32>]
    var because: ExplanationTemplate?
    public var location: SourceLocation
}

public struct CompiledReclassification: Sendable {
    public var id: String
    public var cite: String
    package var period: Period
    package var condition: Int32
    package var toClass: Int32
}

public struct CompiledObligation: Sendable {
    public var id: String
    public var cite: String
    public var citeZH: String = ""
    public var title: Bilingual
}

/// A stretch of days over which the same rules, lists and parameter values are in force.
package struct Epoch: Sendable {
    package var start: Day
    /// Rule numbers in force, ordered so that a rule comes before every rule it overrides.
    package var rules: [Int32]
    package var lists: [Int32]
    package var reclassifications: [Int32]
    package var parameters: ParameterValues
    /// The index: for each purpose code (and a last bucket for none), the rules in force that
    /// can apply to a flow of that purpose, in the same order as `rules`.
    var rulesByPurpose: [[Int32]]
    var window: VolumeWindow.Kind?
    /// For each counter, whether a rule in force reads it: the totals a decision shows that day.
    var countersInForce: [Bool] = []
}

/// The value of each parameter within one epoch; nil where it has none. Numbers and yes/no
/// values are also kept as plain arrays for the evaluator.
package struct ParameterValues: Sendable {
    package var values: [ParameterLiteral?]
    package var integers: [Int]
    /// 0 false, 1 true, 2 no yes/no value that day.
    package var booleans: [UInt8]

    init(values: [ParameterLiteral?]) {
        self.values = values
        integers = values.map { if case .integer(let n)? = $0 { n } else { Int.min } }
        booleans = values.map { if case .boolean(let b)? = $0 { b ? 1 : 0 } else { 2 } }
    }


    func value(_ index: Int) -> ParameterLiteral? {
        index >= 0 && index < values.count ? values[index] : nil
    }

}

/// A `because` cut into text and placeholders once, at compile time, sentence by sentence.
struct ExplanationTemplate: Sendable {
    enum Piece: Sendable {
        case text(String)
        case number(NumberField)
        case parameter(Int)
    }

    struct Clause: Sendable {
        /// Root of the lowered condition; -1 when the sentence is always said.
        var condition: Int32
        var en: [Piece]
        var zh: [Piece]
    }

    var clauses: [Clause]
}
