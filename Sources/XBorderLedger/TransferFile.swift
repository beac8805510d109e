import Foundation

/// Reads a file of past transfers (CSV or JSON Lines) into ledger entries, checking every line
/// before anything is written so that a bad line rejects the whole file with its line number.
///
/// CSV header: `flow_id,exporter,date,counted[,outcome]` plus one column per counter (for
/// example `personal,sensitive`), in any order. Empty counter cells mean "no figure".
/// JSON Lines: one ``LedgerEntry`` object per line; blank lines are skipped.
public enum TransferFile {
    /// Entries with the line each came from, for error messages during the write.
    public struct Line: Sendable {
        public var number: Int
        public var entry: LedgerEntry
    }

    private static let required = ["flow_id", "exporter", "date", "counted"]
    private static let optional = ["outcome"]

    public static func read(path: String) throws(LedgerError) -> [Line] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path: path, reason: "no such file or not readable")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw .cannotRead(path: path, reason: "not utf-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Split on "\n" only and drop a trailing "\r": String treats "\r\n" as one Character.
        let rawLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { scalars -> String in
                var line = String(String.UnicodeScalarView(scalars))
                if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
                return line
            }
        let lines = try isJSONLines(path: path, lines: rawLines)
            ? readJSONLines(path: path, lines: rawLines)
            : readCSV(path: path, lines: rawLines)
        var seen: [String: Int] = [:]
        for line in lines {
            try line.entry.validateForImport(path: path, line: line.number)
            if let first = seen[line.entry.flowID] {
                throw .malformedImport(
                    path: path, line: line.number,
                    reason: "flow id \(line.entry.flowID) already appears on line \(first)")
            }
            seen[line.entry.flowID] = line.number
        }
        return lines
    }

    private static func isJSONLines(path: String, lines: [String]) -> Bool {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".json") {
            return true
        }
        if lowered.hasSuffix(".csv") { return false }
        let first = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return first?.trimmingCharacters(in: .whitespaces).hasPrefix("{") ?? false
    }

    private static func readJSONLines(path: String, lines: [String]) throws(LedgerError) -> [Line] {
        let decoder = JSONDecoder()
        var result: [Line] = []
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            do {
                let entry = try decoder.decode(LedgerEntry.self, from: Data(line.utf8))
                result.append(Line(number: number, entry: entry))
            } catch let error as DecodingError {
                throw .malformedImport(path: path, line: number, reason: describe(error))
            } catch {
                throw .malformedImport(path: path, line: number, reason: "not a transfer object")
            }
        }
        return result
    }

    /// Words a decoding failure without the decoder's type names, which mean nothing to the
    /// person who wrote the file.
    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing field '\(field(context.codingPath + [key]))'"
        case let .valueNotFound(_, context):
            return "field '\(field(context.codingPath))' is null"
        case let .typeMismatch(_, context):
            let name = field(context.codingPath)
            return name.isEmpty ? "not a transfer object" : "field '\(name)' has the wrong kind of value"
        case let .dataCorrupted(context):
            let name = field(context.codingPath)
            return name.isEmpty ? "not valid json" : "field '\(name)' is not valid"
        @unknown default:
            return "not a transfer object"
        }
    }

    private static func readCSV(path: String, lines: [String]) throws(LedgerError) -> [Line] {
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .malformedImport(path: path, line: 1, reason: "the file is empty; expected a header line")
        }
        let headerNumber = headerIndex + 1
        let header = try fields(of: lines[headerIndex], path: path, line: headerNumber)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            guard !name.isEmpty else {
                throw .malformedImport(path: path, line: headerNumber, reason: "column \(position + 1) has no name")
            }
            guard column[name] == nil else {
                throw .malformedImport(path: path, line: headerNumber, reason: "column \(name) appears twice")
            }
            column[name] = position
        }
        for name in required where column[name] == nil {
            throw .malformedImport(
                path: path, line: headerNumber,
                reason: "missing column \(name) (header must have flow_id,exporter,date,counted and counter columns)")
        }
        let counters = header.filter { !required.contains($0) && !optional.contains($0) }
        guard !counters.isEmpty else {
            throw .malformedImport(
                path: path, line: headerNumber, reason: "no counter columns (for example personal,sensitive)")
        }

        var result: [Line] = []
        for index in lines.indices where index > headerIndex {
            let number = index + 1
            if lines[index].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells = try fields(of: lines[index], path: path, line: number)
            guard cells.count == header.count else {
                throw .malformedImport(
                    path: path, line: number, reason: "\(cells.count) fields where the header has \(header.count)")
            }
            func cell(_ name: String) -> String? {
                column[name].map { cells[$0].trimmingCharacters(in: .whitespaces) }
            }
            let countedText = (cell("counted") ?? "").lowercased()
            let counted: Bool
            switch countedText {
            case "true", "yes", "1", "y": counted = true
            case "false", "no", "0", "n": counted = false
            default:
                throw .malformedImport(
                    path: path, line: number, reason: "counted must be true or false, not '\(countedText)'")
            }
            var persons: [String: Int] = [:]
            for counter in counters {
                guard let text = cell(counter), !text.isEmpty else { continue }
                if Int(text) == nil, text.allSatisfy(\.isASCII), text.drop(while: { $0 == "-" }).allSatisfy(\.isNumber) {
                    throw .malformedImport(
                        path: path, line: number,
                        reason: "\(counter) '\(text)' is out of range (0 to \(LedgerEntry.maximumImportedPersons))")
                }
                guard let value = Int(text) else {
                    throw .malformedImport(
                        path: path, line: number, reason: "\(counter) must be a whole number, not '\(text)'")
                }
                persons[counter] = value
            }
            let outcome = cell("outcome").flatMap { $0.isEmpty ? nil : $0 } ?? LedgerEntry.importedOutcome
            let entry = LedgerEntry(
                flowID: cell("flow_id") ?? "", exporter: cell("exporter") ?? "", date: cell("date") ?? "",
                persons: persons, counted: counted, outcome: outcome)
            result.append(Line(number: number, entry: entry))
        }
        return result
    }

    /// Splits one CSV line (RFC 4180 quoting, so exporter names may contain commas).
    private static func fields(of line: String, path: String, line number: Int) throws(LedgerError) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var atFieldStart = true
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote inside quotes is a literal quote; a single one closes.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "," {
                fields.append(current)
                current = ""
                atFieldStart = true
                continue
            } else if character == "\"" && atFieldStart {
                quoted = true
            } else {
                current.append(character)
            }
            atFieldStart = false
        }
        if quoted {
            throw .malformedImport(path: path, line: number, reason: "a quoted field is not closed")
        }
        fields.append(current)
        return fields
    }
}

extension LedgerEntry {
    /// Entry checks reworded with the file and line, so the person importing can fix the file.
    func validateForImport(path: String, line: Int) throws(LedgerError) {
        for (counter, count) in persons.sorted(by: { $0.key < $1.key }) where count > Self.maximumImportedPersons {
            throw .malformedImport(
                path: path, line: line,
                reason: "\(counter) of flow \(flowID) is \(count), above the largest figure an import accepts "
                    + "(\(Self.maximumImportedPersons))")
        }
        do {
            try validate()
        } catch {
            let reason: String
            switch error {
            case let .invalidEntry(text), let .overflow(text): reason = text
            default: reason = error.description
            }
            throw .malformedImport(path: path, line: line, reason: reason)
        }
    }
}
