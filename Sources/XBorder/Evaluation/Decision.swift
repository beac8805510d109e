/// The engine's answer for one flow, in numbers of the compiled policy. `DecisionReport` turns it
/// into words; keeping the two apart keeps evaluation free of string building.
public struct Decision: Sendable {
    /// A rule or a list that determined the outcome.
    public enum Determinant: Sendable, Hashable {
        case rule(Int32)
        case list(Int32)
    }

    public var date: Day
    public var outcome: Int32
    public var deciding: [Determinant]
    /// Every rule that applied and was not set aside, deciding or not.
    public var applied: [Int32]
    public var overridden: [(rule: Int32, by: Int32)]
    public var obligations: [Int32]
    public var counters: [CounterUse]
    public var released: [(item: Int, list: Int32)]
    public var reclassified: [(item: Int, reclassification: Int32)]
    /// Rules that could not be evaluated (a parameter without a value that day), decided fail-closed.
    public var failedClosed: [Int32]
    /// No rule decided the flow; the vocabulary's fallback outcome was used.
    public var fellBack: Bool
    /// Whether this transfer adds to the exporter's yearly totals (the pack's parameter on exemptions).
    public var counted: Bool
    public var window: VolumeWindow?
}

/// Persons of one counter as the decision used them.
public struct CounterUse: Sendable, Hashable, Codable {
    public var prior: Int
    public var flow: Int
    public var total: Int
}
