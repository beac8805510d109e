extension CompilerState {
    /// An acknowledgement must name things that exist: one naming a misspelt rule would silence
    /// nothing and mislead the reviewer who reads it.
    mutating func acknowledgements() {
        var known = Set(ruleIndex.keys)
        for list in set.lists { known.insert(list.id.name) }
        for vocabulary in set.vocabularies { known.insert(vocabulary.id) }
        for pack in set.packs {
            for parameter in pack.parameters { known.insert(parameter.name) }
            for obligation in pack.obligations { known.insert(obligation.id.name) }
            for counter in pack.counters { known.insert(counter.name) }
            for reclassification in pack.reclassifications { known.insert(reclassification.id.name) }
            known.insert(pack.id)
        }
        let all = set.packs.flatMap(\.acknowledgements) + set.lists.flatMap(\.acknowledgements)
        let names = Array(known)
        for acknowledgement in all {
            for id in acknowledgement.ids where !known.contains(id.name) {
                bag.error(.undefinedReference, "acknowledgement of '\(acknowledgement.finding.name)' names unknown id '\(id.name)'", at: id.location,
                          help: hints.help(for: id.name, among: names))
            }
        }
    }
}
