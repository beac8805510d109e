import XBorder

/// The old policy set with exactly one change of the new one made to it, so that what that
/// change alone does to decisions can be proved apart from the others.
///
/// Nil when the change cannot stand alone in the model (a vocabulary code, a pack's own fields):
/// those are judged only as part of the whole new set.
struct Isolation {
    let old: PolicySet
    let new: PolicySet

    func applying(_ change: PolicyChange) -> PolicySet? {
        var set = old
        switch change.kind {
        case .rule:
            guard put(\.rules, change.id, id: \.id.name, in: &set) else { return nil }
        case .parameter:
            guard put(\.parameters, change.id, id: \.name, in: &set) else { return nil }
        case .counter:
            guard put(\.counters, change.id, id: \.name, in: &set) else { return nil }
        case .reclassification:
            guard put(\.reclassifications, change.id, id: \.id.name, in: &set) else { return nil }
        case .list:
            let replacement = new.lists.first { $0.id.name == change.id }
            if !Self.replace(&set.lists, { $0.id.name == change.id }, with: replacement), let replacement { set.lists.append(replacement) }
        case .listEntry:
            return applyingEntry(change.id, to: set)
        case .catalogEntry:
            let home = new.catalogs.first { $0.entries.contains { $0.code == change.id } }
            let replacement = home?.entries.first { $0.code == change.id }
            var found = false
            for c in set.catalogs.indices where Self.replace(&set.catalogs[c].entries, { $0.code == change.id }, with: replacement) { found = true }
            if !found, let replacement {
                guard let c = set.catalogs.firstIndex(where: { $0.id == home?.id }) else { return nil }
                set.catalogs[c].entries.append(replacement)
            }
        case .obligation, .vocabulary, .pack:
            return nil
        }
        return set
    }

    /// Puts the new set's element of that id where the old one stood (the order of rules is the
    /// order of the report), removes it when the new set has none, or adds it to the pack that
    /// holds it in the new set; false when that pack is not in the old set.
    private func put<Element>(_ path: WritableKeyPath<Pack, [Element]>, _ name: String, id: (Element) -> String, in set: inout PolicySet) -> Bool {
        let home = new.packs.first { $0[keyPath: path].contains { id($0) == name } }
        let replacement = home?[keyPath: path].first { id($0) == name }
        var found = false
        for p in set.packs.indices where Self.replace(&set.packs[p][keyPath: path], { id($0) == name }, with: replacement) { found = true }
        guard !found, let replacement else { return true }
        guard let p = set.packs.firstIndex(where: { $0.id == home?.id }) else { return false }
        set.packs[p][keyPath: path].append(replacement)
        return true
    }

    /// Replaces the matching element in place, or removes it when there is no replacement.
    private static func replace<Element>(_ elements: inout [Element], _ matches: (Element) -> Bool, with replacement: Element?) -> Bool {
        guard let index = elements.firstIndex(where: matches) else { return false }
        if let replacement { elements[index] = replacement } else { elements.remove(at: index) }
        return true
    }

    /// `list/scenario/code`: one category or entry of one scenario of a list, as in the new set.
    private func applyingEntry(_ id: String, to set: PolicySet) -> PolicySet? {
        let parts = id.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3,
              let l = set.lists.firstIndex(where: { $0.id.name == parts[0] }),
              let s = set.lists[l].scenarios.firstIndex(where: { $0.code == parts[1] }),
              let newScenario = new.lists.first(where: { $0.id.name == parts[0] })?.scenarios.first(where: { $0.code == parts[1] })
        else { return nil }
        var set = set
        let code = parts[2]
        var scenario = set.lists[l].scenarios[s]
        let inCategories = scenario.categories.contains { $0.code == code } || newScenario.categories.contains { $0.code == code }
        if inCategories {
            scenario.categories.removeAll { $0.code == code }
            if let entry = newScenario.categories.first(where: { $0.code == code }) { scenario.categories.append(entry) }
        } else {
            scenario.entries.removeAll { $0.code == code }
            if let entry = newScenario.entries.first(where: { $0.code == code }) { scenario.entries.append(entry) }
        }
        set.lists[l].scenarios[s] = scenario
        return set
    }
}
