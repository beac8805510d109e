import Foundation

/// A value shared between request tasks and the reload signal, read and replaced whole under a
/// lock: readers take an immutable snapshot and never see a half-made one.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // Touched only while `lock` is held.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set(_ newValue: Value) {
        lock.lock()
        value = newValue
        lock.unlock()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
