import XBorder

/// The report for tools, in the ordered JSON the rest of xborder writes.
extension RunResult {
    public func json(coverage includeCoverage: Bool = false) -> JSONValue {
        func location(_ at: SourceLocation) -> JSONValue { .string("\(at.path):\(at.line):\(at.column)") }
        func diagnostic(_ d: Diagnostic) -> JSONValue {
            .object([("location", location(d.location)), ("severity", .string(d.severity.rawValue)), ("code", .string(d.code.rawValue)),
                     ("message", .string(d.message)), ("help", d.help.map(JSONValue.string) ?? .null)])
        }
        func caseJSON(_ c: CaseResult) -> JSONValue {
            var pairs: [(String, JSONValue)] = [
                ("name", .string(c.name)), ("location", location(c.location)), ("status", .string(c.status.rawValue)),
                ("cite", c.cite.map(JSONValue.string) ?? .null), ("tags", .array(c.tags.map(JSONValue.string))),
                ("seconds", .string(String(format: "%.6f", c.seconds))),
            ]
            if let e = c.expectation {
                pairs.append(("expected", .object([
                    ("outcome", .string(e.outcome.text)), ("rules", .array(e.rules.map { .string($0.text) })),
                    ("citations", .array(e.citations.map { .string($0.text) })), ("obligations", .array(e.obligations.map { .string($0.text) })),
                    ("no-obligations", .array(e.noObligations.map { .string($0.text) })),
                ])))
            }
            if let a = c.actual {
                pairs.append(("actual", .object([
                    ("outcome", .string(a.outcome)),
                    ("rules", .array(a.rules.map { .object([("id", .string($0.id)), ("cite", .string($0.cite))]) })),
                    ("obligations", .array(a.obligations.map { .object([("id", .string($0.id)), ("cite", .string($0.cite))]) })),
                ])))
            }
            if !c.mismatches.isEmpty {
                pairs.append(("mismatches", .array(c.mismatches.map {
                    .object([("field", .string($0.field.rawValue)), ("expected", .string($0.expected)), ("actual", .string($0.actual)),
                             ("location", location($0.location)), ("message", .string($0.message))])
                })))
            }
            if !c.diagnostics.isEmpty { pairs.append(("diagnostics", .array(c.diagnostics.map(diagnostic)))) }
            return .object(pairs)
        }
        var pairs: [(String, JSONValue)] = [
            ("verdict", .string(verdict.rawValue)),
            ("summary", .object([("suites", .number(suites.count)), ("cases", .number(cases)), ("passed", .number(passed)),
                                 ("failed", .number(failed)), ("errors", .number(errors)), ("seconds", .string(String(format: "%.3f", seconds)))])),
            ("problems", .array(problems.map(diagnostic))),
            ("suites", .array(suites.map { s in
                .object([("path", .string(s.path)), ("title", .string(s.title)), ("policies", .string(s.policyDirectory)),
                         ("tests", .number(s.cases.count)), ("passed", .number(s.passed)), ("failures", .number(s.failed)),
                         ("errors", .number(s.errors)), ("diagnostics", .array(s.diagnostics.map(diagnostic))),
                         ("cases", .array(s.cases.map(caseJSON)))])
            })),
        ]
        if includeCoverage {
            pairs.append(("coverage", .array(coverage.map { c in
                func unit(_ u: Coverage.Unit) -> JSONValue {
                    .object([("id", .string(u.id)), ("cite", .string(u.cite)), ("exercised", .bool(u.exercised))])
                }
                return .object([
                    ("policies", .string(c.directory)), ("exercised", .number(c.exercised)), ("total", .number(c.total)),
                    ("percent", .string(String(format: "%.1f", c.percent))),
                    ("rules", .array(c.rules.map(unit))),
                    ("lists", .array(c.lists.map { list in
                        .object([("id", .string(list.unit.id)), ("cite", .string(list.unit.cite)), ("exercised", .bool(list.unit.exercised)),
                                 ("scenarios", .array(list.scenarios.map { .object([("code", .string($0.code)), ("exercised", .bool($0.exercised))]) }))])
                    })),
                    ("exceptions", .array(c.exceptions.map(unit))),
                ])
            })))
        }
        return .object(pairs)
    }
}
