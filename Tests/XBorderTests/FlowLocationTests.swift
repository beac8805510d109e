import Foundation
import Testing
@testable import XBorder

/// Every error met while reading a flow points at a line and column of the file, whatever the
/// mutation: the table holds flows broken in odd places and where each must be reported.
@Suite("Flow reading errors are always located")
struct FlowLocationTests {
    struct Mutation: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var bytes: [UInt8]
        var code: DiagnosticCode
        var line: Int
        var column: Int
        var testDescription: String { name }

        init(_ name: String, in file: String = "flow.yaml", _ text: String, _ code: DiagnosticCode, _ line: Int, _ column: Int) {
            self.init(name, in: file, bytes: Array(text.utf8), code, line, column)
        }

        init(_ name: String, in file: String = "flow.yaml", bytes: [UInt8], _ code: DiagnosticCode, _ line: Int, _ column: Int) {
            self.name = name
            self.file = file
            self.bytes = bytes
            self.code = code
            self.line = line
            self.column = column
        }
    }

    static let valid = "date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: DE}\nitems: [{name: a, class: general}]\n"

    static let mutations: [Mutation] = [
        Mutation("a flow that is a list", "- a\n- b\n", .typeMismatch, 1, 1),
        Mutation("a scalar document", "hello\n", .typeMismatch, 1, 1),
        Mutation("a null document", "~\n", .typeMismatch, 1, 1),
        Mutation("an empty document", "", .yamlSyntax, 1, 1),
        Mutation("only a comment", "# nothing\n", .yamlSyntax, 1, 1),
        Mutation("two documents", valid + "---\n" + valid, .yamlSyntax, 6, 1),
        Mutation("a key that is a list", "? [a, b]\n: 1\n", .yamlSyntax, 1, 3),
        Mutation("a key that is a mapping in JSON", in: "flow.json", "{\"date\": \"2025-06-10\",\n {\"a\": 1}: 2}\n", .jsonSyntax, 2, 2),
        Mutation("a key that is a number", valid + "1: x\n", .unknownKey, 5, 1),
        Mutation("the date as a list", valid.replacingOccurrences(of: "date: 2025-06-10", with: "date: [2025]"), .invalidValue, 1, 7),
        Mutation("the exporter as a number", valid.replacingOccurrences(of: "exporter: {ciio: false}", with: "exporter: 5"), .typeMismatch, 2, 11),
        Mutation("ciio as a list", valid.replacingOccurrences(of: "ciio: false", with: "ciio: [false]"), .typeMismatch, 2, 18),
        Mutation("the recipient as a list", valid.replacingOccurrences(of: "recipient: {country: DE}", with: "recipient: [DE]"), .typeMismatch, 3, 12),
        Mutation("the country as a mapping", valid.replacingOccurrences(of: "country: DE", with: "country: {DE: 1}"), .typeMismatch, 3, 22),
        Mutation("items as a mapping", valid.replacingOccurrences(of: "items: [{name: a, class: general}]", with: "items: {a: 1}"), .typeMismatch, 4, 8),
        Mutation("an item as a number", valid.replacingOccurrences(of: "[{name: a, class: general}]", with: "[5]"), .typeMismatch, 4, 9),
        Mutation("an item name as a list", valid.replacingOccurrences(of: "name: a,", with: "name: [a],"), .typeMismatch, 4, 16),
        Mutation("features as a mapping", valid.replacingOccurrences(of: "class: general", with: "class: general, features: {a: 1}"), .typeMismatch, 4, 45),
        Mutation("prior as a number", valid + "prior: 7\n", .typeMismatch, 5, 8),
        Mutation("prior persons as text", valid + "prior: {personal: many}\n", .typeMismatch, 5, 19),
        Mutation("a raw control character", in: "flow.yaml", "date: 2025-06-10\nexporter: {ciio: false}\nrecipient: {country: \"D\u{1}E\"}\n", .yamlSyntax, 3, 24),
        Mutation("bytes that are not UTF-8", bytes: Array("date: 2025-06-10\nid: a".utf8) + [0xFF] + Array("\n".utf8), .unreadable, 2, 6),
        Mutation("an unknown alias", valid + "id: *x\n", .yamlSyntax, 5, 5),
        Mutation("an unclosed list", "date: 2025-06-10\nitems: [\n", .yamlSyntax, 3, 1),
        Mutation("a tab for indentation", "date: 2025-06-10\n\texporter: 1\n", .yamlSyntax, 2, 1),
        Mutation("a JSON Lines line that is a list", in: "flows.jsonl", "\n[1]\n", .typeMismatch, 2, 1),
        Mutation("a JSON Lines line that is null", in: "flows.jsonl", "\n\nnull\n", .typeMismatch, 3, 1),
        Mutation("a JSON Lines line that is not UTF-8", in: "flows.jsonl", bytes: Array("\n{\"id\": \"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8), .unreadable, 2, 9),
    ]

    @Test(arguments: mutations)
    func everyErrorIsLocated(_ mutation: Mutation) throws {
        let folder = try Support.temporaryFolder()
        let path = folder.appendingPathComponent(mutation.file).path
        try Data(mutation.bytes).write(to: URL(fileURLWithPath: path))
        let entries = FlowInput().entries(for: [path])
        let diagnostics = entries.flatMap { entry -> [Diagnostic] in
            if case .failure(let list) = entry.flow { return list.diagnostics }
            return []
        }
        #expect(!diagnostics.isEmpty)
        for diagnostic in diagnostics {
            #expect(diagnostic.location.path == path)
            #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
        }
        let first = try #require(diagnostics.first)
        #expect(first.code == mutation.code, "\(diagnostics)")
        #expect(first.location.line == mutation.line && first.location.column == mutation.column, "\(diagnostics)")
    }
}
