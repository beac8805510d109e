/// Every document of a policy folder, read and checked: the input of the compiler.
public struct PolicySet: Sendable {
    public var vocabularies: [Vocabulary]
    public var packs: [Pack]
    public var lists: [DataList]
    public var catalogs: [Catalog]
    /// SHA-256 over the files' paths and bytes: the identity of the policy written into every
    /// decision and audit record.
    public var digest: String

    public init(vocabularies: [Vocabulary], packs: [Pack], lists: [DataList], catalogs: [Catalog], digest: String) {
        self.vocabularies = vocabularies
        self.packs = packs
        self.lists = lists
        self.catalogs = catalogs
        self.digest = digest
    }
}
