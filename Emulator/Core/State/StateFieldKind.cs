namespace Emu.Core.State;

/// <summary>The wire tag of a saved field.</summary>
public enum StateFieldKind : byte
{
    /// <summary>A signed 64-bit integer (every integer, bool and enum is saved as one).</summary>
    Integer = 1,

    /// <summary>A length-prefixed byte string (RAM, FIFOs, register files).</summary>
    Bytes = 2,
}
