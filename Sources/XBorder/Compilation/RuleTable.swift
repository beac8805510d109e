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
    /// The purposes under which the rule can apply; nil when any.
    var purposes: [[Bool]?] = []

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
            purposes.append(requirement.purposes)
        }
    }

    /// Necessary conditions of a condition tree, read from its top-level conjunction only: a
    /// rule whose condition says `purpose: …` or `items: {any: {class: …}}` cannot apply to a flow
    /// that fails them, so the evaluator can skip it without running it.
    static func requirements(_ condition: FlowCondition) -> (classes: UInt64?, includesReleased: Bool, purposes: [Bool]?) {
        var classes: UInt64?
        var includesReleased = false
        var purposes: [Bool]?
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
            case .code(.purpose, let allowed):
                purposes = purposes.map { zip($0, allowed).map { $0 && $1 } } ?? allowed
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
        return (classes, includesReleased, purposes)
    }
}
