extension PolicySet {
    /// An English citation as Chinese legal text gives it (`Provisions Art. 5(4)` →
    /// 《促进和规范数据跨境流动规定》第五条第（四）项), with the instruments the vocabularies declare and
    /// the lists' titles, exactly as the compiler renders the citations of rules; nil when it
    /// cannot be read. Parameter values are cited too, and they keep no Chinese citation of their own.
    public func chineseCitation(_ cite: String) -> String? {
        var instruments: [String: String] = [:]
        for vocabulary in vocabularies {
            for instrument in vocabulary.instruments { instruments[instrument.code] = instrument.label.zh }
        }
        for list in lists where instruments[list.cite] == nil { instruments[list.cite] = list.title.zh }
        return ChineseCitation(instruments: instruments).render(cite)
    }
}
