import ArgumentParser
import Foundation
import XBorderLedger

/// `xborder audit`: check and read the tamper-evident trail of decisions.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, show or export the audit trail of decisions.",
        subcommands: [Verify.self, Show.self, Export.self])

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
            abstract: "Check that no audit record was altered, removed, inserted or reordered.",
            discussion: "Exits 0 when the chain is intact, 1 naming the first bad record, 2 on other errors.")

        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        func run() throws {
            let result = try LedgerCommand.reportingErrors { try LedgerCommand.existing(db).verifyAudit() }
            if let problem = result.problem {
                print("audit chain broken: \(problem)")
                print("records 1 to \(result.lastSequence) are intact")
                throw ExitCode(1)
            }
            if result.checked == 0 {
                print("audit chain intact: no records")
            } else {
                print("audit chain intact: \(result.checked) records")
                print("last record \(result.lastSequence): \(result.lastHash)")
            }
        }
    }

    /// `xborder audit show`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit records, oldest first.")

        @OptionGroup var filters: Filters

        func run() throws {
            let records = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(filters.db).auditRecords(filter: filters.filter)
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
            abstract: "Export audit records for auditors.",
            discussion: """
                json: an array of records. jsonl: one canonical record per line, exactly as \
                stored and hashed. csv: one row per record with rules, obligations and counters \
                flattened.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case json, jsonl, csv
        }

        @Option(help: "json, jsonl or csv.")
        var format: Format

        @OptionGroup var filters: Filters

        func run() throws {
            let records = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(filters.db).auditRecords(filter: filters.filter)
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
            "tool_version", "previous_hash", "hash",
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
