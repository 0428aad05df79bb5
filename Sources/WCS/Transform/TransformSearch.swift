extension Transform {
    /// The first sub-model named `name`, searched depth first from the left (astropy
    /// `model[name]`); nil when none. Explicit inverses are not searched.
    public func first(named name: String) -> Transform? {
        if self.name == name { return self }
        switch kind {
        case .compose(let a, let b), .concatenate(let a, let b), .arithmetic(_, let a, let b):
            return a.first(named: name) ?? b.first(named: name)
        default:
            return nil
        }
    }
}
