namespace Emu.Devices.Dma;

/// <summary>
/// One channel of an 8237: the base address and count the guest programs, the transfer position,
/// the mode byte and the page register (Intel 8237A datasheet, "Register description").
/// </summary>
public sealed class DmaChannel
{
    /// <summary>Mode register bits 7-6 (8237A "Mode register").</summary>
    public const int ModeCascade = 3;

    /// <summary>Mode register bits 3-2: 00 verify (no memory cycle), 01 write (device to memory), 10 read (memory to device).</summary>
    public const int TransferVerify = 0;

    public ushort BaseAddress { get; set; }

    /// <summary>The programmed count: the channel moves <c>BaseCount + 1</c> units (bytes or words).</summary>
    public ushort BaseCount { get; set; }

    /// <summary>Bytes moved since the channel was programmed (QEMU's <c>now[COUNT]</c>).</summary>
    public int Position { get; set; }

    public byte Mode { get; set; }

    public byte Page { get; set; }

    public IIsaDmaClient? Client { get; set; }

    public bool Decrement => (Mode & 0x20) != 0;

    public bool AutoInit => (Mode & 0x10) != 0;

    public int TransferType => (Mode >> 2) & 3;

    public int OperatingMode => Mode >> 6;
}
