import XBorder

/// A text that is equal for two parts of a policy exactly when they say the same thing, wherever
/// they are written: places in the source (every `SourceLocation`) are left out, so that moving a
/// rule or adding a line above it is no change, and the keys of dictionaries are put in order.
///
/// Written over `Mirror` rather than by hand per type so that a field added to the model is
/// compared from the day it exists: a hand-written comparison would silently miss it.
enum Fingerprint {
    /// Fields that are wording, not law: they change explanations and the handbook, never a decision.
    static let wording: Set<String> = ["title", "because", "note", "label", "citeZH"]

    /// What decides: wording left out.
    static func decision(_ value: Any) -> String {
        var out = ""
        write(value, skipping: wording, into: &out)
        return out
    }

    /// Everything but places.
    static func full(_ value: Any) -> String {
        var out = ""
        write(value, skipping: [], into: &out)
        return out
    }

    private static func write(_ value: Any, skipping: Set<String>, into out: inout String) {
        if value is SourceLocation { return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let some = mirror.children.first { write(some.value, skipping: skipping, into: &out) } else { out += "nil" }
        case .dictionary, .set:
            var parts: [String] = []
            for child in mirror.children {
                var part = ""
                write(child.value, skipping: skipping, into: &part)
                parts.append(part)
            }
            out += "{" + parts.sorted().joined(separator: ",") + "}"
        case .collection, .tuple:
            out += "["
            for child in mirror.children {
                if let label = child.label, skipping.contains(label) { continue }
                write(child.value, skipping: skipping, into: &out)
                out += ","
            }
            out += "]"
        case .struct, .class, .enum:
            if mirror.children.isEmpty {
                out += String(describing: value)
                return
            }
            if mirror.displayStyle == .enum { out += String(describing: type(of: value)) + "." }
            out += "("
            for child in mirror.children {
                if let label = child.label, skipping.contains(label) { continue }
                if child.value is SourceLocation { continue }
                out += (child.label ?? "") + ":"
                write(child.value, skipping: skipping, into: &out)
                out += ";"
            }
            out += ")"
        default:
            out += String(reflecting: value)
        }
    }
}
