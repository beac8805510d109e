import CZ3

/// A term of the solver: a Boolean or an integer expression.
struct Term {
    let ast: OpaquePointer
}

/// The answer of a satisfiability query.
enum SatResult {
    case sat
    case unsat
    case unknown
}

/// One Z3 context with one solver. A class because it owns the C context and must free it once;
/// the analysis builds and queries it on one thread, and it never leaves the analysis.
final class SMT {
    let context: OpaquePointer
    private let solver: OpaquePointer
    private var model: OpaquePointer?
    private let intSort: OpaquePointer
    private let boolSort: OpaquePointer
    private var fresh = 0

    init() {
        let config = Z3_mk_config()
        // Terms are collected with the context: the analysis keeps its terms until it ends.
        context = Z3_mk_context(config)
        Z3_del_config(config)
        solver = Z3_mk_simple_solver(context)
        Z3_solver_inc_ref(context, solver)
        intSort = Z3_mk_int_sort(context)
        boolSort = Z3_mk_bool_sort(context)
    }

    deinit {
        if let model { Z3_model_dec_ref(context, model) }
        Z3_solver_dec_ref(context, solver)
        Z3_del_context(context)
    }

    // MARK: terms

    func int(_ name: String) -> Term { Term(ast: Z3_mk_const(context, Z3_mk_string_symbol(context, name), intSort)) }
    func bool(_ name: String) -> Term { Term(ast: Z3_mk_const(context, Z3_mk_string_symbol(context, name), boolSort)) }

    /// A Boolean no query fixes: stands for what the encoding cannot tell (fail toward reporting).
    func freeBool(_ hint: String) -> Term {
        fresh += 1
        return bool("\(hint)!\(fresh)")
    }

    func number(_ value: Int) -> Term { Term(ast: Z3_mk_int64(context, Int64(value), intSort)) }
    var yes: Term { Term(ast: Z3_mk_true(context)) }
    var no: Term { Term(ast: Z3_mk_false(context)) }
    func constant(_ value: Bool) -> Term { value ? yes : no }

    func and(_ terms: [Term]) -> Term {
        if terms.isEmpty { return yes }
        if terms.count == 1 { return terms[0] }
        let asts: [OpaquePointer?] = terms.map(\.ast)
        return Term(ast: asts.withUnsafeBufferPointer { Z3_mk_and(context, UInt32($0.count), $0.baseAddress) })
    }

    func or(_ terms: [Term]) -> Term {
        if terms.isEmpty { return no }
        if terms.count == 1 { return terms[0] }
        let asts: [OpaquePointer?] = terms.map(\.ast)
        return Term(ast: asts.withUnsafeBufferPointer { Z3_mk_or(context, UInt32($0.count), $0.baseAddress) })
    }

    func sum(_ terms: [Term]) -> Term {
        if terms.isEmpty { return number(0) }
        if terms.count == 1 { return terms[0] }
        let asts: [OpaquePointer?] = terms.map(\.ast)
        return Term(ast: asts.withUnsafeBufferPointer { Z3_mk_add(context, UInt32($0.count), $0.baseAddress) })
    }

    func not(_ term: Term) -> Term { Term(ast: Z3_mk_not(context, term.ast)) }
    func implies(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_implies(context, a.ast, b.ast)) }
    func eq(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_eq(context, a.ast, b.ast)) }
    func eq(_ a: Term, _ b: Int) -> Term { eq(a, number(b)) }
    func lt(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_lt(context, a.ast, b.ast)) }
    func le(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_le(context, a.ast, b.ast)) }
    func gt(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_gt(context, a.ast, b.ast)) }
    func ge(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_ge(context, a.ast, b.ast)) }
    func ite(_ c: Term, _ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_ite(context, c.ast, a.ast, b.ast)) }
    func within(_ a: Term, _ low: Int, _ high: Int) -> Term { and([ge(a, number(low)), le(a, number(high))]) }
    func oneOf(_ a: Term, _ values: [Int]) -> Term { or(values.map { eq(a, $0) }) }

    // MARK: solving

    func assert(_ term: Term) { Z3_solver_assert(context, solver, term.ast) }
    func push() { Z3_solver_push(context, solver) }
    func pop() { Z3_solver_pop(context, solver, 1) }

    /// Whether the asserted facts and `assumptions` can all hold; on `sat` the model is kept for `value`.
    func check(_ assumptions: [Term] = []) -> SatResult {
        push()
        defer { pop() }
        for assumption in assumptions { assert(assumption) }
        let answer = Z3_solver_check(context, solver)
        if let model {
            Z3_model_dec_ref(context, model)
            self.model = nil
        }
        if answer == Z3_L_TRUE {
            model = Z3_solver_get_model(context, solver)
            if let model { Z3_model_inc_ref(context, model) }
            return .sat
        }
        return answer == Z3_L_FALSE ? .unsat : .unknown
    }

    /// Keeps, one by one, each preference that the query still meets with, and leaves the model
    /// on the last satisfiable query: the answer with as many preferences as a greedy pass gives.
    /// Preferences come in groups, each tried whole first and one by one only when the whole
    /// fails, so that a plain answer costs a few queries, not one per preference.
    func simplest(_ query: [Term], preferring groups: [[Term]]) -> SatResult {
        var kept = query
        for group in groups where !group.isEmpty {
            if check(kept + group) == .sat {
                kept += group
                continue
            }
            guard group.count > 1 else { continue }
            for preference in group where check(kept + [preference]) == .sat { kept.append(preference) }
        }
        return check(kept)
    }

    /// The integer value of a term in the last model.
    func value(_ term: Term) -> Int {
        guard let model else { return 0 }
        var out: OpaquePointer?
        guard Z3_model_eval(context, model, term.ast, true, &out), let out else { return 0 }
        var result: Int64 = 0
        return Z3_get_numeral_int64(context, out, &result) ? Int(result) : 0
    }

    func truth(_ term: Term) -> Bool {
        guard let model else { return false }
        var out: OpaquePointer?
        guard Z3_model_eval(context, model, term.ast, true, &out), let out else { return false }
        return Z3_get_bool_value(context, out) == Z3_L_TRUE
    }
}
