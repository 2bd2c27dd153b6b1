import BenchmarkData
import SearchSpace
import TestSupport
import Testing

@Suite("network graph")
struct NetworkGraphTests {
    @Test("nb201 FLOPs and parameters counted on the graph match the table: every cell on CIFAR-10, every 5th on the others")
    func nb201CountsMatchTable() async throws {
        // 46,875 graphs: built off the cooperative pool so socket tests running alongside keep going.
        let table = try NB201Table.bundled()
        let space = NB201Space()
        // CIFAR-100 and ImageNet16-120 change only the classifier and the resolution, so a fifth of
        // the cells checks them; CIFAR-10 checks all 15,625.
        for (prefix, resolution, classes, step) in [("c10", 32, 10, 1), ("c100", 32, 100, 5), ("in16", 16, 120, 5)] {
            let flops = try table.column("\(prefix)_flops_M")
            let params = try table.column("\(prefix)_params_M")
            let (worstFlops, worstParams) = try await offPool {
                var worstFlops = 0.0
                var worstParams = 0.0
                for index in stride(from: 0, to: NB201Space.cellCount, by: step) {
                    let graph = try space.graph(for: try table.architecture(at: index), inputResolution: resolution, classes: classes)
                    worstFlops = max(worstFlops, abs(Double(graph.multiplyAccumulates) / 1e6 / Double(flops[index]) - 1))
                    worstParams = max(worstParams, abs(Double(graph.parameters) / 1e6 / Double(params[index]) - 1))
                }
                return (worstFlops, worstParams)
            }
            #expect(worstFlops < 0.01, "\(prefix) FLOPs off by \(worstFlops)")
            #expect(worstParams < 0.01, "\(prefix) params off by \(worstParams)")
        }
    }

    @Test("shapes are inferred through stages and the head")
    func shapes() throws {
        let space = NB201Space()
        let graph = try space.graph(for: try space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"))
        #expect(graph.nodes[graph.output].shape == TensorShape(channels: 10, height: 1, width: 1))
        let stage3 = try #require(graph.nodes.last { $0.name.hasPrefix("stage3.cell5") })
        #expect(stage3.shape == TensorShape(channels: 64, height: 8, width: 8))
        // Every input precedes its node: the list is in topological order.
        #expect(graph.nodes.allSatisfy { node in node.inputs.allSatisfy { $0 < node.id } })
    }

    @Test("a cell node nothing flows into is zeros, and an all-none cell still has the right shapes")
    func emptyCell() throws {
        let space = NB201Space()
        let graph = try space.graph(for: Architecture(genes: [0, 0, 0, 0, 0, 0]))
        #expect(graph.nodes.contains { $0.operation == .zeros })
        #expect(graph.nodes[graph.output].shape.channels == 10)
    }

    @Test("inconsistent graphs are refused naming the node")
    func inconsistent() throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: 8, width: 8))
        let wide = try builder.convolution("wide", image, outChannels: 16, kernel: 3)
        let narrow = try builder.convolution("narrow", image, outChannels: 8, kernel: 3)
        #expect { try builder.add("sum", [wide, narrow]) } throws: { error in
            (error as? GraphError)?.description.contains("graph node 'sum': cannot add narrow") ?? false
        }
        #expect { try builder.convolution("huge", image, outChannels: 4, kernel: 11, padding: 0) } throws: { error in
            (error as? GraphError)?.node == "huge"
        }
        #expect { try builder.linear("fc", wide, outFeatures: 10) } throws: { error in
            (error as? GraphError)?.reason.contains("vector input") ?? false
        }
        #expect { try builder.convolution("grouped", image, outChannels: 8, kernel: 3, groups: 2) } throws: { error in
            (error as? GraphError)?.reason.contains("groups") ?? false
        }
        #expect(throws: GraphError.self) { try NB201Space().graph(for: Architecture(genes: [9, 0, 0, 0, 0, 0])) }
    }
}
