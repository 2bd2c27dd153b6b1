import Engine
import Measurement
import Runtimes
import Testing

/// The engine's GEMM library follows what the CPU can do, whatever OpenBLAS's kernel choice (a
/// machine may pin it, e.g. `OPENBLAS_CORETYPE=Haswell` on AMD Zen 5).
@Suite("engine GEMM library")
struct EngineGEMMLibraryTests {
    @Test("on x86-64 the engine's GEMMs run on oneDNN, and its version says so")
    func library() {
        #if os(Linux) && arch(x86_64)
        #expect(EngineGEMMLibrary.isOneDNN)
        #expect(NativeRuntime.version.contains("GEMM oneDNN "))
        #expect(NativeRuntime.version.contains("OpenBLAS"))
        #else
        #expect(!EngineGEMMLibrary.isOneDNN)
        #expect(!NativeRuntime.version.contains("oneDNN"))
        #endif
    }

    @Test("oneDNN's instruction-set values are named by the widest level they cover")
    func instructionSetNames() {
        #if os(Linux) && arch(x86_64)
        #expect(EngineGEMMLibrary.instructionSetName(0xe7) == "avx512_core_bf16")
        #expect(EngineGEMMLibrary.instructionSetName(0x27) == "avx512_core")
        #expect(EngineGEMMLibrary.instructionSetName(0x407) == "avx2_vnni")
        #expect(EngineGEMMLibrary.instructionSetName(0x7) == "avx2")
        #expect(EngineGEMMLibrary.instructionSetName(0x1) == "sse41")
        #expect(EngineGEMMLibrary.instructionSetName(0x0) == "generic")
        #endif
    }

    @Test("this machine: the GEMM kernels reach the CPU's best tier, so no warning is given")
    func thisMachine() throws {
        #if os(Linux) && arch(x86_64)
        let flags = BLASKernelSelection.cpuFlags
        let best = try #require(BLASKernelSelection.bestTier(cpuFlags: flags, architecture: "x86_64"))
        if best == BLASKernelTier.x86_64[0] {
            #expect(EngineGEMMLibrary.reaches(avx512: true) == true)
            #expect(EngineGEMMLibrary.instructionSet?.hasPrefix("avx512") == true)
        } else if best == BLASKernelTier.x86_64[1] {
            #expect(EngineGEMMLibrary.reaches(avx512: false) == true)
        }
        #expect(NativeRuntime.gemmShortfall() == nil)
        #endif
    }

    @Test("oneDNN kernels below the CPU's best tier are warned about, naming both; at the tier, nothing")
    func shortfallAgainstFlags() {
        let avx512 = BLASKernelTier.x86_64[0].requiredFlags.union(["avx2", "fma", "avx"])
        let avx2Only: Set<String> = ["avx2", "fma", "avx"]
        // oneDNN held to AVX2 (e.g. by ONEDNN_MAX_CPU_ISA) on an AVX-512 CPU.
        let held = NativeRuntime.gemmShortfall(
            cpuFlags: avx512, architecture: "x86_64", oneDNN: true, reaches: { wide in !wide }, instructionSet: "avx2")
        #expect(held == "oneDNN runs its avx2 kernels, below this CPU's AVX-512: latency measured here is slower than the CPU allows")
        #expect(
            NativeRuntime.gemmShortfall(
                cpuFlags: avx2Only, architecture: "x86_64", oneDNN: true, reaches: { wide in !wide }, instructionSet: "avx2") == nil)
        // SSE4.1 kernels on an AVX2 CPU.
        let sse = NativeRuntime.gemmShortfall(
            cpuFlags: avx2Only, architecture: "x86_64", oneDNN: true, reaches: { _ in false }, instructionSet: "sse41")
        #expect(sse?.contains("sse41 kernels, below this CPU's AVX2+FMA") == true)
        // A CPU with neither has no tier oneDNN is held to.
        #expect(
            NativeRuntime.gemmShortfall(
                cpuFlags: ["avx"], architecture: "x86_64", oneDNN: true, reaches: { _ in false }, instructionSet: "sse41") == nil)
    }
}
