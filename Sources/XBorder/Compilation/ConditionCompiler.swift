/// Resolves the names in conditions against the vocabulary, lists, catalogs, parameters and
/// counters, and checks that each test suits its field.
struct ConditionCompiler {
    var policy: CompiledPolicy
    var parameterIndex: [String: Int]
    var counterIndex: [String: Int]
    var bag: DiagnosticBag
    /// Shared with the whole compilation: handed in and taken back by `CompilerState`.
    var hints: HintBudget
    /// Parameters each compiled condition uses, to check they have values while it is in force.
    var usedParameters: [(index: Int, location: SourceLocation)] = []

    mutating func flow(_ condition: Condition) -> FlowCondition {
        switch condition {
        case .all(let parts, _): return .all(parts.map { flow($0) })
        case .any(let parts, _): return .any(parts.map { flow($0) })
        case .not(let part, _): return .not(flow(part))
        case .items(let quantifier, let part, _, let includingReleased): return .items(quantifier, item(part), includingReleased: includingReleased)
        case .parameter(let name, let location): return boolParameter(name, location).map { .parameter($0) } ?? .always
        case .field(let path, let tests):
            let parts = tests.compactMap { flowTest(path, $0) }
            return parts.count == 1 ? parts[0] : .all(parts)
        }
    }

    mutating func item(_ condition: Condition) -> ItemCondition {
        switch condition {
        case .all(let parts, _): return .all(parts.map { item($0) })
        case .any(let parts, _): return .any(parts.map { item($0) })
        case .not(let part, _): return .not(item(part))
        case .parameter(let name, let location): return boolParameter(name, location).map { .parameter($0) } ?? .always
        case .items(_, _, let location, _):
            bag.error(.typeMismatch, "'items' cannot be used inside an item condition", at: location)
            return .always
        case .field(let path, let tests):
            let parts = tests.compactMap { itemTest(path, $0) }
            return parts.count == 1 ? parts[0] : .all(parts)
        }
    }

    // MARK: flow fields

    private mutating func flowTest(_ path: FieldPath, _ test: Test) -> FlowCondition? {
        if let dot = path.name.firstIndex(of: "."), Fields.counterPrefixes.contains(String(path.name[..<dot])) {
            let prefix = String(path.name[..<dot]), name = String(path.name[path.name.index(after: dot)...])
            guard let counter = counterIndex[name] else {
                bag.error(.undefinedReference, "no counter named '\(name)'", at: path.location,
                          help: hints.help(for: name, among: counterIndex.keys) ?? "declare it under 'counters:' in a pack")
                return nil
            }
            let field: NumberField = prefix == "persons" ? .persons(counter) : prefix == "prior" ? .prior(counter) : .thisFlow(counter)
            return numberTest(path, test).map { .number(field, $0) }
        }
        guard let type = Fields.flow[path.name] else { return nil }
        let slot: FlowSlot
        switch path.name {
        case "purpose": slot = .purpose
        case "scenario": slot = .scenario
        case "exporter.ciio": slot = .ciio
        case "exporter.sector": slot = .sector
        case "exporter.registered-in": slot = .registeredIn
        case "exporter.activity-in": slot = .activityIn
        case "recipient.kind": slot = .recipientKind
        case "recipient.registered-in": slot = .recipientRegisteredIn
        case "exporter.processes":
            if case .present(let wanted) = test.kind { return .processesPresent(wanted) }
            return numberTest(path, test).map { .number(.processes, $0) }
        case "recipient.country":
            return countryTest(path, test)
        default:
            return nil
        }
        if case .present(let wanted) = test.kind { return .present(slot, wanted) }
        return codeSet(path, test, type: type).map { .code(slot, $0) }
    }

    private mutating func countryTest(_ path: FieldPath, _ test: Test) -> FlowCondition? {
        func codes(_ literals: [Literal]) -> Set<String> {
            var set = Set<String>()
            for literal in literals {
                let text = literal.scalar.text
                if text.count == 2, text.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                    set.insert(text)
                } else {
                    bag.error(.invalidValue, "'\(text)' is not an ISO 3166-1 alpha-2 country code", at: literal.location, help: "write two capital letters, e.g. DE or HK")
                }
            }
            return set
        }
        switch test.kind {
        case .equals(let literal): return .country(codes([literal]), negated: false)
        case .oneOf(let literals): return .country(codes(literals), negated: false)
        case .notIn(let literals): return .country(codes(literals), negated: true)
        default:
            bag.error(.typeMismatch, "'\(path.name)' is a country code: test it with a value, a list, 'in' or 'not-in'", at: test.location)
            return nil
        }
    }

    // MARK: item fields

    private mutating func itemTest(_ path: FieldPath, _ test: Test) -> ItemCondition? {
        guard let type = Fields.item[path.name] else { return nil }
        let slot: ItemSlot
        switch path.name {
        case "class": slot = .dataClass
        case "minors": slot = .minors
        case "origin": slot = .origin
        case "category": slot = .category
        case "catalog": slot = .catalog
        case "subjects": slot = .subjects
        case "features": slot = .features
        case "individuals":
            return numberTest(path, test).map { .individuals($0) }
        default: return nil
        }
        if case .present(let wanted) = test.kind { return .present(slot, wanted) }
        if type == .text {
            bag.error(.typeMismatch, "'\(path.name)' is a free label: only 'present' can test it", at: test.location)
            return nil
        }
        if type == .features {
            switch test.kind {
            case .equals(let literal): return .featuresAny(featureMask([literal]))
            case .oneOf(let literals): return .featuresAny(featureMask(literals))
            case .notIn(let literals): return .featuresNone(featureMask(literals))
            default:
                bag.error(.typeMismatch, "'features' is a set of features: test it with a value, a list, 'in' or 'not-in'", at: test.location)
                return nil
            }
        }
        return codeSet(path, test, type: type).map { .code(slot, $0) }
    }

    private mutating func featureMask(_ literals: [Literal]) -> UInt64 {
        var mask: UInt64 = 0
        for literal in literals {
            if let number = lookup(literal, table: policy.table(.features), what: "feature") { mask |= 1 << UInt64(number) }
        }
        return mask
    }

    // MARK: shared

    /// The set of allowed code numbers for a code, zone, boolean, scenario, category or catalog test.
    private mutating func codeSet(_ path: FieldPath, _ test: Test, type: FieldType) -> [Bool]? {
        let table: CodeTable
        let what: String
        switch type {
        case .boolean:
            var allowed = [false, false]
            func mark(_ literal: Literal) {
                guard let value = literal.scalar.bool else {
                    bag.error(.typeMismatch, "'\(path.name)' is true or false, not '\(literal.scalar.text)'", at: literal.location)
                    return
                }
                allowed[value ? 1 : 0] = true
            }
            switch test.kind {
            case .equals(let literal): mark(literal)
            case .oneOf(let literals): literals.forEach(mark)
            default:
                bag.error(.typeMismatch, "'\(path.name)' is true or false: compare it with true or false", at: test.location)
                return nil
            }
            return allowed
        case .code(let section): table = policy.table(section); what = section.singular
        case .zone: table = policy.table(.zones); what = "zone"
        case .scenario: table = policy.scenarios; what = "scenario"
        case .category: table = policy.categories; what = "category"
        case .catalogEntry: table = policy.catalogEntries; what = "catalog entry"
        default:
            bag.error(.typeMismatch, "'\(path.name)' cannot be tested this way", at: test.location)
            return nil
        }
        var allowed = [Bool](repeating: false, count: table.count)
        switch test.kind {
        case .equals(let literal):
            if let n = lookup(literal, table: table, what: what) { allowed[Int(n)] = true }
        case .oneOf(let literals):
            for literal in literals { if let n = lookup(literal, table: table, what: what) { allowed[Int(n)] = true } }
        case .notIn(let literals):
            allowed = [Bool](repeating: true, count: table.count)
            for literal in literals { if let n = lookup(literal, table: table, what: what) { allowed[Int(n)] = false } }
        case .within(let literals):
            guard type == .zone else {
                bag.error(.typeMismatch, "'within' tests zones; '\(path.name)' is \(type.name)", at: test.location)
                return nil
            }
            for literal in literals {
                guard let target = lookup(literal, table: table, what: what) else { continue }
                for zone in 0..<table.count where isWithin(Int32(zone), target) { allowed[zone] = true }
            }
        case .atLeast, .below, .above, .atMost:
            bag.error(.typeMismatch, "'\(path.name)' is \(type.name), not a number: 'at-least', 'below', 'above' and 'at-most' compare numbers",
                      at: test.location)
            return nil
        case .present:
            return nil
        }
        return allowed
    }

    func isWithin(_ zone: Int32, _ target: Int32) -> Bool {
        var current = zone
        var steps = 0
        while current >= 0, steps <= policy.zoneParents.count {
            if current == target { return true }
            current = policy.zoneParents[Int(current)]
            steps += 1
        }
        return false
    }

    private mutating func lookup(_ literal: Literal, table: CodeTable, what: String) -> Int32? {
        if let number = table[literal.scalar.text] { return number }
        bag.error(.undefinedReference, "unknown \(what) '\(literal.scalar.text)'", at: literal.location,
                  help: hints.help(for: literal.scalar.text, among: table.codes))
        return nil
    }

    private mutating func numberTest(_ path: FieldPath, _ test: Test) -> [Bound]? {
        func amount(_ value: Amount) -> CompiledAmount? {
            switch value {
            case .number(let n, _): return .number(n)
            case .parameter(let name, let location):
                guard let index = parameterIndex[name] else {
                    bag.error(.undefinedReference, "no parameter named '\(name)'", at: location,
                              help: hints.help(for: name, among: parameterIndex.keys))
                    return nil
                }
                if policy.parameters[index].values.contains(where: { if case .integer = $0.value { false } else { true } }) {
                    bag.error(.typeMismatch, "parameter '\(name)' is not a number on every date", at: location)
                }
                usedParameters.append((index, location))
                return .parameter(index)
            }
        }
        switch test.kind {
        case .atLeast(let a): return amount(a).map { [Bound(relation: .atLeast, amount: $0)] }
        case .below(let a): return amount(a).map { [Bound(relation: .below, amount: $0)] }
        case .above(let a): return amount(a).map { [Bound(relation: .above, amount: $0)] }
        case .atMost(let a): return amount(a).map { [Bound(relation: .atMost, amount: $0)] }
        case .equals(let literal):
            guard let n = literal.scalar.integer else {
                bag.error(.typeMismatch, "'\(path.name)' is a number, not '\(literal.scalar.text)'", at: literal.location)
                return nil
            }
            return [Bound(relation: .equals, amount: .number(n))]
        default:
            bag.error(.typeMismatch, "'\(path.name)' is a number: use 'at-least', 'below', 'above' or 'at-most'", at: test.location,
                      help: "以上 is 'at-least', 不满 is 'below'")
            return nil
        }
    }

    private mutating func boolParameter(_ name: String, _ location: SourceLocation) -> Int? {
        guard let index = parameterIndex[name] else {
            bag.error(.undefinedReference, "no parameter named '\(name)'", at: location, help: hints.help(for: name, among: parameterIndex.keys))
            return nil
        }
        if policy.parameters[index].values.contains(where: { if case .boolean = $0.value { false } else { true } }) {
            bag.error(.typeMismatch, "parameter '\(name)' is not true/false on every date", at: location)
        }
        usedParameters.append((index, location))
        return index
    }
}
