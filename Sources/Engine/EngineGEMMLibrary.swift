#if os(Linux) && arch(x86_64)
import CDNNL
#endif

/// Which library runs the engine's GEMMs here, and how wide its kernels are: for the runtime's
/// version string and for a warning when those kernels fall short of the CPU.
public enum EngineGEMMLibrary {
    /// True when the products run on oneDNN (x86-64), false when on OpenBLAS (then OpenBLAS's kernel
    /// selection governs their speed).
    public static var isOneDNN: Bool {
        #if os(Linux) && arch(x86_64)
        true
        #else
        false
        #endif
    }

    /// The instruction set oneDNN's kernels use, as oneDNN names it (`avx512_core_bf16`, `avx2`, …);
    /// nil on OpenBLAS.
    public static var instructionSet: String? {
        #if os(Linux) && arch(x86_64)
        instructionSetName(dnnl_get_effective_cpu_isa().rawValue)
        #else
        nil
        #endif
    }

    #if os(Linux) && arch(x86_64)
    /// oneDNN's name for an instruction-set value (`dnnl_cpu_isa_t`): the widest level it covers.
    public static func instructionSetName(_ raw: UInt32) -> String {
        let isa = dnnl_cpu_isa_t(rawValue: raw)
        let names: [(dnnl_cpu_isa_t, String)] = [
            (dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx"), (dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16"),
            (dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni"), (dnnl_cpu_isa_avx512_core, "avx512_core"),
            (dnnl_cpu_isa_avx2_vnni, "avx2_vnni"), (dnnl_cpu_isa_avx2, "avx2"), (dnnl_cpu_isa_avx, "avx"),
            (dnnl_cpu_isa_sse41, "sse41"),
        ]
        return names.first { covers(isa, $0.0) }?.1 ?? "generic"
    }
    #endif

    /// Whether oneDNN's kernels use AVX-512 (`avx512`) or at least AVX2 (`avx2`); nil on OpenBLAS.
    public static func reaches(avx512: Bool) -> Bool? {
        #if os(Linux) && arch(x86_64)
        covers(dnnl_get_effective_cpu_isa(), avx512 ? dnnl_cpu_isa_avx512_core : dnnl_cpu_isa_avx2)
        #else
        nil
        #endif
    }

    /// `oneDNN 2.6.3 (avx512_core_bf16)`, or `OpenBLAS` where the engine's GEMMs are OpenBLAS's.
    public static var description: String {
        #if os(Linux) && arch(x86_64)
        let version = dnnl_version().pointee
        return "oneDNN \(version.major).\(version.minor).\(version.patch) (\(instructionSet ?? "generic"))"
        #else
        return "OpenBLAS"
        #endif
    }

    #if os(Linux) && arch(x86_64)
    /// oneDNN's ISA values are bit sets: a wider one holds every bit of the narrower ones.
    private static func covers(_ isa: dnnl_cpu_isa_t, _ level: dnnl_cpu_isa_t) -> Bool {
        isa.rawValue & level.rawValue == level.rawValue
    }
    #endif
}
