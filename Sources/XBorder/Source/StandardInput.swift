import Foundation

/// Standard input, looked at before it is read: `xborder check -` takes JSON Lines (one flow per
/// line, streamed) or one JSON document over several lines (a pretty-printed flow).
public enum StandardInput {
    /// The bytes read so far and what they begin.
    public struct Sniffed: Sendable {
        public var bytes: [UInt8]
        /// The first line is the start of a value that goes on over later lines: the whole input
        /// (read to its end) is one document.
        public var isOneDocument: Bool
    }

    /// Reads up to the end of the first line that is not blank. If that line is an unfinished
    /// JSON value (`{` alone, as a pretty-printer writes it), reads on to the end, at most
    /// `limit + 1` bytes, and calls the input one document; else it is JSON Lines, streamed from
    /// what was read.
    public static func sniff(limit: Int, fd: Int32 = STDIN_FILENO) -> Sniffed {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lineEnd: Int?
        var searched = 0
        var sawText = false
        while lineEnd == nil, bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { BoundedFile.read(fd, into: $0, count: $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            // The first line break after something that is not whitespace; each byte is looked at once.
            for i in searched..<bytes.count {
                let byte = bytes[i]
                if byte == 0x0A {
                    if sawText {
                        lineEnd = i
                        break
                    }
                } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                    sawText = true
                }
            }
            searched = bytes.count
        }
        guard let lineEnd else { return Sniffed(bytes: bytes, isOneDocument: false) }
        let unfinished = bytes.withUnsafeBufferPointer { all -> Bool in
            let line = UnsafeBufferPointer(rebasing: all[0..<lineEnd])
            do throws(Diagnostic) {
                _ = try JSONParser().parseDocument(line, path: FlowReader.standardInputPath)
                return false
            } catch {
                // Cut short at the line's end: the value goes on below.
                return error.code == .jsonSyntax && error.message.hasPrefix(JSONScanner.endedEarly)
            }
        }
        guard unfinished else { return Sniffed(bytes: bytes, isOneDocument: false) }
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { BoundedFile.read(fd, into: $0, count: $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return Sniffed(bytes: bytes, isOneDocument: true)
    }
}
