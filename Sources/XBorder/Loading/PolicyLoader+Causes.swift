/// Links the errors that follow from another to it: a name that is undefined only because the
/// declaration of it could not be read is the consequence of that reading error, not a second
/// problem.
extension PolicyLoader {
    /// Names declared by documents or elements that could not be read, each with the location
    /// of the error that dropped it.
    struct Unavailable {
        var causes: [String: SourceLocation] = [:]

        mutating func add(_ name: String, cause: SourceLocation) {
            if causes[name] == nil { causes[name] = cause }
        }

        /// A file that could not be parsed: everything a tolerant reading of it declares.
        mutating func addUnparsed(_ source: SourceFile, error: Diagnostic, limits: ParseLimits) {
            guard error.severity == .error else { return }
            var parser = YAMLParser(limits: limits)
            parser.allowsDuplicateKeys = true
            guard let node = try? parser.parseDocument(source) else { return }
            for declared in DeclaredNames.of(node) { add(declared.name, cause: error.location) }
        }

        /// A document read with errors: what it declares but the reading did not keep, caused by
        /// the first error inside the declaration (or, for a dropped document, its first error).
        mutating func addUnread(_ node: Node, document: PolicyDocument?, errors: [Diagnostic]) {
            let errors = errors.filter { $0.severity == .error }.sorted { $0.location < $1.location }
            guard let first = errors.first else { return }
            let declared = DeclaredNames.of(node).sorted { $0.location < $1.location }
            guard let document else {
                for name in declared { add(name.name, cause: first.location) }
                return
            }
            guard case .pack(let pack) = document else { return }
            let kept: [String: Set<String>] = [
                "parameters": Set(pack.parameters.map(\.name)), "counters": Set(pack.counters.map(\.name)),
                "obligations": Set(pack.obligations.map(\.id.name)), "rules": Set(pack.rules.map(\.id.name)),
                "rule-sets": Set(pack.ruleSets.map(\.name.name)), "reclassify": Set(pack.reclassifications.map(\.id.name)),
            ]
            for (position, name) in declared.enumerated() {
                guard let section = name.section, kept[section]?.contains(name.name) == false else { continue }
                let end = position + 1 < declared.count ? declared[position + 1].location : nil
                let inside = errors.first { error in error.location >= name.location && (end.map { error.location < $0 } ?? true) }
                if let cause = inside ?? errors.first(where: { $0.location >= name.location }) { add(name.name, cause: cause.location) }
            }
        }

        /// Marks each undefined reference to an unavailable name as caused by the error that made
        /// it unavailable. The names are read from the message, where user input is always quoted.
        func link(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
            guard !causes.isEmpty else { return diagnostics }
            return diagnostics.map { diagnostic in
                guard diagnostic.code == .undefinedReference, diagnostic.causedBy == nil else { return diagnostic }
                var linked = diagnostic
                for token in Self.quoted(diagnostic.message) {
                    if let cause = Self.candidates(token).lazy.compactMap({ causes[$0] }).first {
                        linked.causedBy = cause
                        break
                    }
                }
                return linked
            }
        }

        /// The texts between single quotes.
        static func quoted(_ message: String) -> [String] {
            message.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }

        /// `{persons.personal}` names the counter `personal`; `{contract-threshold}` the parameter.
        static func candidates(_ token: String) -> [String] {
            var name = token
            if name.hasPrefix("{"), name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
            var out = [name]
            if let dot = name.firstIndex(of: "."), Fields.counterPrefixes.contains(String(name[..<dot])) {
                out.append(String(name[name.index(after: dot)...]))
            }
            return out
        }
    }
}
