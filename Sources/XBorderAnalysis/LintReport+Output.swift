import XBorder

extension Flow {
    /// The flow as a JSON object of the public flow format, keys in the specification's order.
    public var jsonValue: JSONValue {
        var exporter: [(String, JSONValue)] = []
        if let name = self.exporter.name { exporter.append(("name", .string(name))) }
        exporter.append(("ciio", .bool(self.exporter.ciio)))
        if let sector = self.exporter.sector { exporter.append(("sector", .string(sector))) }
        if let zone = self.exporter.registeredIn { exporter.append(("registered_in", .string(zone))) }
        if let zone = self.exporter.activityIn { exporter.append(("activity_in", .string(zone))) }
        if let processes = self.exporter.processes { exporter.append(("processes", .number(processes))) }
        var recipient: [(String, JSONValue)] = []
        if let name = self.recipient.name { recipient.append(("name", .string(name))) }
        recipient.append(("country", .string(self.recipient.country)))
        if let kind = self.recipient.kind { recipient.append(("kind", .string(kind))) }
        if let zone = self.recipient.registeredIn { recipient.append(("registered_in", .string(zone))) }
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", .string(id))) }
        pairs.append(("date", .string(date.description)))
        pairs.append(("exporter", .object(exporter)))
        pairs.append(("recipient", .object(recipient)))
        if let purpose { pairs.append(("purpose", .string(purpose))) }
        if let scenario { pairs.append(("scenario", .string(scenario))) }
        pairs.append(("items", .array(items.map { item in
            var fields: [(String, JSONValue)] = [("name", .string(item.name))]
            if let value = item.dataClass { fields.append(("class", .string(value))) }
            if let value = item.individuals { fields.append(("individuals", .number(value))) }
            if let value = item.minors { fields.append(("minors", .bool(value))) }
            if let value = item.origin { fields.append(("origin", .string(value))) }
            if let value = item.category { fields.append(("category", .string(value))) }
            if let value = item.catalog { fields.append(("catalog", .string(value))) }
            if let value = item.features { fields.append(("features", .array(value.map { .string($0) }))) }
            if let value = item.subjects { fields.append(("subjects", .string(value))) }
            if let value = item.listed { fields.append(("listed", .bool(value))) }
            return .object(fields)
        })))
        if let prior { pairs.append(("prior", .object(prior.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))) }
        return .object(pairs)
    }
}

extension Finding {
    var jsonValue: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message)),
            ("location", .object([("path", .string(location.path)), ("line", .number(location.line)), ("column", .number(location.column))])),
            ("rules", .array(involved.map { rule in
                var fields: [(String, JSONValue)] = [("id", .string(rule.id))]
                if let cite = rule.cite { fields.append(("cite", .string(cite))) }
                if let at = rule.location { fields.append(("location", .string(at.description))) }
                return .object(fields)
            })),
        ]
        if let witness {
            pairs.append(("witness", .object([
                ("flow", witness.flow.jsonValue), ("outcome", .string(witness.outcome)),
                ("rules", .array(witness.deciding.map { .string($0) })), ("confirmed", .bool(witness.confirmed)),
            ])))
        }
        if let proof { pairs.append(("proof", .string(proof))) }
        if !caveats.isEmpty { pairs.append(("caveats", .array(caveats.map { .string($0) }))) }
        if let acknowledged { pairs.append(("acknowledged", .string(acknowledged))) }
        return .object(pairs)
    }
}

extension LintReport {
    /// Text for people: `path:line:column: severity[code]: message`, then the rules with their
    /// citations, the witness flow (one line of JSON that `xborder check` reads) or the proof.
    public func text() -> String {
        var lines: [String] = []
        for finding in findings {
            let mark = finding.acknowledged == nil ? "" : " (acknowledged)"
            lines.append("\(finding.location): \(finding.severity.rawValue)[\(finding.code)]\(mark): \(finding.message)")
            for rule in finding.involved {
                lines.append("  rule: \(rule.id)\(rule.cite.map { " (\($0))" } ?? "")\(rule.location.map { " at \($0)" } ?? "")")
            }
            if let witness = finding.witness {
                lines.append("  witness: \(witness.flow.jsonValue.serialized())")
                let decided = "decided \(witness.outcome)" + (witness.deciding.isEmpty ? " by the fallback" : " by \(witness.deciding.joined(separator: ", "))")
                lines.append("  check: \(decided)\(witness.confirmed ? "" : " (the evaluator does not confirm the finding on this flow: see caveats)")")
            }
            if let proof = finding.proof { lines.append("  proof: \(proof)") }
            for caveat in finding.caveats { lines.append("  caveat: \(caveat)") }
            if let reason = finding.acknowledged { lines.append("  acknowledged: \(reason)") }
        }
        let acknowledged = findings.count { $0.acknowledged != nil }
        lines.append("\(count(.error)) error(s), \(count(.warning)) warning(s) (\(acknowledged) acknowledged), \(count(.note)) note(s); flows of up to \(itemCount) items, lists as of \(asOf)")
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        JSONValue.object([
            ("policy", .object([("digest", .string(digest))])),
            ("as-of", .string(asOf.description)),
            ("items", .number(itemCount)),
            ("findings", .array(findings.map(\.jsonValue))),
            ("errors", .number(count(.error))), ("warnings", .number(count(.warning))), ("notes", .number(count(.note))),
            ("acknowledged", .number(findings.count { $0.acknowledged != nil })),
        ]).serialized(pretty: true)
    }

    /// SARIF 2.1.0: one rule per finding code, a result per finding, acknowledged findings as
    /// suppressions with their reason.
    public func sarif(toolVersion: String) -> String {
        let codes = Array(Set(findings.map(\.code))).sorted()
        let rules: [JSONValue] = codes.map { .object([("id", .string($0)), ("name", .string($0))]) }
        let results: [JSONValue] = findings.map { finding in
            var message = finding.message
            if let witness = finding.witness { message += "\nwitness: \(witness.flow.jsonValue.serialized())" }
            if let proof = finding.proof { message += "\nproof: \(proof)" }
            var pairs: [(String, JSONValue)] = [
                ("ruleId", .string(finding.code)),
                ("ruleIndex", .number(codes.firstIndex(of: finding.code) ?? 0)),
                ("level", .string(finding.severity.rawValue)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(finding.location.path))])),
                    ("region", .object([("startLine", .number(finding.location.line)), ("startColumn", .number(finding.location.column))])),
                ]))])])),
            ]
            if let reason = finding.acknowledged {
                pairs.append(("suppressions", .array([.object([("kind", .string("inSource")), ("justification", .string(reason))])])))
            }
            return .object(pairs)
        }
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("xborder lint")), ("version", .string(toolVersion)), ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ]).serialized(pretty: true)
    }
}
