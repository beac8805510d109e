import XBorder

/// A piece of handbook text: plain words, or a parameter's value that links to its timeline.
///
/// Sentences keep parameters apart from the words around them so that a page can show the value
/// in force and let the reader follow it to every dated value and its citation.
enum Segment: Sendable, Hashable {
    case text(String)
    /// A parameter's value as shown on the handbook's date, linking to the parameter.
    case parameter(name: String, shown: String)
    /// A code of the policy (a rule or list id), shown as code.
    case code(String)
}

/// Words in one language, as segments.
struct Words: Sendable, Hashable, ExpressibleByStringLiteral {
    var segments: [Segment]

    init(_ segments: [Segment] = []) { self.segments = segments }
    init(_ text: String) { segments = text.isEmpty ? [] : [.text(text)] }
    init(stringLiteral value: String) { self.init(value) }

    static func parameter(_ name: String, shown: String) -> Words { Words([.parameter(name: name, shown: shown)]) }

    static func + (lhs: Words, rhs: Words) -> Words { Words(lhs.segments + rhs.segments) }
    static func + (lhs: Words, rhs: String) -> Words { lhs + Words(rhs) }
    static func + (lhs: String, rhs: Words) -> Words { Words(lhs) + rhs }

    var isEmpty: Bool { segments.isEmpty }

    /// The text without links, for titles and tests.
    var plain: String {
        segments.map { segment in
            switch segment {
            case .text(let text), .code(let text): text
            case .parameter(_, let shown): shown
            }
        }.joined()
    }

    /// Joins with a separator between all but the last two, and a last separator before the last.
    static func join(_ parts: [Words], separator: String, last: String) -> Words {
        var out = Words()
        for (index, part) in parts.enumerated() {
            if index > 0 { out = out + (index == parts.count - 1 ? last : separator) }
            out = out + part
        }
        return out
    }
}

/// The same words in both languages of the product.
struct BiWords: Sendable, Hashable {
    var zh: Words
    var en: Words
    /// Whether the words join several conditions of one item ("is personal information and was
    /// collected abroad"): such a sentence gets a line of its own, so that its "and" cannot be
    /// read as joining it with the next sentence.
    var compound = false

    init(zh: Words, en: Words, compound: Bool = false) {
        self.zh = zh
        self.en = en
        self.compound = compound
    }

    init(_ label: Bilingual) {
        zh = Words(label.zh)
        en = Words(label.en)
    }
}
