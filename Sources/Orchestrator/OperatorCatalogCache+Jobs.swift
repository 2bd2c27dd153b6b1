import Fleet
import SearchSpace

extension OperatorCatalogCache {
    /// The network a latency or profile job names: the space's network for its architecture, or
    /// for a profile job the operator with that signature. Errors name the space or operator.
    public func graph(for job: JobSpec) throws -> NetworkGraph {
        let space: any NetworkSpace
        do {
            space = try SearchSpaces.named(job.space)
        } catch {
            throw FleetError(error.description)
        }
        if job.kind == .profile {
            guard let found = try find(job.architecture, in: space) else {
                throw FleetError("no operator '\(job.architecture)' in space \(space.name)")
            }
            return found.graph
        }
        return try space.network(for: try space.parse(job.architecture))
    }
}
