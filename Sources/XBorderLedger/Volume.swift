/// Checked sums of persons, shared by prior volumes, reports and verification.
///
/// A wrapped sum would turn a huge volume into a small one and an obligation into an
/// exemption, so every addition reports overflow, and totals are held within what an audit
/// record can carry exactly (``CanonicalJSON/maximumInteger``).
public enum Volume {
    /// `a + b`, or ``LedgerError/overflow(_:)`` naming `what`.
    public static func add(_ a: Int, _ b: Int, what: String) throws(LedgerError) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow, sum >= 0, Int64(sum) <= CanonicalJSON.maximumInteger else {
            throw .overflow("the \(what) exceeds \(CanonicalJSON.maximumInteger)")
        }
        return sum
    }
}
