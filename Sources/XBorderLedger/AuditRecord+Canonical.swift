import Crypto
import Foundation
import XBorder

/// The record's one stored form, RFC 8785 canonical JSON, and the hash over it.
extension AuditRecord {
    /// The record as RFC 8785 canonical JSON, exactly as stored and hashed.
    ///
    /// One fixed, standard encoding is what lets anyone recompute the hash from the stored
    /// text with tools of their own (`docs/ledger-and-audit.md` lists the fields).
    public func canonicalJSON() throws -> String {
        try canonicalValue().text
    }

    /// The hash this record should carry: `sha256:` + hex SHA-256 over the UTF-8 bytes of the
    /// canonical JSON of the record with `hash` set to `""` (and `previousHash` as it is).
    public func computedHash() throws -> String {
        var unsealed = self
        unsealed.hash = ""
        return "sha256:" + Hex.string(SHA256.hash(data: Data(try unsealed.canonicalJSON().utf8)))
    }

    /// Decodes one stored record, so verification and queries read records the same way.
    public static func decode(canonical text: String) throws -> AuditRecord {
        try JSONDecoder().decode(AuditRecord.self, from: Data(text.utf8))
    }

    /// The JSON tree the canonical text is printed from. Optional fields that are nil are left
    /// out, as the decoder expects; every number is checked to fit JCS's exact range.
    func canonicalValue() throws(LedgerError) -> CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "version": try .checked(version, field: "version"),
            "kind": .string(kind.rawValue),
            "sequence": try .checked(Int(sequence), field: "sequence"),
            "decisionID": .string(decisionID),
            "recordedAt": .string(recordedAt),
            "flowID": .string(flowID),
            "flowDigest": .string(flowDigest),
            "masked": .bool(masked),
            "exporter": .string(exporter),
            "policyDigest": .string(policyDigest),
            "packs": .array(packs.map { pack in
                var object: [String: CanonicalJSON] = ["id": .string(pack.id)]
                if let version = pack.version { object["version"] = .string(version) }
                return .object(object)
            }),
            "rulesDate": .string(rulesDate),
            "outcome": .string(outcome),
            "rules": .array(rules.map { rule in
                var object: [String: CanonicalJSON] = ["id": .string(rule.id), "cite": .string(rule.cite)]
                if let outcome = rule.outcome { object["outcome"] = .string(outcome) }
                return .object(object)
            }),
            "obligations": .array(obligations.map { .object(["id": .string($0.id), "cite": .string($0.cite)]) }),
            "ledger": .string(ledger.rawValue),
            "toolVersion": .string(toolVersion),
            "previousHash": .string(previousHash),
            "hash": .string(hash),
        ]
        var counterMembers: [String: CanonicalJSON] = [:]
        for (name, use) in counters {
            counterMembers[name] = .object([
                "prior": try .checked(use.prior, field: "prior of \(name)"),
                "flow": try .checked(use.flow, field: "flow figure of \(name)"),
                "total": try .checked(use.total, field: "total of \(name)"),
                "source": .string(use.source.rawValue),
            ])
        }
        members["counters"] = .object(counterMembers)
        if let flow { members["flow"] = .string(flow) }
        if let bundle { members["bundle"] = .object(["digest": .string(bundle.digest), "signer": .string(bundle.signer)]) }
        if let source { members["source"] = .string(source) }
        if let transfer {
            var persons: [String: CanonicalJSON] = [:]
            for (name, count) in transfer.persons {
                persons[name] = try .checked(count, field: "persons of \(name)")
            }
            members["transfer"] = .object([
                "key": .string(transfer.key),
                "exporterKey": .string(transfer.exporterKey),
                "date": .string(transfer.date),
                "counted": .bool(transfer.counted),
                "persons": .object(persons),
            ])
        }
        return .object(members)
    }
}
