/// Diagnostics as JSON, for editors and CI: one object per root cause, its consequences inside.
extension Diagnostic {
    /// `{"code", "severity", "file", "line", "column", "message", "help"}`; `help` is null when
    /// there is none, so that every object has the same keys.
    public var json: JSONValue {
        .object([
            ("code", .string(code.rawValue)),
            ("severity", .string(severity.rawValue)),
            ("file", .string(location.path)),
            ("line", .number(location.line)),
            ("column", .number(location.column)),
            ("message", .string(message)),
            ("help", help.map(JSONValue.string) ?? .null),
        ])
    }
}

extension FoldedDiagnostic {
    /// The root's object with `caused`: the diagnostics that follow from it.
    public var json: JSONValue {
        guard case .object(var pairs) = root.json else { return root.json }
        pairs.append(("caused", .array(dependents.map(\.json))))
        return .object(pairs)
    }
}
