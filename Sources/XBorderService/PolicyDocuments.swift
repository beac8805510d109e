import XBorder

/// The documents that describe the policy in force: what `/v1/policy` and `/v1/vocabulary`
/// answer. Built from the compiled policy alone, so they say what deciding uses.
enum PolicyDocuments {
    /// `{"digest", "packs":[{"id","version"}], "coverage":{"from","cite"}|null, "periods":[day],
    /// "parameters":[{"name","values":[{"from","value","cite"}]}]}`: the days on which the law in
    /// force changes, and each dated parameter value with its source.
    static func policy(_ policy: CompiledPolicy) -> JSONValue {
        .object([
            ("digest", .string(policy.digest)),
            ("packs", .array(policy.packs.map { pack in
                .object([("id", .string(pack.id)), ("version", pack.version.map(JSONValue.string) ?? .null)])
            })),
            ("coverage", policy.coverage.map { coverage in
                .object([("from", .string(coverage.from.description)), ("cite", .string(coverage.cite))])
            } ?? .null),
            ("periods", .array(policy.epochs.map { .string($0.start.description) })),
            ("parameters", .array(policy.parameters.map { parameter in
                .object([
                    ("name", .string(parameter.name)),
                    ("values", .array(parameter.values.map { value in
                        .object([("from", .string(value.from.description)), ("value", literal(value.value)), ("cite", .string(value.cite))])
                    })),
                ])
            })),
        ])
    }

    static func literal(_ value: ParameterLiteral) -> JSONValue {
        switch value {
        case .integer(let number): .number(number)
        case .boolean(let flag): .bool(flag)
        case .code(let code): .string(code)
        }
    }

    /// `{"digest", "sections":{"<section>":[{"code","en","zh"}]}, "catalog":[{"code","en","zh","class"}]}`:
    /// every code a flow may use, with the labels the policy gives it, so that a form offers
    /// exactly what the policy decides on.
    static func vocabulary(_ policy: CompiledPolicy) -> JSONValue {
        var sections: [(String, JSONValue)] = VocabularySection.allCases.map { section in
            (section.rawValue, entries(policy.table(section)))
        }
        sections.append(("scenarios", entries(policy.scenarios)))
        sections.append(("categories", entries(policy.categories)))
        let classes = policy.table(.classes)
        let catalog: [JSONValue] = policy.catalogEntries.codes.indices.map { index in
            let label = policy.catalogEntries.labels[index]
            let dataClass: JSONValue = index < policy.catalog.count ? .string(classes.code(policy.catalog[index].dataClass)) : .null
            return .object([
                ("code", .string(policy.catalogEntries.codes[index])), ("en", .string(label.en)), ("zh", .string(label.zh)),
                ("class", dataClass),
            ])
        }
        return .object([("digest", .string(policy.digest)), ("sections", .object(sections)), ("catalog", .array(catalog))])
    }

    static func entries(_ table: CodeTable) -> JSONValue {
        .array(table.codes.indices.map { index in
            let label = index < table.labels.count ? table.labels[index] : Bilingual(zh: "", en: "")
            return .object([("code", .string(table.codes[index])), ("en", .string(label.en)), ("zh", .string(label.zh))])
        })
    }
}
