import Foundation

/// Reads files with the size limit checked before and during the read, never after it.
///
/// The file is opened first and measured through the open descriptor, so the size is that of the
/// file the path resolves to (following symbolic links) and cannot change between the check and
/// the read; reading then stops after `limit + 1` bytes whatever the size claimed.
enum BoundedFile {
    /// Bytes per `read` call.
    static let chunk = 1 << 16

    /// Reads up to `count` bytes into `buffer`; 0 at the end of the file, -1 on an error.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, count: Int) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let n = Foundation.read(fd, base, min(count, buffer.count))
            if n < 0, errno == EINTR { continue }
            return n
        }
    }

    /// Opens `path` for reading, refusing folders and regular files larger than `limit`. The
    /// caller closes the descriptor; `size` is nil for what is not a regular file.
    static func open(path: String, limit: Int) throws(SourceError) -> (fd: Int32, size: Int?) {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = switch errno {
            case ENOENT, ENOTDIR: "no such file"
            case ELOOP: "is a loop of symbolic links"
            case EACCES: "cannot be read (permission denied)"
            default: "cannot be read"
            }
            throw .unreadable(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw .unreadable(path: path, reason: "cannot be read")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "is a directory")
        }
        guard type == S_IFREG else { return (fd, nil) }
        let size = Int(info.st_size)
        if size > limit {
            close(fd)
            throw .tooLarge(path: path, bytes: size, limit: limit)
        }
        return (fd, size)
    }

    /// The whole file, at most `limit` bytes of it.
    static func read(path: String, limit: Int) throws(SourceError) -> [UInt8] {
        let (fd, size) = try open(path: path, limit: limit)
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(size ?? chunk, limit) + 1)
        var buffer = [UInt8](repeating: 0, count: chunk)
        while bytes.count <= limit {
            let wanted = min(chunk, limit + 1 - bytes.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, into: $0, count: wanted) }
            if n < 0 { throw .unreadable(path: path, reason: "cannot be read") }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
        throw .unreadable(path: path, reason: "is larger than the limit of \(limit) bytes")
    }
}
