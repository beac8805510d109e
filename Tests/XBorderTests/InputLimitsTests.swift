import Foundation
import Testing
@testable import XBorder

@Suite("Input limits: checked before reading, on the file a path resolves to; JSON Lines streamed")
struct InputLimitsTests {
    /// A file of `size` bytes that takes no disk: a hole.
    func sparseFile(_ size: UInt64, at url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    @Test func aSymbolicLinkToAHugeFileIsRefusedBySizeOfTheTarget() throws {
        let folder = try Support.temporaryFolder()
        let huge = folder.appendingPathComponent("huge.bin")
        try sparseFile(1 << 30, at: huge)
        let link = folder.appendingPathComponent("flow.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: huge)
        #expect {
            try SourceFile.read(path: link.path)
        } throws: { error in
            guard case .tooLarge(_, let bytes, let limit)? = error as? SourceError else { return false }
            return bytes == 1 << 30 && limit == ParseLimits.standard.maxBytes
        }
    }

    /// A device claims no size and never ends: the read stops one byte past the limit.
    @Test func aReadStopsAtTheLimitWhateverTheSizeClaimed() throws {
        #expect {
            try SourceFile.read(path: "/dev/zero", limit: 1 << 20)
        } throws: { error in
            (error as? SourceError)?.reason.contains("larger than the limit") == true
        }
    }

    @Test func foldersAndMissingFilesAreUnreadable() throws {
        let folder = try Support.temporaryFolder()
        #expect(throws: SourceError.self) { try SourceFile.read(path: folder.path) }
        #expect(throws: SourceError.self) { try SourceFile.read(path: folder.appendingPathComponent("none.yaml").path) }
        let text = "date: 2025-06-10\n"
        let file = folder.appendingPathComponent("f.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try SourceFile.read(path: file.path).text == text)
        #expect(try SourceFile.read(path: file.path, limit: text.utf8.count).text == text)
        #expect(throws: SourceError.self) { try SourceFile.read(path: file.path, limit: text.utf8.count - 1) }
    }

    // MARK: streaming lines

    func lines(_ text: String, maxLineBytes: Int = 1 << 20, chunk: Int) throws -> [(Int, String)] {
        let folder = try Support.temporaryFolder()
        let file = folder.appendingPathComponent("lines.jsonl")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        var stream = LineStream(fd: fd, maxLineBytes: maxLineBytes, chunk: chunk)
        var found: [(Int, String)] = []
        while let (number, line) = stream.next() {
            switch line {
            case .text(let text): found.append((number, text))
            case .tooLong: found.append((number, "<too long>"))
            case .notUTF8: found.append((number, "<not UTF-8>"))
            case .unreadable, .fileTooLarge: found.append((number, "<error>"))
            }
        }
        return found
    }

    /// What the stream must agree with: split on line feeds, numbered, blank lines left out.
    func expected(_ text: String) -> [(Int, String)] {
        // By bytes: "\r\n" is one Character, and a line feed ends a line whatever precedes it.
        Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) ? nil : (index + 1, String(decoding: line, as: UTF8.self))
        }
    }

    @Test(arguments: [16, 17, 64, 1 << 16])
    func linesAreNumberedAcrossChunkBoundaries(chunk: Int) throws {
        let text = "\n\n  {\"a\": 1}\n\n\r\n \t \n{\"b\": \"中文 text that is longer than one chunk of sixteen bytes\"}\r\n\n   \n{\"c\": 3}"
        let found = try lines(text, chunk: chunk)
        #expect(found.map(\.0) == expected(text).map(\.0))
        #expect(found.map(\.1) == expected(text).map(\.1))
    }

    @Test func randomTextAgreesWithSplitting() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["\n", "\n", " ", "\t", "\r\n", "x", "{\"k\": 1}", "é", "中"]
        for _ in 0..<50 {
            let text = (0..<Int.random(in: 0...80, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let found = try lines(text, chunk: 16)
            #expect(found.map(\.0) == expected(text).map(\.0), "\(text.debugDescription)")
            #expect(found.map(\.1) == expected(text).map(\.1), "\(text.debugDescription)")
        }
    }

    @Test func aLineLongerThanTheLimitIsSkippedNotKept() throws {
        let long = String(repeating: "x", count: 1000)
        let found = try lines("{\"a\": 1}\n\(long)\n{\"b\": 2}\n\(long)", maxLineBytes: 100, chunk: 16)
        #expect(found.map(\.0) == [1, 2, 3, 4])
        #expect(found.map(\.1) == ["{\"a\": 1}", "<too long>", "{\"b\": 2}", "<too long>"])
        // Exactly the limit is kept; a line of spaces longer than it is still blank.
        let exact = String(repeating: "y", count: 100)
        #expect(try lines("\(exact)\n\(String(repeating: " ", count: 500))\nz", maxLineBytes: 100, chunk: 16).map(\.1) == [exact, "z"])
    }

    @Test func invalidUTF8IsOneBadLine() throws {
        let folder = try Support.temporaryFolder()
        let file = folder.appendingPathComponent("bad.jsonl")
        try (Data("{\"a\": 1}\n".utf8) + [0xFF, 0xFE, 0x0A] + Data("{\"b\": 2}\n".utf8)).write(to: file)
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        var stream = LineStream(fd: fd, maxLineBytes: 100)
        var kinds: [String] = []
        while let (number, line) = stream.next() {
            if case .notUTF8 = line { kinds.append("\(number):bad") } else { kinds.append("\(number):ok") }
        }
        #expect(kinds == ["1:ok", "2:bad", "3:ok"])
    }

    /// Millions of blank lines cost a pass over their bytes, hold no memory, and the flow after
    /// them is still reported at its line.
    @Test func blankLinesAreSkippedAndCounted() throws {
        let folder = try Support.temporaryFolder()
        let file = folder.appendingPathComponent("blank.jsonl")
        let blank = 4_000_000
        var data = Data(repeating: 0x0A, count: blank)
        data.append(Data(#"{"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "a", "class": "general"}]}"#.utf8))
        try data.write(to: file)
        let entries = FlowInput().entries(for: [file.path])
        #expect(entries.count == 1)
        #expect(entries.first?.label == "\(file.path):\(blank + 1)")
        guard case .success(let located)? = entries.first?.flow else {
            Issue.record("the flow after the blank lines should read")
            return
        }
        #expect(located.locations.root.line == blank + 1)
    }

    @Test func aFileOfOnlyBlankLinesHoldsNoFlows() throws {
        let folder = try Support.temporaryFolder()
        let file = folder.appendingPathComponent("empty.jsonl")
        try "\n \n\t\n".write(to: file, atomically: true, encoding: .utf8)
        let entries = FlowInput().entries(for: [file.path])
        #expect(entries.count == 1)
        guard case .failure(let list)? = entries.first?.flow else {
            Issue.record("an empty inventory is an error")
            return
        }
        #expect(list.diagnostics.first?.code == .unreadable)
    }
}
