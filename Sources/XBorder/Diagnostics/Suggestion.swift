/// "Did you mean" hints: the closest known word by edit distance, when it is close enough to be
/// a plausible typo rather than a different word.
///
/// A policy with thousands of unknown references asks for thousands of hints among thousands of
/// ids, so one look-up must be cheap: candidates whose length alone rules them out are skipped,
/// and the distance is computed only up to the largest one that could still be suggested,
/// stopping as soon as it is exceeded (10,000 unknown ids took 106 s to validate).
public enum Suggestion {
    /// The candidate nearest to `word` among those within a third of their length (at least one
    /// edit); the first of equals.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        let wordCount = word.count
        // Letters of an ASCII word, counted: a cheap lower bound on the distance to a candidate.
        var letters = [Int16](repeating: 0, count: 128)
        let asciiTarget = target.allSatisfy(\.isASCII)
        if asciiTarget { for scalar in target { letters[Int(scalar.value)] += 1 } }
        var remaining = letters
        var best: (candidate: String, distance: Int)?
        var scalars: [Unicode.Scalar] = []
        var rows = [Int](repeating: 0, count: 3 * (target.count + 1))
        for candidate in candidates {
            let utf8 = candidate.utf8
            let ascii = asciiTarget && utf8.allSatisfy { $0 < 128 }
            let allowed = max(1, min(wordCount, ascii ? utf8.count : candidate.count) / 3)
            let limit = min(allowed, (best?.distance ?? Int.max) - 1)
            guard limit >= 0 else { break }
            // Each edit changes the length by at most one.
            if abs((ascii ? utf8.count : candidate.unicodeScalars.count) - target.count) > limit { continue }
            if ascii {
                // Each edit leaves at most one letter of either word unmatched in the other.
                _ = remaining.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: letters) }
                var matched = 0
                for byte in utf8 {
                    let letter = Int(byte >= 65 && byte <= 90 ? byte + 32 : byte)
                    if remaining[letter] > 0 { matched += 1 }
                    remaining[letter] -= 1
                }
                if max(utf8.count, target.count) - matched > limit { continue }
            }
            scalars.removeAll(keepingCapacity: true)
            for scalar in candidate.unicodeScalars { lowercase(scalar, into: &scalars) }
            if let distance = boundedDistance(target, scalars, limit: limit, rows: &rows) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// A hint sentence for an unknown word, or a list of what is allowed when nothing is close.
    public static func help(for word: String, among candidates: [String]) -> String? {
        if let match = closest(to: word, among: candidates) { return "did you mean '\(match)'?" }
        guard !candidates.isEmpty else { return nil }
        let shown = smallest(12, of: candidates).map { "'\($0)'" }.joined(separator: ", ")
        return "expected one of \(shown)\(candidates.count > 12 ? ", …" : "")"
    }

    /// The `count` first words in sorted order, without sorting them all.
    static func smallest(_ count: Int, of words: [String]) -> [String] {
        var kept: [String] = []
        kept.reserveCapacity(count + 1)
        for word in words {
            if kept.count == count, let last = kept.last, word >= last { continue }
            let position = kept.firstIndex { $0 > word } ?? kept.count
            kept.insert(word, at: position)
            if kept.count > count { kept.removeLast() }
        }
        return kept
    }

    private static func lowercase(_ scalar: Unicode.Scalar, into scalars: inout [Unicode.Scalar]) {
        if scalar.isASCII {
            scalars.append(scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
        } else {
            scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
    }

    /// The optimal string alignment distance when it is at most `limit`, else nil; `rows` is
    /// scratch space of three rows as long as `a` plus one.
    static func boundedDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, rows: inout [Int]) -> Int? {
        let m = a.count
        if b.isEmpty { return m <= limit ? m : nil }
        if m == 0 { return b.count <= limit ? b.count : nil }
        let width = m + 1
        return rows.withUnsafeMutableBufferPointer { rows -> Int? in
            // Rows i - 2, i - 1 and i of the table, in turn.
            for j in 0...m { rows[width + j] = j }
            var previous2 = 0, previous = width, current = 2 * width
            for i in 1...b.count {
                rows[current] = i
                var rowMinimum = i
                for j in 1...m {
                    let cost = a[j - 1] == b[i - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[j - 1] == b[i - 2], a[j - 2] == b[i - 1] {
                        value = min(value, rows[previous2 + j - 2] + 1)
                    }
                    rows[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // A row is at most one more than the row before it, and a transposition adds one
                // to the row before that: a row more than one over the limit proves the rest is over.
                if rowMinimum > limit + 1 { return nil }
                (previous2, previous, current) = (previous, current, previous2)
            }
            let distance = rows[previous + m]
            return distance <= limit ? distance : nil
        }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions ("tehn" for "then") each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var rows = [Int](repeating: 0, count: 3 * (a.count + 1))
        return boundedDistance(a, b, limit: max(a.count, b.count), rows: &rows) ?? max(a.count, b.count)
    }
}
