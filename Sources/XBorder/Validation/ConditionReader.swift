/// Reads conditions (§4 of the policy-language guide) into the model, reporting misspelt fields,
/// tests and quantifiers at their place.
extension NodeReader {
    static let testKeys = ["in", "not-in", "at-least", "below", "above", "at-most", "within", "present", "equals"]

    public mutating func condition(_ node: Node, scope: FieldScope) -> Condition? {
        guard let pairs = node.pairs else {
            bag.error(.typeMismatch, "expected a condition as a mapping, found \(node.kindName)", at: node.location,
                      help: "write e.g. '{exporter: {ciio: false}}'")
            return nil
        }
        var parts: [Condition] = []
        for pair in pairs {
            if let part = entry(pair, scope: scope, prefix: nil) { parts.append(part) }
        }
        return parts.count == 1 ? parts[0] : .all(parts, node.location)
    }

    private mutating func entry(_ pair: Pair, scope: FieldScope, prefix: String?) -> Condition? {
        let key = pair.key
        if prefix == nil {
            switch key {
            case "all", "any":
                guard let elements = pair.value.elements else {
                    bag.error(.typeMismatch, "'\(key)' takes a list of conditions", at: pair.value.location)
                    return nil
                }
                let parts = elements.compactMap { condition($0, scope: scope) }
                return key == "all" ? .all(parts, pair.keyLocation) : .any(parts, pair.keyLocation)
            case "not":
                return condition(pair.value, scope: scope).map { .not($0, pair.keyLocation) }
            case "parameter":
                return code(pair.value, "a parameter name").map { .parameter($0, pair.value.location) }
            case "items" where scope == .flow, "all-items" where scope == .flow:
                return items(pair, includingReleased: key == "all-items")
            default:
                break
            }
        }
        let name = prefix.map { "\($0).\(key)" } ?? key
        if prefix == nil, scope == .flow, Fields.groups.contains(key) {
            guard let pairs = pair.value.pairs else {
                bag.error(.typeMismatch, "'\(key)' groups fields: expected a mapping such as '{\(key == "exporter" ? "ciio: false" : "…")}'",
                          at: pair.value.location)
                return nil
            }
            let parts = pairs.compactMap { entry($0, scope: scope, prefix: key) }
            return parts.count == 1 ? parts[0] : .all(parts, pair.keyLocation)
        }
        let known: Bool
        switch scope {
        case .flow:
            known = Fields.flow[name] != nil || Fields.counterPrefixes.contains { name.hasPrefix("\($0).") }
        case .item:
            known = Fields.item[name] != nil
        }
        guard known else {
            let candidates: [String]
            if let prefix {
                candidates = Fields.flow.keys.filter { $0.hasPrefix("\(prefix).") }.map { String($0.dropFirst(prefix.count + 1)) }
            } else {
                candidates = Fields.names(in: scope)
            }
            let whereText = scope == .item ? "an item condition" : "a flow condition"
            bag.error(.unknownKey, "unknown field '\(name)' in \(whereText)", at: pair.keyLocation,
                      help: Suggestion.help(for: key, among: candidates) ?? (scope == .item ? "item fields: \(Fields.item.keys.sorted().joined(separator: ", "))" : nil))
            return nil
        }
        let tests = self.tests(pair.value)
        return tests.isEmpty ? nil : .field(FieldPath(name: name, location: pair.keyLocation), tests)
    }

    private mutating func items(_ pair: Pair, includingReleased: Bool) -> Condition? {
        guard let pairs = pair.value.pairs, pairs.count == 1, let only = pairs.first else {
            bag.error(.typeMismatch, "'\(pair.key)' takes exactly one of 'any', 'all' or 'none'", at: pair.value.location,
                      help: "write e.g. 'items: {any: {class: important}}'")
            return nil
        }
        guard let quantifier = Quantifier(rawValue: only.key) else {
            bag.error(.unknownKey, "unknown quantifier '\(only.key)'", at: only.keyLocation,
                      help: Suggestion.help(for: only.key, among: Quantifier.allCases.map(\.rawValue)))
            return nil
        }
        return condition(only.value, scope: .item).map { .items(quantifier, $0, pair.keyLocation, includingReleased: includingReleased) }
    }

    mutating func tests(_ node: Node) -> [Test] {
        switch node.kind {
        case .scalar(let scalar):
            if scalar.isNull {
                bag.error(.typeMismatch, "expected a value to test against, found nothing", at: node.location)
                return []
            }
            return [Test(.equals(Literal(scalar, at: node.location)), at: node.location)]
        case .sequence:
            return [Test(.oneOf(literals(node)), at: node.location)]
        case .mapping(let pairs):
            var tests: [Test] = []
            for pair in pairs {
                let at = pair.keyLocation
                switch pair.key {
                case "equals": if let s = pair.value.scalar { tests.append(Test(.equals(Literal(s, at: pair.value.location)), at: at)) }
                case "in": tests.append(Test(.oneOf(literals(pair.value)), at: at))
                case "not-in": tests.append(Test(.notIn(literals(pair.value)), at: at))
                case "within": tests.append(Test(.within(literals(pair.value)), at: at))
                case "at-least": if let a = amount(pair.value) { tests.append(Test(.atLeast(a), at: at)) }
                case "below": if let a = amount(pair.value) { tests.append(Test(.below(a), at: at)) }
                case "above": if let a = amount(pair.value) { tests.append(Test(.above(a), at: at)) }
                case "at-most": if let a = amount(pair.value) { tests.append(Test(.atMost(a), at: at)) }
                case "present": if let b = bool(pair.value, "'present'") { tests.append(Test(.present(b), at: at)) }
                default:
                    bag.error(.unknownKey, "unknown test '\(pair.key)'", at: at, help: Suggestion.help(for: pair.key, among: Self.testKeys))
                }
            }
            return tests
        }
    }

    private mutating func literals(_ node: Node) -> [Literal] {
        if let scalar = node.scalar { return [Literal(scalar, at: node.location)] }
        guard let elements = node.elements else {
            bag.error(.typeMismatch, "expected a list of values, found \(node.kindName)", at: node.location)
            return []
        }
        return elements.compactMap { element in
            guard let scalar = element.scalar, !scalar.isNull else {
                bag.error(.typeMismatch, "expected a value, found \(element.kindName)", at: element.location)
                return nil
            }
            return Literal(scalar, at: element.location)
        }
    }

    private mutating func amount(_ node: Node) -> Amount? {
        guard let scalar = node.scalar, !scalar.isNull else {
            bag.error(.typeMismatch, "expected a number or a parameter name, found \(node.kindName)", at: node.location)
            return nil
        }
        if let n = scalar.integer { return .number(n, node.location) }
        if scalar.text.contains(where: \.isWhitespace) || scalar.text.first?.isNumber == true {
            bag.error(.typeMismatch, "expected a whole number or a parameter name, found '\(scalar.text)'", at: node.location,
                      help: "write numbers without separators other than '_', e.g. 40000 or 40_000")
            return nil
        }
        return .parameter(scalar.text, node.location)
    }
}
