import Foundation

/// The output buffers of an inventory's shares, handed from the workers to the writer and back.
///
/// A share renders a few hundred kilobytes. Allocated afresh for each share, every buffer grows
/// by copying and its pages are faulted in again, and the freed blocks scatter over the malloc
/// arenas of the threads; kept and reused, the buffers in flight are the memory the output
/// needs, touched once.
final class OutputBuffers: @unchecked Sendable {
    // Guarded by `lock`.
    private var free: [[UInt8]] = []
    private let lock = NSLock()
    /// Buffers kept at most: those of the batches in flight.
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// An empty buffer, with the room a previous share left in it when there is one.
    func take() -> [UInt8] {
        lock.lock()
        let buffer = free.popLast()
        lock.unlock()
        return buffer ?? []
    }

    /// Takes `buffer` back, emptied, for a later share.
    func give(_ buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        lock.lock()
        if free.count < limit { free.append(buffer) }
        lock.unlock()
        buffer = []
    }
}
