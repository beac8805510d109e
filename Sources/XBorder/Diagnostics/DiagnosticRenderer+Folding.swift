/// Rendering with causes first: each root cause, then how many errors follow from it.
extension DiagnosticRenderer {
    /// Each root in full, then a count of the diagnostics it causes; with `verbose`, those too,
    /// one line each under the count. At most `maxShown` roots.
    public func render(folded: [FoldedDiagnostic], verbose: Bool) -> String {
        var blocks: [String] = []
        for entry in folded.prefix(Self.maxShown) {
            var out = render(entry.root)
            if !entry.dependents.isEmpty {
                let count = entry.dependents.count
                let files = entry.dependentFileCount
                out += "\n  = and \(count) \(count == 1 ? "error" : "errors") caused by this one"
                    + " (in \(files) \(files == 1 ? "file" : "files"))" + (verbose ? ":" : "")
                if verbose {
                    for dependent in entry.dependents { out += "\n    \(dependent.description)" }
                }
            }
            blocks.append(out)
        }
        var out = blocks.joined(separator: "\n")
        if folded.count > Self.maxShown {
            out += "\n… and \(folded.count - Self.maxShown) more (\(folded.count) in all); fix these first"
        }
        return out
    }
}
