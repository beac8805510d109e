import XBorder

/// Compares a decision with an expectation. Lists are subsets: each expected entry must be in
/// the decision; `no-obligations` entries must not be.
enum CaseCheck {
    static func mismatches(_ expectation: Expectation, _ actual: ActualDecision) -> [Mismatch] {
        var found: [Mismatch] = []
        if let refused = expectation.refused {
            return [Mismatch(.refused, expected: refused.text, actual: actual.outcome, at: refused.location)]
        }
        if expectation.outcome.text != actual.outcome {
            found.append(Mismatch(.outcome, expected: expectation.outcome.text, actual: actual.outcome, at: expectation.outcome.location))
        }
        let ruleIDs = actual.rules.map(\.id)
        for entry in expectation.rules where !ruleIDs.contains(entry.text) {
            found.append(Mismatch(.rules, expected: entry.text, actual: actual.rulesText, at: entry.location))
        }
        let cites = actual.rules.map(\.cite)
        for entry in expectation.citations where !cites.contains(entry.text) {
            let shown = cites.isEmpty ? "none" : cites.map { "'\($0)'" }.joined(separator: ", ")
            found.append(Mismatch(.citations, expected: entry.text, actual: shown, at: entry.location))
        }
        let obligationIDs = actual.obligations.map(\.id)
        for entry in expectation.obligations where !obligationIDs.contains(entry.text) {
            found.append(Mismatch(.obligations, expected: entry.text, actual: actual.obligationsText, at: entry.location))
        }
        for entry in expectation.noObligations where obligationIDs.contains(entry.text) {
            found.append(Mismatch(.noObligations, expected: entry.text, actual: actual.obligationsText, at: entry.location))
        }
        if let en = expectation.explanationEN, !actual.explanation.en.contains(en.text) {
            found.append(Mismatch(.explanationEN, expected: en.text, actual: actual.explanation.en, at: en.location))
        }
        if let zh = expectation.explanationZH, !actual.explanation.zh.contains(zh.text) {
            found.append(Mismatch(.explanationZH, expected: zh.text, actual: actual.explanation.zh, at: zh.location))
        }
        for entry in expectation.notes where !actual.notes.contains(where: { $0.contains(entry.text) }) {
            found.append(Mismatch(.notes, expected: entry.text, actual: actual.notes.isEmpty ? "none" : actual.notes.joined(separator: "; "), at: entry.location))
        }
        return found
    }
}
