namespace Emu.Bios.Rom;

/// <summary>
/// Writes the 16-bit real-mode code of the BIOS's ROM stubs with one named helper per
/// instruction (encodings from the Intel SDM Vol. 2 opcode map), so the ROM is readable code,
/// not hex blobs. Works on the ROM image before it is mapped.
/// </summary>
public sealed class StubWriter
{
    private readonly byte[] _rom;

    public StubWriter(byte[] rom, int position)
    {
        _rom = rom;
        Position = position;
    }

    /// <summary>Offset inside the ROM segment (F000) where the next byte goes.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The BIOS call trap: saves AX, loads the service id into AX and writes it to the BIOS port.
    /// The trap handler pops AX again before the service runs, so the service sees the caller's registers.
    /// </summary>
    public void Trap(ushort serviceId)
    {
        PushAx();
        MovAx(serviceId);
        OutImm8Ax(BiosLayout.TrapPort);
    }

    public void PushAx() => Emit(0x50);

    public void PopAx() => Emit(0x58);

    public void MovAx(ushort value)
    {
        Emit(0xB8);
        Emit16(value);
    }

    public void MovAl(byte value)
    {
        Emit(0xB0);
        Emit(value);
    }

    public void OutImm8Ax(byte port)
    {
        Emit(0xE7);
        Emit(port);
    }

    public void OutImm8Al(byte port)
    {
        Emit(0xE6);
        Emit(port);
    }

    public void InAlImm8(byte port)
    {
        Emit(0xE4);
        Emit(port);
    }

    public void Int(byte vector)
    {
        Emit(0xCD);
        Emit(vector);
    }

    public void Iret() => Emit(0xCF);

    public void Sti() => Emit(0xFB);

    public void Cli() => Emit(0xFA);

    public void Hlt() => Emit(0xF4);

    public void Stc() => Emit(0xF9);

    public void MovAh(byte value)
    {
        Emit(0xB4);
        Emit(value);
    }

    public void Retf() => Emit(0xCB);

    public void JmpFar(ushort segment, ushort offset)
    {
        Emit(0xEA);
        Emit16(offset);
        Emit16(segment);
    }

    public void PushEax()
    {
        Emit(0x66);
        Emit(0x50);
    }

    public void PopEax()
    {
        Emit(0x66);
        Emit(0x58);
    }

    /// <summary>LGDT through CS:<paramref name="pointer"/> (2E 0F 01 /2, disp16).</summary>
    public void LgdtThroughCs(ushort pointer)
    {
        Emit(0x2E);
        Emit(0x0F);
        Emit(0x01);
        Emit(0x16);
        Emit16(pointer);
    }

    public void MovEaxCr0()
    {
        Emit(0x0F);
        Emit(0x20);
        Emit(0xC0);
    }

    public void MovCr0Eax()
    {
        Emit(0x0F);
        Emit(0x22);
        Emit(0xC0);
    }

    public void OrAl(byte value)
    {
        Emit(0x0C);
        Emit(value);
    }

    public void AndAl(byte value)
    {
        Emit(0x24);
        Emit(value);
    }

    /// <summary>PUSH imm8 (sign-extended to a word), then POP into DS, ES, FS and GS: all four data segments get <paramref name="selector"/>.</summary>
    public void LoadDataSegments(byte selector)
    {
        ReadOnlySpan<byte> pops = [0x1F, 0x07, 0x0F, 0xA1, 0x0F, 0xA9];
        for (int i = 0; i < pops.Length; i++)
        {
            Emit(0x6A);
            Emit(selector);
            Emit(pops[i]);
            if (pops[i] == 0x0F)
            {
                Emit(pops[++i]);
            }
        }
    }

    /// <summary>CALL ptr16:16 (9A): a direct far call, as POST enters an option ROM.</summary>
    public void CallFar(ushort segment, ushort offset)
    {
        Emit(0x9A);
        Emit16(offset);
        Emit16(segment);
    }

    /// <summary>JMP m16:16 through CS:<paramref name="pointer"/> (2E FF /5, mod 00 r/m 110: disp16).</summary>
    public void JmpFarThroughCs(ushort pointer)
    {
        Emit(0x2E);
        Emit(0xFF);
        Emit(0x2E);
        Emit16(pointer);
    }

    /// <summary>JZ rel8 with the target patched later by <see cref="BindHere"/>; returns the patch slot.</summary>
    public int JzForward() => JccForward(0x74);

    /// <summary>JNZ rel8 forward; returns the patch slot.</summary>
    public int JnzForward() => JccForward(0x75);

    /// <summary>JNC rel8 forward; returns the patch slot.</summary>
    public int JncForward() => JccForward(0x73);

    /// <summary>Makes the forward jump at <paramref name="slot"/> land at the current position.</summary>
    public void BindHere(int slot)
    {
        int displacement = Position - (slot + 1);
        if (displacement is < 0 or > 127)
        {
            throw new InvalidOperationException($"short jump from {slot:X4} cannot reach {Position:X4}");
        }

        _rom[slot] = (byte)displacement;
    }

    /// <summary>JMP short to an earlier position.</summary>
    public void JmpShortTo(int target)
    {
        int displacement = target - (Position + 2);
        if (displacement is < -128 or > 127)
        {
            throw new InvalidOperationException($"short jump from {Position:X4} cannot reach {target:X4}");
        }

        Emit(0xEB);
        Emit((byte)(sbyte)displacement);
    }

    public void Bytes(ReadOnlySpan<byte> data)
    {
        data.CopyTo(_rom.AsSpan(Position));
        Position += data.Length;
    }

    public void Emit(byte value) => _rom[Position++] = value;

    public void Emit16(ushort value)
    {
        Emit((byte)value);
        Emit((byte)(value >> 8));
    }

    private int JccForward(byte opcode)
    {
        Emit(opcode);
        int slot = Position;
        Emit(0);
        return slot;
    }
}
