namespace Emu.Core.Cpu;

/// <summary>
/// The register view that firmware services (the HLE BIOS) and loaders get of the CPU: general
/// registers, segment selectors, EIP and EFLAGS. Loading a segment through
/// <see cref="SetSegment"/> in real mode also sets its base to selector × 16 and its limit to
/// 64 KiB. The 16- and 8-bit views are derived from the 32-bit registers.
/// Not for the interpreter's hot path, which uses the CPU's own state directly.
/// </summary>
public interface ICpuRegisters
{
    uint EAX { get; set; }

    uint ECX { get; set; }

    uint EDX { get; set; }

    uint EBX { get; set; }

    uint ESP { get; set; }

    uint EBP { get; set; }

    uint ESI { get; set; }

    uint EDI { get; set; }

    uint EIP { get; set; }

    /// <summary>The architectural EFLAGS value (lazy flags materialised on read, reloaded on write).</summary>
    uint EFLAGS { get; set; }

    ushort GetSegment(SegmentRegister segment);

    /// <summary>Loads a segment register as a real-mode MOV would (base = selector × 16).</summary>
    void SetSegment(SegmentRegister segment, ushort selector);

    ushort AX { get => (ushort)EAX; set => EAX = (EAX & 0xFFFF_0000) | value; }

    ushort CX { get => (ushort)ECX; set => ECX = (ECX & 0xFFFF_0000) | value; }

    ushort DX { get => (ushort)EDX; set => EDX = (EDX & 0xFFFF_0000) | value; }

    ushort BX { get => (ushort)EBX; set => EBX = (EBX & 0xFFFF_0000) | value; }

    ushort SP { get => (ushort)ESP; set => ESP = (ESP & 0xFFFF_0000) | value; }

    ushort BP { get => (ushort)EBP; set => EBP = (EBP & 0xFFFF_0000) | value; }

    ushort SI { get => (ushort)ESI; set => ESI = (ESI & 0xFFFF_0000) | value; }

    ushort DI { get => (ushort)EDI; set => EDI = (EDI & 0xFFFF_0000) | value; }

    byte AL { get => (byte)EAX; set => EAX = (EAX & 0xFFFF_FF00) | value; }

    byte AH { get => (byte)(EAX >> 8); set => EAX = (EAX & 0xFFFF_00FF) | ((uint)value << 8); }

    byte CL { get => (byte)ECX; set => ECX = (ECX & 0xFFFF_FF00) | value; }

    byte CH { get => (byte)(ECX >> 8); set => ECX = (ECX & 0xFFFF_00FF) | ((uint)value << 8); }

    byte DL { get => (byte)EDX; set => EDX = (EDX & 0xFFFF_FF00) | value; }

    byte DH { get => (byte)(EDX >> 8); set => EDX = (EDX & 0xFFFF_00FF) | ((uint)value << 8); }

    byte BL { get => (byte)EBX; set => EBX = (EBX & 0xFFFF_FF00) | value; }

    byte BH { get => (byte)(EBX >> 8); set => EBX = (EBX & 0xFFFF_00FF) | ((uint)value << 8); }

    ushort ES { get => GetSegment(SegmentRegister.ES); set => SetSegment(SegmentRegister.ES, value); }

    ushort CS { get => GetSegment(SegmentRegister.CS); set => SetSegment(SegmentRegister.CS, value); }

    ushort SS { get => GetSegment(SegmentRegister.SS); set => SetSegment(SegmentRegister.SS, value); }

    ushort DS { get => GetSegment(SegmentRegister.DS); set => SetSegment(SegmentRegister.DS, value); }

    ushort FS { get => GetSegment(SegmentRegister.FS); set => SetSegment(SegmentRegister.FS, value); }

    ushort GS { get => GetSegment(SegmentRegister.GS); set => SetSegment(SegmentRegister.GS, value); }
}
