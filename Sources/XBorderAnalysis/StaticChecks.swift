import Foundation
import XBorder

/// The findings read from the policy text alone: periods, dated values, unused declarations,
/// citations and numbers written where a parameter should be named.
struct StaticChecks {
    let policy: CompiledPolicy
    let set: PolicySet
    let asOf: Day

    func run() -> [Finding] {
        periods() + listVersions() + datedValues() + unused() + citations() + numbersInText()
    }

    // MARK: periods

    private func periods() -> [Finding] {
        var findings: [Finding] = []
        for pack in set.packs {
            for rule in pack.rules {
                let early = rule.period.start.map { start in pack.period.start.map { start < $0 } ?? false } ?? false
                let late: Bool = switch (rule.period.end, pack.period.end) {
                case (nil, .some): true
                case (.some(let end), .some(let packEnd)): end > packEnd
                default: false
                }
                guard early || late else { continue }
                findings.append(Finding(
                    code: FindingCode.ruleOutsidePackPeriod, severity: .error,
                    message: "rule '\(rule.id.name)' is in force \(rule.period), outside its pack '\(pack.id)' (\(pack.period))",
                    location: rule.location, involved: [Finding.Involved(id: rule.id.name, cite: rule.cite, location: rule.location)]))
            }
        }
        for list in set.lists {
            guard let end = list.period.end, end < asOf else { continue }
            findings.append(Finding(
                code: FindingCode.listEnded, severity: .warning,
                message: "list '\(list.id.name)' ended on \(end), before \(asOf): flows dated later are decided without it",
                location: list.location, involved: [Finding.Involved(id: list.id.name, cite: list.cite, location: list.location)]))
        }
        return findings
    }

    /// Lists naming the same scenario are versions of one list: they should follow each other
    /// without overlap (two versions at once) or hole (days with none).
    private func listVersions() -> [Finding] {
        var findings: [Finding] = []
        var byScenario: [String: [DataList]] = [:]
        for list in set.lists { for scenario in list.scenarios { byScenario[scenario.code, default: []].append(list) } }
        var reported: Set<[String]> = []
        for (scenario, lists) in byScenario.sorted(by: { $0.key < $1.key }) where lists.count > 1 {
            let ordered = lists.sorted { ($0.period.start ?? Day(ordinal: Int32.min)) < ($1.period.start ?? Day(ordinal: Int32.min)) }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                let key = [earlier.id.name, later.id.name]
                guard !reported.contains(key) else { continue }
                let involved = [earlier, later].map { Finding.Involved(id: $0.id.name, cite: $0.cite, location: $0.location) }
                guard let laterStart = later.period.start else { continue }
                if earlier.period.end.map({ $0 >= laterStart }) ?? true {
                    reported.insert(key)
                    findings.append(Finding(
                        code: FindingCode.listOverlap, severity: .warning,
                        message: "lists '\(earlier.id.name)' (\(earlier.period)) and '\(later.id.name)' (\(later.period)) both name scenario '\(scenario)' on the same days",
                        location: later.location, involved: involved))
                } else if let end = earlier.period.end, end.adding(days: 1) < laterStart {
                    reported.insert(key)
                    findings.append(Finding(
                        code: FindingCode.listHole, severity: .warning,
                        message: "scenario '\(scenario)' has no list from \(end.adding(days: 1)) to \(laterStart.adding(days: -1)), between '\(earlier.id.name)' and '\(later.id.name)'",
                        location: later.location, involved: involved))
                }
            }
        }
        return findings
    }

    /// Parameter values: two for one day, or values left out of order, so that the reader
    /// cannot tell which was meant; and a rule in force before its parameter's first value.
    private func datedValues() -> [Finding] {
        var findings: [Finding] = []
        for pack in set.packs {
            for parameter in pack.parameters {
                var seen: [Day: ParameterValue] = [:]
                for value in parameter.values {
                    if let earlier = seen[value.from] {
                        findings.append(Finding(
                            code: FindingCode.datedValueOverlap, severity: .error,
                            message: "parameter '\(parameter.name)' has two values from \(value.from): \(earlier.value) and \(value.value)",
                            location: value.location, involved: [Finding.Involved(id: parameter.name, cite: value.cite, location: parameter.location)]))
                    }
                    seen[value.from] = value
                }
                if let first = parameter.values.map(\.from).min(), pack.period.start.map({ $0 < first }) ?? false, let start = pack.period.start,
                   uses(parameter.name, in: pack) {
                    findings.append(Finding(
                        code: FindingCode.datedValueHole, severity: .warning,
                        message: "parameter '\(parameter.name)' has no value from \(start) to \(first.adding(days: -1)), though its pack '\(pack.id)' is in force then",
                        location: parameter.location, involved: [Finding.Involved(id: parameter.name, cite: nil, location: parameter.location)]))
                }
            }
        }
        return findings
    }

    private func uses(_ parameter: String, in pack: Pack) -> Bool {
        var references = References()
        references.add(pack: pack)
        return references.parameters.contains(parameter)
    }

    // MARK: unused

    private func unused() -> [Finding] {
        var references = References()
        for pack in set.packs { references.add(pack: pack) }
        for list in set.lists { references.add(list: list) }
        for catalog in set.catalogs { for entry in catalog.entries { references.codes.formUnion(entry.features.map(\.name)) } }
        var findings: [Finding] = []
        for pack in set.packs {
            for parameter in pack.parameters where !references.parameters.contains(parameter.name) {
                findings.append(Finding(
                    code: FindingCode.unusedParameter, severity: .warning,
                    message: "parameter '\(parameter.name)' is named by no rule, list, counter or explanation",
                    location: parameter.location, involved: [Finding.Involved(id: parameter.name, cite: parameter.values.first?.cite, location: parameter.location)]))
            }
            for obligation in pack.obligations where !references.obligations.contains(obligation.id.name) {
                findings.append(Finding(
                    code: FindingCode.unusedObligation, severity: .warning,
                    message: "obligation '\(obligation.id.name)' is named by no rule or list",
                    location: obligation.location, involved: [Finding.Involved(id: obligation.id.name, cite: obligation.cite, location: obligation.location)]))
            }
            for counter in pack.counters where !references.counters.contains(counter.name) {
                findings.append(Finding(
                    code: FindingCode.unusedCounter, severity: .warning,
                    message: "counter '\(counter.name)' is read by no condition or explanation",
                    location: counter.location, involved: [Finding.Involved(id: counter.name, cite: nil, location: counter.location)]))
            }
        }
        for vocabulary in set.vocabularies {
            for (section, entries) in vocabulary.sections.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                // Outcomes and classes are the engine's own scale; the defaults are used by every flow that leaves a field out.
                guard section != .outcomes, section != .classes else { continue }
                let defaults = Set(vocabulary.defaults.values.map(\.code))
                let parents = Dictionary(entries.compactMap { entry in entry.inside.map { (entry.code, $0) } }, uniquingKeysWith: { first, _ in first })
                func withinUsed(_ code: String) -> Bool {
                    var zone: String? = code
                    var steps = 0
                    while let current = zone, steps < 64 {
                        if references.codes.contains(current) { return true }
                        zone = parents[current]
                        steps += 1
                    }
                    return false
                }
                for entry in entries where !withinUsed(entry.code) && !defaults.contains(entry.code) {
                    findings.append(Finding(
                        code: FindingCode.unusedCode, severity: .note,
                        message: "\(section.singular) '\(entry.code)' is tested by no condition: flows may say it, but no rule tells it apart",
                        location: entry.location, involved: [Finding.Involved(id: entry.code, cite: nil, location: entry.location)]))
                }
            }
        }
        return findings
    }

    // MARK: citations

    /// A citation names an instrument and an article (`Provisions Art. 5(4)`), or an instrument
    /// cited whole when the policy never cites it by article (a standard, a set of guidelines, a
    /// zone list), with an optional qualifier in brackets. Several are joined with `;`.
    private func citations() -> [Finding] {
        let declared = set.vocabularies.flatMap(\.instruments).map(\.code).sorted { $0.count > $1.count }
        var cited: [(text: String, what: String, id: String, location: SourceLocation, ownName: String?)] = []
        for pack in set.packs {
            for rule in pack.rules { cited.append((rule.cite, "rule", rule.id.name, rule.location, nil)) }
            for obligation in pack.obligations { cited.append((obligation.cite, "obligation", obligation.id.name, obligation.location, nil)) }
            for reclassification in pack.reclassifications {
                cited.append((reclassification.cite, "reclassification", reclassification.id.name, reclassification.location, nil))
            }
            for parameter in pack.parameters {
                for value in parameter.values { cited.append((value.cite, "parameter value", parameter.name, value.location, nil)) }
            }
        }
        for list in set.lists {
            for scenario in list.scenarios {
                for entry in scenario.entries { cited.append((entry.cite, "list entry", "\(scenario.code).\(entry.code)", entry.location, list.cite)) }
            }
        }
        let article = try? NSRegularExpression(pattern: #"^(.+?) Arts?\. [0-9]+[0-9a-z()]*(, ?[0-9]+[0-9a-z()]*)*( ?[–-] ?[0-9]+[0-9a-z()]*)?( \(.+\))?$"#)
        let qualified = try? NSRegularExpression(pattern: #"^(.+?)( \(.+\))?$"#)
        func match(_ regex: NSRegularExpression?, _ text: String) -> [String]? {
            let range = NSRange(text.startIndex..., in: text)
            guard let regex, let result = regex.firstMatch(in: text, range: range) else { return nil }
            return (0..<result.numberOfRanges).map { group in Range(result.range(at: group), in: text).map { String(text[$0]) } ?? "" }
        }
        func instrument(_ name: String) -> Bool { declared.isEmpty ? name.first?.isUppercase == true : declared.contains(name) }
        var byArticle: Set<String> = []
        for part in cited.flatMap({ Self.parts(of: $0.text) }) {
            if let groups = match(article, part) { byArticle.insert(groups[1]) }
        }
        var findings: [Finding] = []
        for item in cited {
            let bad = Self.parts(of: item.text).first { part in
                if let own = item.ownName, part.hasPrefix(own) { return false }
                if let groups = match(article, part), instrument(groups[1]) { return false }
                if let groups = match(qualified, part), declared.contains(groups[1]), !byArticle.contains(groups[1]) { return false }
                return true
            }
            guard let bad else { continue }
            let known = declared.first { bad.hasPrefix($0) }
            let why = known.map { byArticle.contains($0) ? "'\($0)' is cited by article elsewhere: name the article" : "write the article after '\($0)'" }
                ?? "it names no instrument the vocabulary declares"
            findings.append(Finding(
                code: FindingCode.malformedCitation, severity: .error,
                message: "the citation '\(bad)' of \(item.what) '\(item.id)' names no instrument and article (e.g. 'Provisions Art. 5(4)'): \(why)",
                location: item.location, involved: [Finding.Involved(id: item.id, cite: item.text, location: item.location)]))
        }
        return findings
    }

    /// The citations of a text joined with `;`, leaving a `;` inside brackets to its qualifier.
    static func parts(of text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if character == ";", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    // MARK: numbers in text

    /// A number written into a rule's explanation that a parameter holds: when the parameter
    /// changes, the text goes on saying the old law; `{name}` follows it. A title cannot take
    /// placeholders, so a number in it is reported only when a parameter the rule reads has
    /// another value on some day the rule is in force (then the title is wrong on those days).
    private func numbersInText() -> [Finding] {
        var holders: [Int: Set<String>] = [:]
        var timelines: [String: [ParameterValue]] = [:]
        for pack in set.packs {
            for parameter in pack.parameters {
                timelines[parameter.name] = parameter.values.sorted { $0.from < $1.from }
                for value in parameter.values {
                    if case .integer(let n) = value.value, n >= 1000 { holders[n, default: []].insert(parameter.name) }
                }
            }
        }
        guard !holders.isEmpty else { return [] }
        func values(of name: String, during period: Period) -> Set<Int> {
            let timeline = timelines[name] ?? []
            var result = Set<Int>()
            for (index, value) in timeline.enumerated() {
                let next = index + 1 < timeline.count ? timeline[index + 1].from : nil
                if let end = period.end, value.from > end { continue }
                if let start = period.start, let next, next <= start { continue }
                if case .integer(let n) = value.value { result.insert(n) }
            }
            return result
        }
        var findings: [Finding] = []
        for pack in set.packs {
            for rule in pack.rules {
                var reads = References()
                if let when = rule.when { reads.add(when) }
                var found: [(Int, String, SourceLocation)] = []
                for clause in rule.because?.clauses ?? [] {
                    for text in [clause.text.en, clause.text.zh] {
                        for number in Self.numbers(in: text) where holders[number] != nil && !found.contains(where: { $0.0 == number }) {
                            let names = (holders[number] ?? []).sorted()
                            found.append((number, "its explanation says \(number), a value of \(names.map { "'\($0)'" }.joined(separator: ", ")): write '{\(names[0])}' so that the text follows the parameter", clause.location))
                        }
                    }
                }
                if let title = rule.title {
                    for text in [title.en, title.zh] {
                        for number in Self.numbers(in: text) where !found.contains(where: { $0.0 == number }) {
                            for name in (holders[number] ?? []).sorted() where reads.parameters.contains(name) {
                                let other = values(of: name, during: rule.period).subtracting([number]).sorted()
                                guard let first = other.first else { continue }
                                found.append((number, "its title says \(number), but '\(name)', which it reads, is \(first) on other days it is in force", rule.location))
                                break
                            }
                        }
                    }
                }
                for (_, message, location) in found {
                    findings.append(Finding(
                        code: FindingCode.numberInText, severity: .warning, message: "rule '\(rule.id.name)': \(message)",
                        location: location, involved: [Finding.Involved(id: rule.id.name, cite: rule.cite, location: rule.location)]))
                }
            }
        }
        return findings
    }

    /// Numbers as the text writes them: grouped by commas, plain digits, or with 万 or 亿; placeholders in braces are skipped.
    static func numbers(in text: String) -> [Int] {
        var outside = ""
        var depth = 0
        for character in text {
            if character == "{" { depth += 1 }
            outside.append(depth > 0 ? " " : character)
            if character == "}" { depth = max(0, depth - 1) }
        }
        guard let regex = try? NSRegularExpression(pattern: #"(?<![0-9.])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(万|亿)?"#) else { return [] }
        let range = NSRange(outside.startIndex..., in: outside)
        return regex.matches(in: outside, range: range).compactMap { match in
            guard let digits = Range(match.range(at: 1), in: outside).map({ outside[$0].replacingOccurrences(of: ",", with: "") }),
                  var value = Int(digits) else { return nil }
            if let unit = Range(match.range(at: 2), in: outside).map({ String(outside[$0]) }) { value *= unit == "万" ? ChineseUnits.wan : ChineseUnits.yi }
            return value
        }
    }
}

/// The names a policy set refers to: parameters, obligations, counters and codes.
struct References {
    var parameters: Set<String> = []
    var obligations: Set<String> = []
    var counters: Set<String> = []
    var codes: Set<String> = []

    mutating func add(pack: Pack) {
        for rule in pack.rules {
            if let when = rule.when { add(when) }
            obligations.formUnion(rule.obligations.map(\.name))
            add(rule.because)
            if let title = rule.title { addPlaceholders(title.en); addPlaceholders(title.zh) }
        }
        for counter in pack.counters { add(counter.counts) }
        for reclassification in pack.reclassifications { add(reclassification.when) }
        if let counting = pack.counting {
            parameters.insert(counting.window.name)
            if let exempted = counting.exemptedTransfersCount { parameters.insert(exempted.name) }
        }
    }

    mutating func add(list: DataList) {
        for condition in [list.eligible, list.appliesTo, list.unless].compactMap({ $0 }) { add(condition) }
        obligations.formUnion(list.obligations.map(\.name))
        obligations.formUnion(list.scenarioObligations.map(\.name))
        add(list.because)
        for scenario in list.scenarios {
            if let sector = scenario.sector { codes.insert(sector.name) }
            for entry in scenario.entries {
                if let when = entry.when { add(when) }
                obligations.formUnion(entry.obligations.map(\.name))
            }
        }
    }

    mutating func add(_ explanation: Explanation?) {
        for clause in explanation?.clauses ?? [] {
            if let when = clause.when { add(when) }
            addPlaceholders(clause.text.en)
            addPlaceholders(clause.text.zh)
        }
    }

    mutating func addPlaceholders(_ text: String) {
        var name: String?
        for character in text {
            if character == "{" {
                name = ""
            } else if character == "}" {
                if let found = name { addName(found) }
                name = nil
            } else if name != nil {
                name?.append(character)
            }
        }
    }

    /// A placeholder or field: a parameter, or a counter under one of its prefixes.
    private mutating func addName(_ name: String) {
        for prefix in Fields.counterPrefixes where name.hasPrefix(prefix + ".") {
            counters.insert(String(name.dropFirst(prefix.count + 1)))
            return
        }
        parameters.insert(name)
    }

    mutating func add(_ condition: Condition) {
        switch condition {
        case .all(let parts, _), .any(let parts, _): for part in parts { add(part) }
        case .not(let part, _): add(part)
        case .items(_, let part, _, _): add(part)
        case .parameter(let name, _): parameters.insert(name)
        case .field(let path, let tests):
            for prefix in Fields.counterPrefixes where path.name.hasPrefix(prefix + ".") {
                counters.insert(String(path.name.dropFirst(prefix.count + 1)))
            }
            for test in tests {
                switch test.kind {
                case .equals(let literal): codes.insert(literal.scalar.text)
                case .oneOf(let literals), .notIn(let literals), .within(let literals): codes.formUnion(literals.map(\.scalar.text))
                case .atLeast(let amount), .below(let amount), .above(let amount), .atMost(let amount):
                    if case .parameter(let name, _) = amount { parameters.insert(name) }
                case .present: break
                }
            }
        }
    }
}
