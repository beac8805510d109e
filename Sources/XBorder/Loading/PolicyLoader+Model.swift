extension PolicyLoader {
    /// A policy folder as its authors wrote it, beside its compiled form.
    ///
    /// Compilation lowers conditions to instructions and numbers every code, which is right for
    /// deciding but loses what a reader needs: the condition's shape, the parameters' notes, the
    /// lists' categories. Tools that show the law itself (the handbook) read the model.
    public struct Model: Sendable {
        public var set: PolicySet
        public var policy: CompiledPolicy
    }

    /// Loads a folder and, when it compiles without error, reads its documents again into the
    /// model; nil model when the folder has errors (the result says which).
    public func loadModel(directory: String) -> (model: Model?, result: Result) {
        let result = load(directory: directory)
        guard let policy = result.policy else { return (nil, result) }
        var set = PolicySet(vocabularies: [], packs: [], lists: [], catalogs: [], digest: policy.digest)
        let parser = YAMLParser(limits: limits)
        for source in result.sources {
            // The folder compiled, so every file parses and reads; a failure here cannot happen
            // short of the file changing under us, and then the model is refused.
            guard let node = try? parser.parseDocument(source) else { return (nil, result) }
            var reader = PolicyReader()
            switch reader.read(node) {
            case .vocabulary(let v)?: set.vocabularies.append(v)
            case .pack(let p)?: set.packs.append(p)
            case .list(let l)?: set.lists.append(l)
            case .catalog(let c)?: set.catalogs.append(c)
            case nil: return (nil, result)
            }
        }
        return (Model(set: set, policy: policy), result)
    }
}
