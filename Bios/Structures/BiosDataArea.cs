using Emu.Core.Memory;

namespace Emu.Bios.Structures;

/// <summary>
/// The BIOS Data Area at segment 0040 as a typed view over guest memory, with the field offsets of
/// pc-platform-bios.md 1.2 (IBM PC/AT Technical Reference; SeaBIOS <c>src/std/bda.h</c>).
/// Reads and writes go through <see cref="PhysicalMemory"/> so the guest sees them at once.
/// </summary>
public sealed class BiosDataArea
{
    public const uint Base = 0x400;

    public const int ComPorts = 0x00;
    public const int LptPorts = 0x08;
    public const int EbdaSegment = 0x0E;
    public const int EquipmentWord = 0x10;
    public const int MemorySizeKiB = 0x13;
    public const int ShiftFlags = 0x17;
    public const int ShiftFlags2 = 0x18;
    public const int AltKeypad = 0x19;
    public const int KeyboardHead = 0x1A;
    public const int KeyboardTail = 0x1C;
    public const int KeyboardBuffer = 0x1E;
    public const int FloppyRecalibrate = 0x3E;
    public const int FloppyMotorStatus = 0x3F;
    public const int FloppyMotorCounter = 0x40;
    public const int FloppyLastStatus = 0x41;
    public const int FloppyResult = 0x42;
    public const int VideoMode = 0x49;
    public const int VideoColumns = 0x4A;
    public const int VideoPageSize = 0x4C;
    public const int VideoPageStart = 0x4E;
    public const int CursorPositions = 0x50;
    public const int CursorShape = 0x60;
    public const int ActivePage = 0x62;
    public const int CrtcBase = 0x63;
    public const int CrtModeControl = 0x65;
    public const int CgaPalette = 0x66;
    public const int ResetVector = 0x67;
    public const int TimerTicks = 0x6C;
    public const int TimerRollover = 0x70;
    public const int CtrlBreak = 0x71;
    public const int SoftResetFlag = 0x72;
    public const int HardDiskLastStatus = 0x74;
    public const int HardDiskCount = 0x75;
    public const int HardDiskControl = 0x76;
    public const int LptTimeouts = 0x78;
    public const int ComTimeouts = 0x7C;
    public const int KeyboardBufferStart = 0x80;
    public const int KeyboardBufferEnd = 0x82;
    public const int VideoRows = 0x84;
    public const int CharacterHeight = 0x85;
    public const int VideoControl = 0x87;
    public const int VideoSwitches = 0x88;
    public const int VideoModeOptions = 0x89;
    public const int DisplayCombination = 0x8A;
    public const int FloppyDriveInfo = 0x8F;
    public const int FloppyMediaState = 0x90;
    public const int FloppyCylinder = 0x94;
    public const int KeyboardStatus3 = 0x96;
    public const int KeyboardLeds = 0x97;
    public const int WaitFlagPointer = 0x98;
    public const int WaitCount = 0x9C;
    public const int WaitActive = 0xA0;
    public const int VideoSavePointer = 0xA8;

    public const int Size = 0x100;

    /// <summary>Timer ticks per day (IBM heritage constant, SeaBIOS TICKS_PER_DAY).</summary>
    public const uint TicksPerDay = 0x1800B0;

    private readonly PhysicalMemory _memory;

    public BiosDataArea(PhysicalMemory memory)
    {
        _memory = memory;
    }

    public byte Read8(int offset) => _memory.Read8(Base + (uint)offset);

    public ushort Read16(int offset) => _memory.Read16(Base + (uint)offset);

    public uint Read32(int offset) => _memory.Read32(Base + (uint)offset);

    public void Write8(int offset, byte value) => _memory.Write8(Base + (uint)offset, value);

    public void Write16(int offset, ushort value) => _memory.Write16(Base + (uint)offset, value);

    public void Write32(int offset, uint value) => _memory.Write32(Base + (uint)offset, value);

    public void Clear()
    {
        for (int i = 0; i < Size; i++)
        {
            Write8(i, 0);
        }
    }
}
