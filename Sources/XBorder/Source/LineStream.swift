import Foundation

/// The non-blank lines of an open file, read in chunks: a JSON Lines inventory of any size is
/// never held whole, and a gigabyte of empty lines costs one pass over its bytes.
///
/// Memory is bounded by the longest line kept (`maxLineBytes`); a longer line is skipped to its
/// end without being stored and reported as too long.
struct LineStream {
    enum Line: Sendable {
        case text(String)
        case tooLong
        /// At the column of the first byte that is not UTF-8.
        case notUTF8(column: Int)
        case unreadable
        /// The file grew past `maxTotalBytes` while it was read; nothing after is read.
        case fileTooLarge
    }

    private let fd: Int32
    private let maxLineBytes: Int
    private let maxTotalBytes: Int
    private var buffer: [UInt8]
    /// First byte of the current line in `buffer`.
    private var start = 0
    /// Where the search for the current line's end goes on.
    private var scan = 0
    /// Bytes held in `buffer`.
    private var end = 0
    private var totalRead = 0
    private var finished = false
    /// Line breaks passed before `start`.
    private var newlines = 0
    /// The current line holds only spaces, tabs and carriage returns so far.
    private var blank = true
    /// Bytes of the current line dropped because it is longer than `maxLineBytes`.
    private var dropped = 0

    /// Streams the lines of `fd`, which the caller owns and closes.
    init(fd: Int32, maxLineBytes: Int, maxTotalBytes: Int = .max, chunk: Int = 1 << 16, prefix: [UInt8] = []) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        self.maxTotalBytes = maxTotalBytes
        self.buffer = [UInt8](repeating: 0, count: max(16, min(chunk, maxLineBytes + 1), prefix.count))
        // Bytes already read from `fd` (standard input, looked at before it is streamed) come first.
        if !prefix.isEmpty {
            buffer.replaceSubrange(0..<prefix.count, with: prefix)
            end = prefix.count
            totalRead = prefix.count
        }
    }

    /// The next line that is not blank, with its 1-based number in the file; nil at the end.
    mutating func next() -> (number: Int, line: Line)? {
        guard let (number, raw) = nextRaw() else { return nil }
        switch raw {
        case .bytes(let range): return (number, decode(range))
        case .problem(let line): return (number, line)
        }
    }

    /// A line as it lies in the buffer (valid until the next call), or what went wrong.
    enum RawLine {
        case bytes(Range<Int>)
        case problem(Line)
    }

    mutating func nextRaw() -> (number: Int, line: RawLine)? {
        while true {
            if let lineEnd = findLineEnd() {
                let number = newlines + 1
                let line: RawLine = dropped > 0 ? .problem(.tooLong) : .bytes(start..<lineEnd)
                newlines += 1
                scan = lineEnd + 1
                start = scan
                blank = true
                dropped = 0
                return (number, line)
            }
            if finished {
                guard start < end || dropped > 0, !blank else { return nil }
                let number = newlines + 1
                let line: RawLine = dropped > 0 ? .problem(.tooLong) : .bytes(start..<end)
                start = end
                scan = end
                blank = true
                dropped = 0
                return (number, line)
            }
            if let failure = refill() {
                finished = true
                start = end
                scan = end
                return (newlines + 1, .problem(failure))
            }
        }
    }

    /// Lines copied together into one buffer, to be decided on several cores while the next
    /// batch is read.
    struct Batch: Sendable {
        struct Entry: Sendable {
            var number: Int
            /// Where the line lies in `bytes`; empty for a problem.
            var range: Range<Int>
            var problem: Line?
        }
        var bytes: [UInt8] = []
        var entries: [Entry] = []
    }

    /// The next lines, up to about `maxBytes` of them (at least one line) or `maxLines`; nil at the end.
    mutating func nextBatch(maxBytes: Int, maxLines: Int) -> Batch? {
        var batch = Batch()
        // Room for a full batch at once (a last long line may still grow it): grown line by
        // line, the bytes were copied again at every doubling.
        batch.bytes.reserveCapacity(maxBytes + min(maxLineBytes, 1 << 16))
        batch.entries.reserveCapacity(maxLines)
        while batch.entries.count < maxLines, batch.bytes.count < maxBytes, let (number, raw) = nextRaw() {
            switch raw {
            case .bytes(let range):
                let at = batch.bytes.count
                buffer.withUnsafeBufferPointer { batch.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
                batch.entries.append(Batch.Entry(number: number, range: at..<batch.bytes.count, problem: nil))
            case .problem(let line):
                batch.entries.append(Batch.Entry(number: number, range: 0..<0, problem: line))
            }
        }
        return batch.entries.isEmpty ? nil : batch
    }

    /// Bytes read from the file so far: how far a long inventory has got.
    var bytesRead: Int { totalRead }

    /// Moves `scan` to the end of the current line if it is in the buffer, skipping blank lines
    /// on the way; nil when more bytes are needed.
    private mutating func findLineEnd() -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            while scan < end {
                if blank {
                    let byte = bytes[scan]
                    switch byte {
                    case 0x0A:
                        newlines += 1
                        scan += 1
                        start = scan
                        dropped = 0
                        continue
                    case 0x20, 0x09, 0x0D:
                        scan += 1
                        continue
                    default:
                        blank = false
                    }
                }
                guard let found = memchr(base + scan, 0x0A, end - scan) else {
                    scan = end
                    return nil
                }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            return nil
        }
    }

    /// Makes room and reads more bytes; a line that outgrows the limit is dropped as it is read.
    private mutating func refill() -> Line? {
        if start > 0 {
            let kept = end - start
            if kept > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    guard let base = bytes.baseAddress else { return }
                    memmove(base, base + start, kept)
                }
            }
            scan -= start
            end = kept
            start = 0
        }
        if end == buffer.count {
            if buffer.count <= maxLineBytes {
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maxLineBytes + 1 - buffer.count)))
            } else {
                // Longer than any line kept: drop what is held, keep looking for the line's end.
                dropped += end
                end = 0
                scan = 0
            }
        }
        let n = buffer.withUnsafeMutableBytes { bytes in
            BoundedFile.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: bytes[end...]), count: bytes.count - end)
        }
        if n < 0 { return .unreadable }
        if n == 0 {
            finished = true
            return nil
        }
        end += n
        totalRead += n
        if totalRead > maxTotalBytes { return .fileTooLarge }
        return nil
    }

    private func decode(_ range: Range<Int>) -> Line {
        guard let text = String(validating: buffer[range], as: UTF8.self) else {
            return .notUTF8(column: TextPosition.firstInvalidUTF8(Array(buffer[range]))?.column ?? 1)
        }
        return .text(text)
    }
}
