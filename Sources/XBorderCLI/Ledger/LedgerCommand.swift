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
            let (location, exporter, year) = (db, exporter, year)
            let rows = try LedgerCommand.reportingErrors {
                try LedgerCommand.existing(location) { try await $0.volumes(exporter: exporter, year: year) }
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
            let (location, file) = (db, file)
            let summary = try LedgerCommand.reportingErrors {
                try LedgerCommand.using(location) { try await $0.importTransfers(path: file, toolVersion: ToolInfo.version) }
            }
            print("imported \(summary.entries) transfers from \(summary.path): "
                + "\(summary.recorded) new, \(summary.updated) updated, \(summary.unchanged) unchanged")
        }
    }

    /// Opens a ledger that must already exist, read-only: reading commands never create an
    /// empty database where a mistyped `--db` path points, and work on a read-only copy. A
    /// server URL is opened read-only too.
    static func existing<T: Sendable>(_ path: String, _ body: @escaping @Sendable (any LedgerStore) async throws -> T) throws -> T {
        if !LedgerStores.isURL(path), !FileManager.default.fileExists(atPath: path) {
            FileHandle.standardError.write(Data("error: no ledger at '\(path)'; record decisions with 'xborder check --record' or pass --db\n".utf8))
            throw ExitCode(2)
        }
        return try using(path, readOnly: true, body)
    }

    /// Opens the store at `location`, runs `body` on it and closes it, whatever `body` does.
    static func using<T: Sendable>(
        _ location: String, readOnly: Bool = false, _ body: @escaping @Sendable (any LedgerStore) async throws -> T
    ) throws -> T {
        try Blocking.run {
            let store = try await LedgerStores.open(location, readOnly: readOnly)
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
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
