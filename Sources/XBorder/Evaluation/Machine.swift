/// Runs lowered conditions against one flow. Every field is a plain value or pointer into storage
/// that outlives the machine (the evaluation index, the flow's items, scratch space of the
/// decision), so running it costs no reference counting and no allocation.
struct Machine {
    unowned(unsafe) let code: ConditionCode
    let facts: FlowFacts
    var items: UnsafeBufferPointer<ResolvedItem>
    /// Items still under the rules; nil when no list released any.
    var active: UnsafePointer<Bool>?
    var counters: UnsafeBufferPointer<CounterUse>
    /// The code's bounds with their limits read for the epoch (see `ResolvedBound`).
    let bounds: UnsafeBufferPointer<ResolvedBound>
    let booleans: UnsafeBufferPointer<UInt8>
    /// Bit sets of the classes of the items still under the rules, and of all items.
    var activeClasses: UInt64 = 0
    var allClasses: UInt64 = 0
    /// Whether any item has a class beyond the 64 a bit set holds (then the fused tests are off).
    var hasWideClass = false
    /// Set when a parameter had no value on the flow's date: the caller decides fail-closed.
    var unknown = false

    /// A machine for flows decided in `epoch` (nil: a day before every epoch, when no parameter
    /// has a value).
    init(index: EvaluationIndex, epoch: Int?, facts: FlowFacts, items: UnsafeBufferPointer<ResolvedItem> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.code = index.code
        self.facts = facts
        self.items = items
        self.active = nil
        self.counters = UnsafeBufferPointer(start: nil, count: 0)
        self.bounds = index.bounds(epoch: epoch)
        self.booleans = epoch.map { index.booleans(epoch: $0) } ?? UnsafeBufferPointer(start: nil, count: 0)
    }

    func isActive(_ index: Int) -> Bool { active?[index] ?? true }

    /// Recomputes the class bit sets after reclassification or release.
    mutating func updateClasses() {
        activeClasses = 0
        allClasses = 0
        hasWideClass = false
        for index in 0..<items.count {
            let dataClass = items[index].dataClass
            guard dataClass >= 0 else { continue }
            guard dataClass < 64 else {
                hasWideClass = true
                continue
            }
            allClasses |= 1 << UInt64(dataClass)
            if isActive(index) { activeClasses |= 1 << UInt64(dataClass) }
        }
    }

    /// A flow-level condition. Leaves (a code, a class set, a number, a parameter) are tested in
    /// line; only junctions, negations and walks over the items make a call. Nearly every rule's
    /// conjuncts are leaves, and a call per leaf cost about as much as the tests themselves
    /// (callgrind: saving registers and reloading the machine's fields on every entry).
    @_transparent
    mutating func flow(_ root: Int32) -> Bool {
        let instruction = code.instructions[Int(root)]
        let answer = flowLeaf(instruction)
        return answer == Self.compound ? flowJunction(instruction) : answer == 1
    }

    /// A junction whose parts are leaves is run in line too, in the caller's loop; only a part
    /// that is itself compound makes a call. Bands and alternatives (`any` of two or three
    /// tests) are most of the compound conjuncts.
    @_transparent
    private mutating func flowJunction(_ instruction: Instruction) -> Bool {
        switch instruction {
        case .all(let first, let count):
            for i in first..<(first + count) {
                let part = code.instructions[Int(code.children[Int(i)])]
                let answer = flowLeaf(part)
                if answer == 0 || (answer == Self.compound && !flowCompound(part)) { return false }
            }
            return true
        case .any(let first, let count):
            for i in first..<(first + count) {
                let part = code.instructions[Int(code.children[Int(i)])]
                let answer = flowLeaf(part)
                if answer == 1 || (answer == Self.compound && flowCompound(part)) { return true }
            }
            return false
        default:
            return flowCompound(instruction)
        }
    }

    /// What `flowLeaf` and `itemLeaf` answer for an instruction that is not a leaf.
    static let compound: UInt8 = 2

    /// 1 or 0 for a leaf that holds or not; `compound` for the rest.
    @_transparent
    private mutating func flowLeaf(_ instruction: Instruction) -> UInt8 {
        switch instruction {
        case .always: return 1
        case .parameter(let index): return boolean(index) ? 1 : 0
        case .code(let slot, let first, let count): return contains(facts.slot(slot), first, count) ? 1 : 0
        case .number(let field, let first, let count):
            let value: Int
            switch field {
            case .processes:
                guard facts.processes >= 0 else { return 0 }
                value = facts.processes
            case .persons(let k): value = k < counters.count ? counters[k].total : 0
            case .thisFlow(let k): value = k < counters.count ? counters[k].flow : 0
            case .prior(let k): value = k < counters.count ? counters[k].prior : 0
            }
            return bounds(value, first, count) ? 1 : 0
        case .itemClasses(let quantifier, let mask, let includingReleased):
            let present = includingReleased ? allClasses : activeClasses
            switch quantifier {
            case .any: return present & mask != 0 ? 1 : 0
            case .none: return present & mask == 0 ? 1 : 0
            case .all: return present != 0 && present & ~mask == 0 && !hasWideClass && everyItemHasAClass(includingReleased) ? 1 : 0
            }
        case .country(let first, let negated):
            return contains(facts.country, first, Int32((ConditionCodeBuilder.countrySlots + 63) / 64)) != negated ? 1 : 0
        case .present(let slot, let wanted): return (facts.slot(slot) >= 0) == wanted ? 1 : 0
        case .processesPresent(let wanted): return (facts.processes >= 0) == wanted ? 1 : 0
        case .itemCode, .individuals, .featuresAny, .featuresNone, .itemPresent: return 0
        case .all, .any, .not, .items: return Self.compound
        }
    }

    private mutating func flowCompound(_ instruction: Instruction) -> Bool {
        switch instruction {
        // A junction nested in another: the same loop, one level down.
        case .all, .any: return flowJunction(instruction)
        case .not(let child): return !flow(child)
        case .items(let quantifier, let root, let includingReleased):
            var seen = false
            for index in 0..<items.count where includingReleased || isActive(index) {
                let holds = item(root, items[index])
                switch quantifier {
                case .any: if holds { return true }
                case .all: if !holds { return false }
                case .none: if holds { return false }
                }
                seen = true
            }
            switch quantifier {
            case .any: return false
            // "Every item" speaks of the items there are: with none left (all released by lists),
            // no rule about "all items" should claim the decision.
            case .all: return seen
            case .none: return true
            }
        default: return false
        }
    }

    /// An item-level condition; leaves in line, as for `flow`.
    @_transparent
    mutating func item(_ root: Int32, _ item: ResolvedItem) -> Bool {
        let instruction = code.instructions[Int(root)]
        let answer = itemLeaf(instruction, item)
        return answer == Self.compound ? itemCompound(instruction, item) : answer == 1
    }

    @_transparent
    private mutating func itemLeaf(_ instruction: Instruction, _ item: ResolvedItem) -> UInt8 {
        switch instruction {
        case .always: return 1
        case .parameter(let index): return boolean(index) ? 1 : 0
        case .itemCode(let slot, let first, let count): return contains(item.slot(slot), first, count) ? 1 : 0
        case .individuals(let first, let count): return bounds(item.individuals, first, count) ? 1 : 0
        case .featuresAny(let mask): return item.features & mask != 0 ? 1 : 0
        case .featuresNone(let mask): return item.features & mask == 0 ? 1 : 0
        case .itemPresent(let slot, let wanted): return (item.slot(slot) >= 0) == wanted ? 1 : 0
        case .items, .code, .number, .country, .present, .processesPresent, .itemClasses: return 0
        case .all, .any, .not: return Self.compound
        }
    }

    private mutating func itemCompound(_ instruction: Instruction, _ item: ResolvedItem) -> Bool {
        switch instruction {
        case .all(let first, let count):
            for i in first..<(first + count) where !self.item(code.children[Int(i)], item) { return false }
            return true
        case .any(let first, let count):
            for i in first..<(first + count) where self.item(code.children[Int(i)], item) { return true }
            return false
        case .not(let child): return !self.item(child, item)
        default: return false
        }
    }

    /// An item without a class (left out, neither given nor from the catalog) is not "of" any
    /// class: `all` must fail on it as the unfused loop would.
    private func everyItemHasAClass(_ includingReleased: Bool) -> Bool {
        for index in 0..<items.count where (includingReleased || isActive(index)) && items[index].dataClass < 0 { return false }
        return true
    }

    @_transparent
    private mutating func boolean(_ index: Int32) -> Bool {
        switch Int(index) < booleans.count ? booleans[Int(index)] : 2 {
        case 1: return true
        case 0: return false
        default:
            unknown = true
            return false
        }
    }

    @_transparent
    private func contains(_ value: Int32, _ first: Int32, _ count: Int32) -> Bool {
        guard value >= 0 else { return false }
        let word = Int(value) / 64
        guard word < Int(count) else { return false }
        return code.words[Int(first) + word] & (1 << UInt64(Int(value) % 64)) != 0
    }

    @_transparent
    private mutating func bounds(_ value: Int, _ first: Int32, _ count: Int32) -> Bool {
        for i in first..<(first + count) where !bounds[Int(i)].holds(value, &unknown) { return false }
        return true
    }
}

/// The coded facts of a flow as plain numbers: what flow-level instructions read. The codes sit
/// in one fixed array indexed by `FlowSlot`, so that reading a slot is an index, not a switch
/// (a switch per code test was about a twentieth of deciding, callgrind).
struct FlowFacts: Sendable {
    /// Indexed by `FlowSlot.rawValue`; -1 where the flow leaves the field out.
    private var codes: InlineArray<8, Int32>
    /// The bit of the recipient's two-letter country code, -1 when it is not one.
    var country: Int32
    /// Persons the exporter processes; -1 when the flow does not say.
    var processes: Int

    init(purpose: Int32 = -1, scenario: Int32 = -1, ciio: Int32 = -1, sector: Int32 = -1, registeredIn: Int32 = -1, activityIn: Int32 = -1,
         recipientKind: Int32 = -1, recipientRegisteredIn: Int32 = -1, country: Int32 = -1, processes: Int = -1) {
        codes = [purpose, scenario, ciio, sector, registeredIn, activityIn, recipientKind, recipientRegisteredIn]
        self.country = country
        self.processes = processes
    }

    @inline(__always)
    func slot(_ slot: FlowSlot) -> Int32 { codes[slot.rawValue] }

    var purpose: Int32 { codes[FlowSlot.purpose.rawValue] }
    var scenario: Int32 { codes[FlowSlot.scenario.rawValue] }
    var ciio: Int32 { codes[FlowSlot.ciio.rawValue] }
    var sector: Int32 { codes[FlowSlot.sector.rawValue] }
    var registeredIn: Int32 { codes[FlowSlot.registeredIn.rawValue] }
    var activityIn: Int32 { codes[FlowSlot.activityIn.rawValue] }
    var recipientKind: Int32 { codes[FlowSlot.recipientKind.rawValue] }
    var recipientRegisteredIn: Int32 { codes[FlowSlot.recipientRegisteredIn.rawValue] }
}
