/// Reads typed values out of syntax nodes, reporting each misfit at the node's place.
///
/// Every reader of a document kind (policy, flow, scenario) goes through these, so that a
/// misspelt key or a wrong type is reported the same way everywhere.
public struct NodeReader: Sendable {
    public var bag = DiagnosticBag()

    public init() {}

    /// The pairs of a mapping, after reporting keys outside `allowed` with a "did you mean".
    public mutating func mapping(_ node: Node, _ what: String, allowed: [String]) -> [String: Pair]? {
        guard let pairs = node.pairs else {
            bag.error(.typeMismatch, "expected \(what) as a mapping, found \(node.kindName)", at: node.location)
            return nil
        }
        var byKey: [String: Pair] = [:]
        for pair in pairs {
            if !allowed.contains(pair.key) {
                // `{en: phone, e-mail}` reads as a second key `e-mail` with no value.
                let split = pair.value.scalar?.isNull == true && Suggestion.closest(to: pair.key, among: allowed) == nil
                bag.error(.unknownKey, "unknown key '\(pair.key)' in \(what)", at: pair.keyLocation,
                          help: split ? "inside '{ }' a comma ends a value: put text that contains commas in quotes"
                                      : Suggestion.help(for: pair.key, among: allowed))
            }
            byKey[pair.key] = pair
        }
        return byKey
    }

    public mutating func require(_ fields: [String: Pair], _ key: String, in node: Node, _ what: String) -> Node? {
        guard let pair = fields[key] else {
            bag.error(.missingKey, "\(what) needs '\(key)'", at: node.location)
            return nil
        }
        return pair.value
    }

    public mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar, !scalar.isNull else {
            bag.error(.typeMismatch, "expected \(what) as text, found \(node.kindName)", at: node.location)
            return nil
        }
        return scalar.text
    }

    public mutating func code(_ node: Node?, _ what: String) -> String? {
        guard let text = string(node, what), let node else { return nil }
        // The byte scan accepts nearly every code; only the others are looked at character by
        // character, to say what is wrong with them.
        if Self.isCode(text) { return text }
        if text.isEmpty || text.contains(where: { $0.isWhitespace }) {
            bag.error(.invalidValue, "\(what) '\(text)' is not a code: codes are words without spaces", at: node.location)
            return nil
        }
        // Codes are echoed in messages, notes and audit records: no control characters either.
        if let bad = text.unicodeScalars.first(where: FlowReader.isControl) {
            bag.error(.invalidValue, "\(what) contains the control character \(FlowReader.codePoint(bad))", at: node.location,
                      help: "codes are words of printable characters")
            return nil
        }
        return text
    }

    /// Whether `text` is a code as `code(_:_:)` accepts it: not empty, no whitespace, no
    /// control characters. One predicate, so that the JSON flow decoder accepts exactly the same.
    static func isCode(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F { return false }
            if byte >= 0x80 { ascii = false }
        }
        if ascii { return !text.isEmpty }
        return !text.contains(where: { $0.isWhitespace }) && !text.unicodeScalars.contains(where: FlowReader.isControl)
    }

    public mutating func reference(_ node: Node?, _ what: String) -> Reference? {
        guard let node, let code = code(node, what) else { return nil }
        return Reference(code, at: node.location)
    }

    /// A list of references; a single scalar is accepted as a list of one.
    public mutating func references(_ node: Node?, _ what: String) -> [Reference] {
        guard let node else { return [] }
        if node.scalar != nil { return reference(node, what).map { [$0] } ?? [] }
        guard let elements = node.elements else {
            bag.error(.typeMismatch, "expected a list of \(what)s, found \(node.kindName)", at: node.location)
            return []
        }
        return elements.compactMap { reference($0, what) }
    }

    public mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.scalar?.bool else {
            bag.error(.typeMismatch, "expected \(what) as true or false, found \(describe(node))", at: node.location)
            return nil
        }
        return value
    }

    public mutating func integer(_ node: Node?, _ what: String) -> Int? {
        guard let node else { return nil }
        guard let value = node.scalar?.integer else {
            bag.error(.typeMismatch, "expected \(what) as a whole number, found \(describe(node))", at: node.location)
            return nil
        }
        return value
    }

    public mutating func day(_ node: Node?, _ what: String) -> Day? {
        guard let node else { return nil }
        guard let text = node.scalar?.text, let day = Day(iso: text) else {
            bag.error(.invalidValue, "expected \(what) as a date YYYY-MM-DD, found \(describe(node))", at: node.location,
                      help: "write the date as 2024-03-22")
            return nil
        }
        return day
    }

    public mutating func bilingual(_ node: Node?, _ what: String) -> Bilingual? {
        guard let node else { return nil }
        guard let fields = mapping(node, what, allowed: ["zh", "en"]) else { return nil }
        let zh = require(fields, "zh", in: node, what).flatMap { string($0, "the Chinese text") }
        let en = require(fields, "en", in: node, what).flatMap { string($0, "the English text") }
        guard let zh, let en else { return nil }
        return Bilingual(zh: zh, en: en)
    }

    /// A citation; empty text is as bad as none.
    public mutating func cite(_ fields: [String: Pair], in node: Node, _ what: String) -> String? {
        guard let pair = fields["cite"] else {
            bag.error(.missingCitation, "\(what) has no citation", at: node.location,
                      help: "add 'cite:' naming the instrument and article, e.g. 'Provisions Art. 8'")
            return nil
        }
        // A visible ASCII character settles it without Foundation's Unicode trimming.
        guard let text = string(pair.value, "the citation"),
              text.utf8.contains(where: { (0x21..<0x80).contains($0) }) || !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            bag.error(.missingCitation, "\(what) has an empty citation", at: pair.value.location)
            return nil
        }
        return text
    }

    public mutating func period(_ fields: [String: Pair], default fallback: Period = Period()) -> Period {
        var period = fallback
        if let start = fields["in-force"] { period.start = day(start.value, "'in-force'") }
        if let end = fields["in-force-through"] { period.end = day(end.value, "'in-force-through'") }
        if let start = period.start, let end = period.end, end < start, let node = fields["in-force-through"]?.value {
            bag.error(.invalidValue, "'in-force-through' \(end) is before 'in-force' \(start)", at: node.location)
        }
        return period
    }

    private func describe(_ node: Node) -> String {
        if let scalar = node.scalar, !scalar.isNull { return "'\(scalar.text)'" }
        return node.kindName
    }
}

import Foundation
