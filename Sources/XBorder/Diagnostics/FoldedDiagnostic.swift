/// A diagnostic with the ones that only follow from it: a root cause and its consequences.
///
/// One duplicated date in a parameter made its whole file unreadable, and every file naming
/// the file's parameters, counters and rules then reported them as undefined: 46 errors in 8
/// files with the real one in the middle. Folded, the author reads the cause first and a count
/// of what it causes.
public struct FoldedDiagnostic: Sendable, Hashable {
    public var root: Diagnostic
    /// Diagnostics whose `causedBy` is the root's location, in location order.
    public var dependents: [Diagnostic]

    public init(root: Diagnostic, dependents: [Diagnostic] = []) {
        self.root = root
        self.dependents = dependents
    }

    /// Folds each diagnostic under the one its `causedBy` names; a diagnostic whose cause is not
    /// among them stays a root. Roots come in location order.
    public static func fold(_ diagnostics: [Diagnostic]) -> [FoldedDiagnostic] {
        let sorted = diagnostics.sorted { $0.location < $1.location }
        var rootIndex: [SourceLocation: Int] = [:]
        var folded: [FoldedDiagnostic] = []
        for diagnostic in sorted where diagnostic.causedBy == nil {
            if rootIndex[diagnostic.location] == nil { rootIndex[diagnostic.location] = folded.count }
            folded.append(FoldedDiagnostic(root: diagnostic))
        }
        for diagnostic in sorted {
            guard let cause = diagnostic.causedBy else { continue }
            if let index = rootIndex[cause] {
                folded[index].dependents.append(diagnostic)
            } else {
                folded.append(FoldedDiagnostic(root: diagnostic))
            }
        }
        return folded.sorted { $0.root.location < $1.root.location }
    }

    /// The number of files the dependents are in.
    public var dependentFileCount: Int { Set(dependents.map(\.location.path)).count }
}
