/// What the evaluator reads of each rule, as parallel arrays: the hot loop touches only numbers
/// and conditions, never the strings (id, citation, texts) that travel with a rule for reports.
package struct RuleTable: Sendable {
    package var outcome: [Int32] = []
    package var condition: [Int32] = []
    package var overrides: [[Int32]] = []
    package var overridesFinal: [Bool] = []
    package var exemption: [Bool] = []
    package var obligations: [[Int32]] = []
    /// A necessary condition found at compile time: some item (of those under the rules, or of
    /// all items) has a class in this bit set. `UInt64.max` when the rule states none.
    var classRequirement: [UInt64] = []
    var classRequirementIncludesReleased: [Bool] = []
    /// Per rule and `FlowSlot`, the codes of that slot under which the rule can apply; nil where
    /// its top-level conjunction tests no code of the slot. The purpose picks a flow's bucket of
    /// candidate rules; the CIIO flag and the recipient's kind refine it (`DecisionRows`).
    var admittedCodes: [[[Bool]?]] = []

    init() {}

    init(_ rules: [CompiledRule]) {
        outcome = rules.map(\.outcome)
        condition = rules.map(\.condition)
        overrides = rules.map(\.overrides)
        overridesFinal = rules.map(\.overridesFinal)
        exemption = rules.map(\.exemption)
        obligations = rules.map(\.obligations)
        for rule in rules {
            let requirement = Self.requirements(rule.tree)
            classRequirement.append(requirement.classes ?? UInt64.max)
            classRequirementIncludesReleased.append(requirement.includesReleased)
            admittedCodes.append(requirement.codes)
        }
    }

    /// Necessary conditions of a condition tree, read from its top-level conjunction only: a
    /// rule whose condition says `purpose: …`, `exporter: {ciio: …}` or `items: {any: {class: …}}`
    /// cannot apply to a flow that fails them, so the evaluator can skip it without running it.
    ///
    /// Skipping is sound even where another conjunct has a parameter without a value that day
    /// (which would otherwise decide the rule fail-closed): a conjunction with one false part is
    /// false whatever the unknown part is.
    static func requirements(_ condition: FlowCondition) -> (classes: UInt64?, includesReleased: Bool, codes: [[Bool]?]) {
        var classes: UInt64?
        var includesReleased = false
        var codes = [[Bool]?](repeating: nil, count: FlowSlot.allCases.count)
        func conjuncts(_ condition: FlowCondition) -> [FlowCondition] {
            if case .all(let parts) = condition { return parts.flatMap(conjuncts) }
            return [condition]
        }
        func itemConjuncts(_ condition: ItemCondition) -> [ItemCondition] {
            if case .all(let parts) = condition { return parts.flatMap(itemConjuncts) }
            return [condition]
        }
        for part in conjuncts(condition) {
            switch part {
            case .code(let slot, let allowed):
                // Codes beyond the shorter set are admitted by neither.
                codes[slot.rawValue] = codes[slot.rawValue].map { zip($0, allowed).map { $0 && $1 } } ?? allowed
            case .items(.any, let item, let released) where classes == nil:
                for itemPart in itemConjuncts(item) {
                    guard case .code(.dataClass, let allowed) = itemPart, allowed.count <= 64 else { continue }
                    var mask: UInt64 = 0
                    for (index, isAllowed) in allowed.enumerated() where isAllowed { mask |= 1 << UInt64(index) }
                    classes = mask
                    includesReleased = released
                    break
                }
            default:
                break
            }
        }
        return (classes, includesReleased, codes)
    }
}
