import ArgumentParser
import Foundation
import XBorderLedger

/// `xborder ledger`: look at and feed the ledger of yearly export volumes.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Show or import the ledger of exported persons per exporter and year.",
        subcommands: [Show.self, Import.self])

    /// Where the CLI keeps the database unless told otherwise: next to the work, not in a
    /// hidden system folder, so it is backed up and reviewed with the project.
    static let defaultDatabase = ".xborder/xborder.db"

    enum Format: String, ChoiceArgument {
        case text, json
    }

    /// `xborder ledger show [EXPORTER] [--year N]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Persons exported per exporter, calendar year and counter.")

        @Argument(help: "Only this exporter (credit code or name).")
        var exporter: String?

        @Option(help: "Only this calendar year.")
        var year: Int?

        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            let rows = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(db).volumes(exporter: exporter, year: year)
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            case .text:
                if rows.isEmpty {
                    print("no transfers recorded")
                    return
                }
                let header = ["exporter", "year", "counter", "counted persons", "transfers", "uncounted persons"]
                let lines = rows.map { row in
                    [row.exporter, String(row.year), row.counter, String(row.countedPersons),
                     String(row.transfers), String(row.uncountedPersons)]
                }
                print(LedgerCommand.table([header] + lines, rightAligned: [1, 3, 4, 5]))
            }
        }
    }

    /// `xborder ledger import FILE`
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import past transfers from CSV or JSON Lines (all or nothing).",
            discussion: """
                CSV header: flow_id,exporter,date,counted[,outcome] plus one column per counter, \
                for example personal,sensitive. JSON Lines: one object per line with flowID, \
                exporter, date, persons, counted and outcome. Importing the same file twice \
                changes nothing.
                """)

        @Argument(help: "The CSV or JSON Lines file.")
        var file: String

        @Option(help: "The ledger database.")
        var db: String = LedgerCommand.defaultDatabase

        func run() throws {
            let summary = try LedgerCommand.reportingErrors {
                try Ledger(path: db).importTransfers(path: file, toolVersion: ToolInfo.version)
            }
            print("imported \(summary.entries) transfers from \(summary.path): "
                + "\(summary.recorded) new, \(summary.updated) updated, \(summary.unchanged) unchanged")
        }
    }

    /// Opens a ledger that must already exist, read-only: reading commands never create an
    /// empty database where a mistyped `--db` path points, and work on a read-only copy.
    static func existing(_ path: String) throws -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("error: no ledger at '\(path)'; record decisions with 'xborder check --record' or pass --db\n".utf8))
            throw ExitCode(2)
        }
        return try Ledger.reading(path: path)
    }

    /// Prints ledger errors as `error: …` and exits 2, so scripts can tell a broken database
    /// from a failed check; a database that cannot be written exits 3.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            if case .diskFull = error { throw ExitStatus.failure }
            throw ExitCode(2)
        }
    }

    /// Lays out rows as aligned columns for the terminal.
    ///
    /// Control characters in cells (flow ids and names are the user's text) are shown as
    /// `\u{…}`: printed raw, a NUL would hide what follows it and an escape sequence could
    /// rewrite the terminal.
    static func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let rows = rows.map { $0.map(visible) }
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// `text` with control characters written as `\u{hex}`.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
