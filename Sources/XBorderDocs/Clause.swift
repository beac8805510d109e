/// A condition in words: sentences joined by "and", "or" and "not", kept as a tree so that a
/// page can say a short condition in one sentence and a long one as a list a lawyer can follow.
indirect enum Clause: Sendable, Hashable {
    case sentence(BiWords)
    case all([Clause])
    case any([Clause])
    case not(Clause)

    /// Whether the clause reads well as one sentence: no "or" inside an "and" (or the reverse),
    /// which a sentence cannot group without brackets.
    var isSimple: Bool {
        switch self {
        case .sentence: true
        case .all(let parts), .any(let parts): parts.allSatisfy { if case .sentence(let words) = $0 { !words.compound } else { false } } && parts.count <= 4
        case .not(let inner): if case .sentence = inner { true } else { false }
        }
    }

    /// The clause as one sentence in each language (for simple clauses, and for tests).
    var inline: BiWords {
        switch self {
        case .sentence(let words):
            return words
        case .all(let parts):
            let words = parts.map(\.inline)
            return BiWords(zh: Words.join(words.map(\.zh), separator: "，", last: "，且"),
                           en: Words.join(words.map(\.en), separator: ", ", last: " and "))
        case .any(let parts):
            let words = parts.map(\.inline)
            return BiWords(zh: Words.join(words.map(\.zh), separator: "，或者", last: "，或者"),
                           en: Words.join(words.map(\.en), separator: ", ", last: " or "))
        case .not(let inner):
            let words = inner.inline
            return BiWords(zh: "并非" + words.zh, en: "it is not the case that " + words.en)
        }
    }

    /// Nested `all` in `all` and `any` in `any` said as one level: a group of the exporter's
    /// fields is an `all` of its own in the model, but not in the law's words.
    var flattened: Clause {
        switch self {
        case .sentence: return self
        case .not(let inner): return .not(inner.flattened)
        case .all(let parts):
            let flat = parts.map(\.flattened).flatMap { part -> [Clause] in if case .all(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? flat[0] : .all(flat)
        case .any(let parts):
            let flat = parts.map(\.flattened).flatMap { part -> [Clause] in if case .any(let inner) = part { inner } else { [part] } }
            return flat.count == 1 ? flat[0] : .any(flat)
        }
    }

    /// Every sentence of the clause, for tests that look for leaked policy syntax.
    var sentences: [BiWords] {
        switch self {
        case .sentence(let words): [words]
        case .all(let parts), .any(let parts): parts.flatMap(\.sentences)
        case .not(let inner): inner.sentences
        }
    }
}
