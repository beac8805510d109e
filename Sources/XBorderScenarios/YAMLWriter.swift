import Foundation
import XBorder

/// Writes syntax nodes back as YAML in the style the suites are written in: block mappings,
/// short mappings and lists inline (`- {name: members, class: personal, individuals: 99999}`).
///
/// Scalars keep their meaning: a plain number or boolean stays plain, quoted text that would read
/// as a number, boolean or null stays quoted.
public enum YAMLWriter {
    /// Lines of a mapping's pairs at `indent` spaces.
    public static func lines(_ node: Node, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch node.kind {
        case .scalar:
            return [pad + inline(node)]
        case .sequence(let elements):
            var out: [String] = []
            for element in elements {
                if element.pairs?.isEmpty == false, needsBlock(element) || inline(element).count + indent > 110 {
                    var inner = lines(element, indent: indent + 2)
                    if !inner.isEmpty { inner[0] = pad + "- " + inner[0].dropFirst(indent + 2) }
                    out.append(contentsOf: inner)
                } else {
                    out.append(pad + "- " + inline(element))
                }
            }
            return out
        case .mapping(let pairs):
            var out: [String] = []
            for pair in pairs {
                let key = scalarText(pair.key, wasPlain: true, inFlow: false) + ":"
                let value = pair.value
                let short = inline(value)
                if value.scalar != nil || isEmpty(value) || (short.count + indent + key.count < 100 && !needsBlock(value)) {
                    out.append(pad + key + " " + short)
                } else {
                    out.append(pad + key)
                    out.append(contentsOf: lines(value, indent: indent + 2))
                }
            }
            return out
        }
    }

    /// Flow style on one line.
    public static func inline(_ node: Node) -> String {
        switch node.kind {
        case .scalar(let scalar):
            return scalarText(scalar.text, wasPlain: scalar.isPlain, inFlow: true)
        case .sequence(let elements):
            return "[" + elements.map(inline).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { scalarText($0.key, wasPlain: true, inFlow: true) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A scalar written plain when that reads back as the same scalar, else double-quoted.
    public static func scalarText(_ text: String, wasPlain: Bool, inFlow: Bool) -> String {
        let reread = Scalar(text: text, isPlain: true)
        let typed = reread.isNull || reread.bool != nil || reread.integer != nil
        if wasPlain ? (typed || isSafePlain(text, inFlow: inFlow)) : (!typed && isSafePlain(text, inFlow: inFlow)) {
            return text.isEmpty ? "~" : text
        }
        return quoted(text)
    }

    static func isSafePlain(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) || "-?:,[]{}#*&!|>'\"%@` \t".unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }) { return false }
        if inFlow, text.contains(where: { ",[]{}".contains($0) }) { return false }
        return true
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func isEmpty(_ node: Node) -> Bool { node.pairs?.isEmpty == true || node.elements?.isEmpty == true }

    /// A list of mappings reads best one element a line, as the suites write items.
    private static func needsBlock(_ node: Node) -> Bool {
        if let elements = node.elements { return elements.contains { $0.pairs != nil || $0.elements != nil } }
        if let pairs = node.pairs { return pairs.contains { needsBlock($0.value) } }
        return false
    }
}
