import ArgumentParser
import Foundation
import XBorderLedger

/// `xborder audit`: check and read the tamper-evident trail of decisions.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, show or export the audit trail of decisions.",
        subcommands: [Verify.self, Show.self, Export.self, Checkpoint.self, Keygen.self])

    /// The filters `show` and `export` share.
    struct Filters: ParsableArguments {
        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        @Option(help: "Only this exporter.")
        var exporter: String?

        @Option(help: "Only this flow id.")
        var flow: String?

        @Option(help: "Only records made on or after this day (yyyy-mm-dd, utc).")
        var from: String?

        @Option(help: "Only records made on or before this day (yyyy-mm-dd, utc).")
        var to: String?

        @Option(help: "Only this outcome.")
        var outcome: String?

        @Option(help: "Only the most recent N records.")
        var limit: Int?

        var filter: AuditFilter {
            AuditFilter(exporter: exporter, flowID: flow, from: from, to: to, outcome: outcome, limit: limit)
        }
    }

    /// `xborder audit verify`
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check that no audit record was altered, removed, inserted or reordered, and that the ledger agrees with the chain.",
            discussion: """
                Reports every break, not only the first. With --checkpoint and --trust, also \
                checks that the chain still holds the head a signed checkpoint vouches for. \
                Exits 0 when intact, 1 when broken, 2 when the database, checkpoint or key \
                cannot be read. Opens the database read-only.
                """)

        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        @Option(help: ArgumentHelp("A checkpoint made by 'xborder audit checkpoint'.", valueName: "file"))
        var checkpoint: String?

        @Option(help: ArgumentHelp("The public key (KEY.pub) the checkpoint must be signed with.", valueName: "key.pub"))
        var trust: String?

        func validate() throws {
            if (checkpoint == nil) != (trust == nil) {
                throw ValidationError("--checkpoint and --trust go together: a checkpoint is only worth its signer")
            }
        }

        func run() throws {
            let result = try LedgerCommand.reportingErrors {
                let signed = try checkpoint.map { try AuditCheckpoint.read(path: $0, trustedKeyFile: trust ?? "") }
                return try LedgerCommand.existing(db) { try await $0.verifyAudit(checkpoint: signed) }
            }
            if !result.problems.isEmpty {
                for problem in result.problems { print("audit chain broken: \(problem)") }
                print("\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(result.checked) records")
                throw ExitCode(1)
            }
            if result.checked == 0 {
                print("audit chain intact: no records")
            } else {
                print("audit chain intact: \(result.checked) records, ledger agrees")
                print("last record \(result.lastSequence): \(result.lastHash)")
            }
            if let checkpoint { print("checkpoint \(checkpoint) verified") }
        }
    }

    /// `xborder audit checkpoint --key KEY --out FILE`
    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the chain's current head (sequence, hash, time) into a checkpoint file.",
            discussion: """
                Keep the checkpoint and the public key away from the database (a ticket, your \
                auditor). 'audit verify --checkpoint FILE --trust KEY.pub' then fails if the \
                chain was rewritten or cut short since. A broken chain is not signed.
                """)

        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        @Option(help: ArgumentHelp("The private key file made by 'xborder audit keygen'.", valueName: "key"))
        var key: String

        @Option(help: ArgumentHelp("Where to write the checkpoint.", valueName: "file"))
        var out: String

        func run() throws {
            let (key, out) = (key, out)
            let made = try LedgerCommand.reportingErrors { () throws -> AuditCheckpoint? in
                try LedgerCommand.existing(db) { ledger -> AuditCheckpoint? in
                    let verification = try await ledger.verifyAudit(checkpoint: nil)
                    if let problem = verification.problem {
                        FileHandle.standardError.write(Data("error: not signed: audit chain broken: \(problem)\n".utf8))
                        return nil
                    }
                    return try await AuditCheckpoint.make(ledger: ledger, keyFile: key, path: out)
                }
            }
            guard let made else { throw ExitCode(1) }
            print("checkpoint written to \(out): record \(made.sequence) \(made.hash) at \(made.time)")
        }
    }

    /// `xborder audit keygen --out KEY`
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make an Ed25519 key pair for signing checkpoints: KEY (private, 0600) and KEY.pub.",
            discussion: "Each file holds one line: the raw 32-byte key in base64. Existing files are never overwritten.")

        @Option(help: ArgumentHelp("The private key file to create; the public key goes to the same name plus .pub.", valueName: "key"))
        var out: String

        func run() throws {
            let publicPath = try LedgerCommand.reportingErrors { try SigningKeyFile.generate(path: out) }
            print("private key: \(out)")
            print("public key: \(publicPath)")
        }
    }

    /// `xborder audit show`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "List audit records, oldest first.")

        @OptionGroup var filters: Filters

        func run() throws {
            let records = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(filters.db) { [filter = filters.filter] in try await $0.auditRecords(filter: filter) }
            }
            if records.isEmpty {
                print("no audit records")
                return
            }
            let header = ["#", "recorded at", "exporter", "flow", "flow date", "outcome", "ledger"]
            let rows = records.map { record in
                [String(record.sequence), record.recordedAt, record.exporter, record.flowID,
                 record.rulesDate, record.outcome, record.ledger.rawValue]
            }
            print(LedgerCommand.table([header] + rows, rightAligned: [0]))
        }
    }

    /// `xborder audit export --format json|jsonl|csv`
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export audit records for auditors.",
            discussion: """
                json: an array of records. jsonl: one canonical record per line, exactly as \
                stored and hashed. csv: one row per record with rules, obligations and counters \
                flattened.
                """)

        enum Format: String, ChoiceArgument {
            case json, jsonl, csv
        }

        @Option(help: "json, jsonl or csv.")
        var format: Format

        @OptionGroup var filters: Filters

        func run() throws {
            let records = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(filters.db) { [filter = filters.filter] in try await $0.auditRecords(filter: filter) }
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(records), as: UTF8.self))
            case .jsonl:
                for record in records { print(try record.canonicalJSON()) }
            case .csv:
                print(Self.csvHeader.joined(separator: ","))
                for record in records {
                    print(Self.csvRow(record).map(Self.csvField).joined(separator: ","))
                }
            }
        }

        static let csvHeader = [
            "sequence", "decision_id", "recorded_at", "flow_id", "exporter", "rules_date", "outcome",
            "ledger", "rules", "obligations", "counters", "packs", "policy_digest", "flow_digest",
            "tool_version", "previous_hash", "hash", "kind", "source", "masked",
        ]

        static func csvRow(_ record: AuditRecord) -> [String] {
            let rules = record.rules.map { "\($0.id) (\($0.cite))" }.joined(separator: "; ")
            let obligations = record.obligations.map { "\($0.id) (\($0.cite))" }.joined(separator: "; ")
            let counters = record.counters.sorted { $0.key < $1.key }.map { name, use in
                "\(name): \(use.prior) + \(use.flow) = \(use.total) (\(use.source.rawValue))"
            }.joined(separator: "; ")
            let packs = record.packs.map { pack in pack.version.map { "\(pack.id)@\($0)" } ?? pack.id }
                .joined(separator: "; ")
            return [
                String(record.sequence), record.decisionID, record.recordedAt, record.flowID, record.exporter,
                record.rulesDate, record.outcome, record.ledger.rawValue, rules, obligations, counters, packs,
                record.policyDigest, record.flowDigest, record.toolVersion, record.previousHash, record.hash,
                record.kind.rawValue, record.source ?? "", record.masked ? "true" : "false",
            ]
        }

        /// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
        static func csvField(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
                return value
            }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
