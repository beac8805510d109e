import XBorder

/// A policy set as it stands on one day: what is not in force that day left out, each
/// parameter reduced to its value that day, the dates themselves left out. Two sets with the
/// same fingerprint on a day compile to the same decisions on that day, so the solver need not
/// be asked about it.
///
/// Sound because the compiler reads nothing else of the set for that day: a rule, list or
/// reclassification is in force on a day by its own period, and a parameter by its dated values.
enum DayFingerprint {
    static func of(_ set: PolicySet, on day: Day) -> String {
        var set = set
        set.digest = ""
        for p in set.packs.indices {
            var pack = set.packs[p]
            pack.period = Period()
            pack.acknowledgements = []
            pack.rules = pack.rules.filter { $0.period.contains(day) }.map { rule in
                var rule = rule
                rule.period = Period()
                return rule
            }
            pack.reclassifications = pack.reclassifications.filter { $0.period.contains(day) }.map { reclassification in
                var reclassification = reclassification
                reclassification.period = Period()
                return reclassification
            }
            pack.parameters = pack.parameters.map { parameter in
                var parameter = parameter
                let current = parameter.values.filter { $0.from <= day }.max { $0.from < $1.from }
                parameter.values = current.map { value in
                    var value = value
                    value.from = Day(ordinal: 0)
                    value.cite = ""
                    return [value]
                } ?? []
                return parameter
            }
            set.packs[p] = pack
        }
        set.lists = set.lists.filter { $0.period.contains(day) }.map { list in
            var list = list
            list.period = Period()
            list.acknowledgements = []
            return list
        }
        return Fingerprint.decision(set)
    }
}
