extension Int {
    /// The sum, or `Int.max` when it would not fit. For counters of persons: the flow reader bounds
    /// every stated number, so this never saturates on a flow it accepted, but a wrapped sum would
    /// turn a huge transfer into a negative one and exempt it, while a saturated one can only make
    /// the outcome stricter (a compliance engine fails closed).
    func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other < 0 ? Int.min : Int.max) : sum
    }
}
