/// The working space of one decision, carved out of a single temporary allocation: the flow's
/// items as the rules see them (reclassified, released), each rule's state, the counters, and
/// every list the decision collects before it writes its numbers.
///
/// Each list's room is the most it can hold, known before deciding starts (see `Size`), so
/// nothing grows while deciding: the growable arrays this replaces cost an allocation and a
/// release each, and a call for every `count`, about a tenth of deciding (callgrind). Every
/// element type here is trivial, so the space is freed without deinitializing anything.
struct DecisionScratch {
    /// How much a decision can collect, from the flow and the epoch in force.
    struct Size {
        let items: Int
        /// Rules of the whole policy (states are indexed by rule number).
        let rules: Int
        let candidates: Int
        let lists: Int
        let reclassifications: Int
        let counters: Int
        /// The most each list can hold: each candidate holds, fails closed, or is set aside (by one
        /// exception, once) at most once; each item is released once, reclassified once per
        /// reclassification and left unstated once per list.
        fileprivate let held: Int, failedClosed: Int, overridden: Int, released: Int, reclassified: Int, unstated: Int
        /// Room for all the lists of numbers, and the whole allocation in bytes. Stored, not
        /// computed: as computed properties, each reading was a call, about 1 % of deciding.
        let numbers: Int
        let bytes: Int

        init(items: Int, rules: Int, candidates: Int, lists: Int, reclassifications: Int, counters: Int) {
            self.items = items
            self.rules = rules
            self.candidates = candidates
            self.lists = lists
            self.reclassifications = reclassifications
            self.counters = counters
            held = candidates
            failedClosed = candidates
            overridden = 2 * candidates
            released = 2 * items
            reclassified = 2 * items * reclassifications
            unstated = 2 * items * lists
            // The last three lists are the lists of lists (releasing, eligible, ineligible).
            numbers = held + failedClosed + overridden + released + reclassified + unstated + 3 * lists
            // Regions in order of decreasing alignment, each a whole number of its elements, so
            // that every region starts aligned without padding.
            bytes = max(1, counters * MemoryLayout<CounterUse>.stride + items * MemoryLayout<ResolvedItem>.stride
                + numbers * MemoryLayout<Int32>.stride + rules * MemoryLayout<UInt8>.stride + items * MemoryLayout<Bool>.stride)
        }
    }

    static let alignment = max(MemoryLayout<CounterUse>.alignment, MemoryLayout<ResolvedItem>.alignment, MemoryLayout<Int32>.alignment)

    let counters: UnsafeMutableBufferPointer<CounterUse>
    let items: UnsafeMutableBufferPointer<ResolvedItem>
    /// Per rule: 0 does not apply, 1 applies, 2 applies but set aside by an exception.
    let state: UnsafeMutableBufferPointer<UInt8>
    /// Items still under the rules (false: released by a list).
    let active: UnsafeMutableBufferPointer<Bool>
    var held: ScratchList
    var failedClosed: ScratchList
    /// Pairs (rule, the exception that set it aside).
    var overridden: ScratchList
    /// Pairs (item, list).
    var released: ScratchList
    /// Pairs (item, reclassification).
    var reclassified: ScratchList
    /// Pairs (item, list): items of a negative-list scenario that do not say whether they are listed.
    var unstated: ScratchList
    var releasingLists: ScratchList
    var eligibleLists: ScratchList
    var ineligible: ScratchList

    init(_ raw: UnsafeMutableRawBufferPointer, _ size: Size) {
        guard let base = raw.baseAddress, raw.count >= size.bytes else { preconditionFailure("a decision's scratch space is smaller than its size") }
        // Straight-line carving: a generic helper here cost more than deciding a list (callgrind).
        var at = base
        counters = UnsafeMutableBufferPointer(start: at.bindMemory(to: CounterUse.self, capacity: size.counters), count: size.counters)
        at += size.counters * MemoryLayout<CounterUse>.stride
        items = UnsafeMutableBufferPointer(start: at.bindMemory(to: ResolvedItem.self, capacity: size.items), count: size.items)
        at += size.items * MemoryLayout<ResolvedItem>.stride
        var next = at.bindMemory(to: Int32.self, capacity: size.numbers)
        let numbersStart = next
        at += size.numbers * MemoryLayout<Int32>.stride
        func list(_ capacity: Int) -> ScratchList {
            defer { next += capacity }
            return ScratchList(UnsafeMutableBufferPointer(start: next, count: capacity))
        }
        held = list(size.held)
        failedClosed = list(size.failedClosed)
        overridden = list(size.overridden)
        released = list(size.released)
        reclassified = list(size.reclassified)
        unstated = list(size.unstated)
        releasingLists = list(size.lists)
        eligibleLists = list(size.lists)
        ineligible = list(size.lists)
        assert(next == numbersStart + size.numbers, "the lists fill exactly the room of their numbers")
        state = UnsafeMutableBufferPointer(start: at.bindMemory(to: UInt8.self, capacity: size.rules), count: size.rules)
        at += size.rules * MemoryLayout<UInt8>.stride
        active = UnsafeMutableBufferPointer(start: at.bindMemory(to: Bool.self, capacity: size.items), count: size.items)
    }

    /// The numbers the pairs put into the decision.
    @inline(__always)
    var pairCount: Int { overridden.count + released.count + reclassified.count + unstated.count }
}

/// A list of numbers in room reserved for the most it can hold. A debug build (what the tests
/// run) checks every append against that room.
struct ScratchList {
    private let room: UnsafeMutableBufferPointer<Int32>
    private(set) var count = 0

    init(_ room: UnsafeMutableBufferPointer<Int32>) { self.room = room }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    var elements: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: room.baseAddress, count: count) }

    @inline(__always)
    mutating func append(_ value: Int32) {
        assert(count < room.count, "a decision's list outgrew the room reserved for it")
        room.baseAddress?[count] = value
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: Int32, _ second: Int32) {
        append(first)
        append(second)
    }
}

/// Writes a decision's numbers section by section (see `Decision.Section`): the first entries
/// say where each section starts.
struct NumberWriter {
    private let buffer: UnsafeMutableBufferPointer<Int>
    private(set) var at: Int
    private var section = 0
    private var sectionStart: Int

    init(_ buffer: UnsafeMutableBufferPointer<Int>, header: Int) {
        self.buffer = buffer
        at = header
        sectionStart = header
        buffer[0] = header
    }

    // The capacity the evaluator reserves is exact by construction. The buffer's subscript checks
    // every write in a debug build, which is what the tests run; checking again in release cost
    // 1.7 % of deciding (callgrind).
    @inline(__always)
    mutating func put(_ number: Int) {
        buffer[at] = number
        at += 1
    }

    @inline(__always)
    mutating func put(_ number: Int32) { put(Int(number)) }

    @inline(__always)
    mutating func put(_ numbers: UnsafeBufferPointer<Int32>) {
        for number in numbers { put(number) }
    }

    /// Adds a number the current section does not hold yet (obligations named by several rules
    /// appear once).
    @inline(__always)
    mutating func putOnce(_ number: Int32) {
        let value = Int(number)
        var position = sectionStart
        while position < at {
            if buffer[position] == value { return }
            position += 1
        }
        put(value)
    }

    mutating func close() {
        section += 1
        buffer[section] = at
        sectionStart = at
    }
}
