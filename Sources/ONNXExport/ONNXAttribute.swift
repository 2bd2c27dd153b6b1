import ONNX

/// The node attributes the exporter writes.
enum ONNXAttribute {
    case int(String, Int)
    case ints(String, [Int])
    case float(String, Float)
    case tensor(String, Onnx_TensorProto)

    var proto: Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        switch self {
        case .int(let name, let value):
            attribute.name = name
            attribute.type = .int
            attribute.i = Int64(value)
        case .ints(let name, let values):
            attribute.name = name
            attribute.type = .ints
            attribute.ints = values.map(Int64.init)
        case .float(let name, let value):
            attribute.name = name
            attribute.type = .float
            attribute.f = value
        case .tensor(let name, let value):
            attribute.name = name
            attribute.type = .tensor
            attribute.t = value
        }
        return attribute
    }
}
