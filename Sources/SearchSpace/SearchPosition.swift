/// One searchable position of a space (an edge of a cell, a layer of a network) and its choices.
public struct SearchPosition: Sendable, Hashable, Codable {
    /// A short name a user recognises, e.g. `edge 2<-1` or `layer 7`.
    public var name: String
    /// The names of the choices, indexed by gene value.
    public var choices: [String]

    /// A position named `name` whose gene values index `choices`.
    public init(name: String, choices: [String]) {
        self.name = name
        self.choices = choices
    }
}
