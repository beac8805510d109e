/// The whole argument behind one decision: every rule and list in force that day with what
/// became of it, the facts the rules read and the parameter values they used.
///
/// Built by `Evaluator.trace`, which decides the flow with `decide` first and then explains that
/// very decision, so the outcome and the deciding rules are the ones `check` gives.
public struct Trace: Sendable {
    /// What became of one rule in force on the flow's date.
    public struct RuleStep: Sendable {
        public var rule: Int32
        /// The rule applied and was not set aside.
        public var applied: Bool
        /// The exception that set the rule aside, when its condition held but another rule's
        /// `overrides` removed it.
        public var overriddenBy: Int32?
        /// The first part of the condition the flow does not meet; nil when it held.
        public var failed: Bilingual?
        /// A parameter had no value that day: decided fail-closed (see `Decision.failedClosed`).
        public var failedClosed: Bool
        /// Among the rules that determined the outcome.
        public var deciding: Bool
        /// Whether the condition held when the trace evaluated it again on the decision's facts;
        /// it must agree with the evaluator (`applied || overriddenBy != nil`) unless failed closed.
        public var conditionHeld: Bool
    }

    /// A list in force on the flow's date: whether it covers the flow's scenario, whether the
    /// exporter may use it, and what it released.
    public struct ListStep: Sendable {
        public var list: Int32
        /// The list names the flow's scenario (else it cannot release anything for this flow).
        public var coversScenario: Bool
        public var eligible: Bool
        /// The first part of `eligible:` the flow does not meet.
        public var failed: Bilingual?
        /// Items (by index in the flow) it released.
        public var released: [Int]
        public var deciding: Bool
    }

    /// One item as the rules saw it.
    public struct ItemStep: Sendable {
        /// The class after catalog and reclassification; -1 when the item has none.
        public var dataClass: Int32
        /// The reclassification that set the class, if any.
        public var reclassifiedBy: Int32?
        public var releasedBy: Int32?
        /// Counters (by number) the item counts toward.
        public var counters: [Int]
        public var individuals: Int
    }

    /// A parameter a rule, list or the counting read on the flow's date, with the value then in force.
    public struct ParameterUse: Sendable {
        public var parameter: Int
        public var value: ParameterLiteral?
        /// The date of the value in force (the `values:` key it comes from).
        public var since: Day?
        public var cite: String?
        /// Ids of the rules and lists in force that name it, and `counting` for the counting section.
        public var usedBy: [String]
    }

    public var decision: Decision
    public var rules: [RuleStep]
    public var lists: [ListStep]
    public var items: [ItemStep]
    public var parameters: [ParameterUse]
    /// Counters a rule in force that day reads (the totals the decision shows).
    public var countersInForce: [Int]
}
