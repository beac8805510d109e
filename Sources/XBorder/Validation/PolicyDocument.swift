/// One policy file, read into the model.
public enum PolicyDocument: Sendable {
    case vocabulary(Vocabulary)
    case pack(Pack)
    case list(DataList)
    case catalog(Catalog)
}
