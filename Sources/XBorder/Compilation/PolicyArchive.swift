/// The bytes of a compiled policy as the policy cache stores them: little-endian integers,
/// length-prefixed UTF-8 strings and arrays, one tag byte per enum case.
///
/// Written by hand rather than through `Codable`: decoding through `Codable` instantiates a
/// keyed container type per stored type at run time, and on a cold start each of those costs a
/// scan of every protocol conformance in the process, which is what the cache exists to avoid.
struct ArchiveWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func tag(_ value: UInt8) { bytes.append(value) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func array<T>(_ values: [T], _ each: (inout ArchiveWriter, T) -> Void) {
        int(values.count)
        for value in values { each(&self, value) }
    }

    mutating func optional<T>(_ value: T?, _ each: (inout ArchiveWriter, T) -> Void) {
        if let value {
            bool(true)
            each(&self, value)
        } else {
            bool(false)
        }
    }

    mutating func int32s(_ values: [Int32]) { array(values) { $0.int32($1) } }
    mutating func bools(_ values: [Bool]) { array(values) { $0.bool($1) } }
}

/// Why archived bytes could not be read back: whatever the cause, the cache is not used.
struct ArchiveError: Error, CustomStringConvertible {
    var offset: Int
    var description: String { "the archived policy is malformed at byte \(offset)" }
}

/// Reads what `ArchiveWriter` wrote, checking every length and tag against the bytes there are,
/// so that a truncated or corrupt file is refused rather than read out of bounds.
struct ArchiveReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    func error() -> ArchiveError { ArchiveError(offset: offset) }

    private mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(ArchiveError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - offset >= size else { throw error() }
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + size)])) }
        }
        offset += size
        return T(littleEndian: value)
    }

    mutating func int() throws(ArchiveError) -> Int {
        let value = try fixed(Int64.self)
        guard let int = Int(exactly: value) else { throw error() }
        return int
    }

    mutating func int32() throws(ArchiveError) -> Int32 { try fixed(Int32.self) }

    mutating func uint64() throws(ArchiveError) -> UInt64 { try fixed(UInt64.self) }

    mutating func tag() throws(ArchiveError) -> UInt8 { try fixed(UInt8.self) }

    mutating func bool() throws(ArchiveError) -> Bool {
        switch try tag() {
        case 0: return false
        case 1: return true
        default: throw error()
        }
    }

    /// A count of things still to come, each at least one byte long.
    mutating func count() throws(ArchiveError) -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw error() }
        return count
    }

    mutating func string() throws(ArchiveError) -> String {
        let length = try count()
        guard let text = String(validating: bytes[offset..<(offset + length)], as: UTF8.self) else { throw error() }
        offset += length
        return text
    }

    mutating func array<T>(_ each: (inout ArchiveReader) throws(ArchiveError) -> T) throws(ArchiveError) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try each(&self)) }
        return values
    }

    mutating func optional<T>(_ each: (inout ArchiveReader) throws(ArchiveError) -> T) throws(ArchiveError) -> T? {
        try bool() ? try each(&self) : nil
    }

    mutating func int32s() throws(ArchiveError) -> [Int32] { try array { (r) throws(ArchiveError) in try r.int32() } }
    mutating func bools() throws(ArchiveError) -> [Bool] { try array { (r) throws(ArchiveError) in try r.bool() } }

    /// A value of a `RawRepresentable` enum stored by its raw value.
    mutating func raw<T: RawRepresentable>(_: T.Type) throws(ArchiveError) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw error() }
        return value
    }
}
