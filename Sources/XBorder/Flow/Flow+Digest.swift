import Crypto
import Foundation

extension Flow {
    /// The flow as canonical JSON (sorted keys, no whitespace): what the audit record keeps and
    /// what its digest is taken over, so that the same flow always has the same digest.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `sha256:` and the hex digest of the canonical JSON.
    public var digest: String {
        "sha256:" + SHA256.hash(data: Data(canonicalJSON().utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The flow with the names people wrote replaced, for audit trails shared with third
    /// parties. Identifiers that the ledger needs (the exporter's credit code) are kept.
    public func masked() -> Flow {
        var copy = self
        if copy.exporter.name != nil { copy.exporter.name = "(masked)" }
        if copy.recipient.name != nil { copy.recipient.name = "(masked)" }
        copy.items = copy.items.enumerated().map { index, item in
            var item = item
            item.name = "item \(index + 1)"
            return item
        }
        return copy
    }
}
