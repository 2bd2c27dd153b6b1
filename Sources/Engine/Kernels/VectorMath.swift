/// Small SIMD helpers shared by the kernels. Loads and stores are unaligned-safe.
enum VectorMath {
    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// `target[i] = source[i] · scale + shift`, then ReLU when asked; in place when `source == target`.
    /// Plain loops on purpose: the optimizer vectorizes them, while `pointwiseMax` on SIMD types
    /// measured five times slower.
    @inline(__always)
    static func affine(
        _ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>, count: Int, scale: Float, shift: Float, relu: Bool
    ) {
        if relu {
            for index in 0..<count {
                let value = source[index] * scale + shift
                target[index] = value > 0 ? value : 0
            }
        } else {
            for index in 0..<count { target[index] = source[index] * scale + shift }
        }
    }

}
