namespace Emu.Core.Cpu;

/// <summary>How the CPU runs guest code (<c>--cpu-tier</c>).</summary>
public enum CpuTier
{
    /// <summary>Every block through the interpreter: the reference behaviour.</summary>
    Interp,

    /// <summary>Blocks that ran <see cref="Cpu.JitThreshold"/> times are compiled to IL; the rest are interpreted.</summary>
    Jit,
}
