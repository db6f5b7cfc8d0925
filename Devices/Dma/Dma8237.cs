using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Dma;

/// <summary>
/// One Intel 8237A DMA controller as QEMU's <c>i8257</c> models it (hw/dma/i8257.c): four channels
/// with base/current address and count behind a byte flip-flop, mode, single and all-channel masks,
/// the request register, status (TC bits 3-0, DREQ bits 7-4), master clear, and the page registers
/// of the PC/AT (81h-83h, 87h for channels 2, 3, 1, 0; 89h-8Bh, 8Fh for 6, 7, 5, 4). The second
/// controller (C0h-DFh) moves 16-bit words: its ports sit on even addresses and its addresses and
/// counts are in words (<c>dshift</c> 1).
/// A channel transfers while its device holds DREQ (or the guest set its request bit) and it is not
/// masked; single, demand and block mode all move the whole request at once, as QEMU does, and a
/// cascade channel moves nothing. The address counts within its 64 KiB (128 KiB) window: the page
/// register never increments, as on the AT. Memory-to-memory transfers and the command register's
/// timing bits are not emulated (QEMU refuses the same command bytes and keeps the old value).
/// </summary>
public sealed class Dma8237 : IPortDevice, IStatefulDevice
{
    // 8237A command register bits QEMU does not emulate (i8257.c CMD_NOT_SUPPORTED); bit 2 disables the controller.
    private const byte CommandNotSupported = 0xFB;
    private const byte CommandDisable = 0x04;

    // Page register offsets from the page base per channel, and the reverse (QEMU page_portio_list).
    private static readonly int[] PageChannel = [-1, 2, 3, 1, -1, -1, -1, 0];

    private readonly DmaChannel[] _channels = [new(), new(), new(), new()];
    private readonly PhysicalMemory _memory;
    private readonly ushort _base;
    private readonly ushort _pageBase;
    private bool _flipFlop;
    private bool _running;

    /// <param name="shift">0 for the 8-bit controller (channels 0-3), 1 for the 16-bit one (4-7).</param>
    public Dma8237(int shift, ushort basePort, ushort pageBase, PhysicalMemory memory, string stateName)
    {
        Shift = shift;
        _base = basePort;
        _pageBase = pageBase;
        _memory = memory;
        StateName = stateName;
        Reset();
    }

    public int Shift { get; }

    public string StateName { get; }

    public byte Command { get; private set; }

    public byte Mask { get; private set; }

    /// <summary>Bits 3-0: terminal count reached (cleared by reading); bits 7-4: request pending.</summary>
    public byte Status { get; private set; }

    /// <summary>Told when a request stays pending after a run, so the owner runs the channels again later.</summary>
    public Action? RunAgain { get; set; }

    public void Attach(IoBus bus)
    {
        int span = 8 << Shift;
        bus.Claim(_base, span, this, $"dma{Shift + 1}-chan");
        bus.Claim((ushort)(_base + span), span, this, $"dma{Shift + 1}-cont");
        bus.Claim((ushort)(_pageBase + 1), 3, this, $"dma{Shift + 1}-page");
        bus.Claim((ushort)(_pageBase + 7), 1, this, $"dma{Shift + 1}-page");
    }

    /// <summary>Channel 0-3 of this controller.</summary>
    public DmaChannel Channel(int index) => _channels[index];

    /// <summary>Machine reset: a master clear (QEMU <c>i8257_reset</c>).</summary>
    public void Reset() => MasterClear();

    public byte ReadByte(ushort port)
    {
        int offset = port - _base;
        if (port >= _pageBase && port < _pageBase + 8)
        {
            int channel = PageChannel[port - _pageBase];
            return channel < 0 ? (byte)0 : _channels[channel].Page;
        }

        int register = (offset >> Shift) & 0x0F;
        return offset < 8 << Shift ? ReadChannel(register) : ReadControl(register & 7);
    }

    public void WriteByte(ushort port, byte value)
    {
        int offset = port - _base;
        if (port >= _pageBase && port < _pageBase + 8)
        {
            int channel = PageChannel[port - _pageBase];
            if (channel >= 0)
            {
                _channels[channel].Page = value;
            }

            return;
        }

        int register = (offset >> Shift) & 0x0F;
        if (offset < 8 << Shift)
        {
            WriteChannel(register, value);
        }
        else
        {
            WriteControl(register & 7, value);
        }
    }

    /// <summary>The device on <paramref name="channel"/> (0-3) asks for service (DREQ high).</summary>
    public void HoldRequest(int channel)
    {
        Status |= (byte)(0x10 << channel);
        Run();
    }

    /// <summary>The device on <paramref name="channel"/> is done (DREQ low).</summary>
    public void ReleaseRequest(int channel)
    {
        Status &= (byte)~(0x10 << channel);
        Run();
    }

    /// <summary>
    /// Serves every unmasked channel with a pending request (QEMU <c>i8257_dma_run</c>). A device
    /// that releases or raises DREQ from inside its transfer only asks for another run later.
    /// </summary>
    public void Run()
    {
        if (_running)
        {
            RunAgain?.Invoke();
            return;
        }

        _running = true;
        bool again = false;
        for (int channel = 0; channel < 4; channel++)
        {
            int bit = 1 << channel;
            if ((Mask & bit) == 0 && (Status & (bit << 4)) != 0)
            {
                RunChannel(channel);
                again = true;
            }
        }

        _running = false;
        if (again)
        {
            RunAgain?.Invoke();
        }
    }

    /// <summary>Reads device-bound bytes from memory at <paramref name="position"/> bytes into the channel's transfer.</summary>
    public void ReadMemory(int channel, Span<byte> buffer, int position)
    {
        DmaChannel c = _channels[channel];
        for (int i = 0; i < buffer.Length;)
        {
            int run = Contiguous(c, position + i, buffer.Length - i, out uint address);
            _memory.DmaRead(address, buffer.Slice(i, run));
            i += run;
        }
    }

    /// <summary>Writes memory-bound bytes at <paramref name="position"/> bytes into the channel's transfer (not in verify mode).</summary>
    public void WriteMemory(int channel, ReadOnlySpan<byte> buffer, int position)
    {
        DmaChannel c = _channels[channel];
        if (c.TransferType == DmaChannel.TransferVerify)
        {
            return;
        }

        for (int i = 0; i < buffer.Length;)
        {
            int run = Contiguous(c, position + i, buffer.Length - i, out uint address);
            _memory.DmaWrite(address, buffer.Slice(i, run));
            i += run;
        }
    }

    /// <summary>
    /// Where byte <paramref name="position"/> of the transfer lies and how many of the next
    /// <paramref name="length"/> bytes follow it in memory without wrapping the window: one byte at a
    /// time when the channel counts down.
    /// </summary>
    private int Contiguous(DmaChannel c, int position, int length, out uint address)
    {
        address = Address(c, position);
        if (c.Decrement)
        {
            return 1;
        }

        int windowLeft = (0x10000 << Shift) - (int)(address & (uint)((0x10000 << Shift) - 1));
        return Math.Min(length, windowLeft);
    }

    /// <summary>The physical address of byte <paramref name="position"/>: the offset counts within the page's 64 KiB (128 KiB) window.</summary>
    private uint Address(DmaChannel c, int position)
    {
        int windowMask = (0x10000 << Shift) - 1;
        int start = c.BaseAddress << Shift;
        int offset = (c.Decrement ? start - position : start + position) & windowMask;
        uint page = Shift == 0 ? (uint)c.Page << 16 : (uint)(c.Page & 0xFE) << 16;
        return page | (uint)offset;
    }

    private void RunChannel(int channel)
    {
        DmaChannel c = _channels[channel];
        if ((Command & CommandDisable) != 0 || c.OperatingMode == DmaChannel.ModeCascade || c.Client is null)
        {
            return;
        }

        int length = (c.BaseCount + 1) << Shift;
        int position = c.Client.Transfer(channel + (Shift << 2), c.Position, length);
        c.Position = Math.Clamp(position, 0, length);
        if (c.Position == length)
        {
            Status |= (byte)(1 << channel);
            if (c.AutoInit)
            {
                c.Position = 0;
            }
        }
    }

    private byte ReadChannel(int register)
    {
        DmaChannel c = _channels[register >> 1];
        int value = (register & 1) != 0
            ? (c.BaseCount << Shift) - c.Position
            : (c.BaseAddress << Shift) + (c.Decrement ? -c.Position : c.Position);
        int shift = Shift + (NextFlipFlop() ? 8 : 0);
        return (byte)(value >> shift);
    }

    private void WriteChannel(int register, byte value)
    {
        DmaChannel c = _channels[register >> 1];
        bool count = (register & 1) != 0;
        bool high = NextFlipFlop();
        ushort old = count ? c.BaseCount : c.BaseAddress;
        ushort updated = high ? (ushort)((old & 0x00FF) | (value << 8)) : (ushort)((old & 0xFF00) | value);
        if (count)
        {
            c.BaseCount = updated;
        }
        else
        {
            c.BaseAddress = updated;
        }

        // The second byte loads the current registers from the base ones (QEMU i8257_init_chan).
        if (high)
        {
            c.Position = 0;
        }
    }

    private byte ReadControl(int register)
    {
        switch (register)
        {
            case 0:
                byte status = Status;
                Status &= 0xF0;
                return status;
            case 1:
                return Mask;
            default:
                return 0;
        }
    }

    private void WriteControl(int register, byte value)
    {
        switch (register)
        {
            case 0:
                if (value == 0 || (value & CommandNotSupported) == 0)
                {
                    Command = value;
                }

                break;
            case 1:
                // Request register: bit 2 sets or clears the software request of channel bits 1-0.
                int requested = value & 3;
                Status = (value & 4) != 0 ? (byte)(Status | (0x10 << requested)) : (byte)(Status & ~(0x10 << requested));
                Status &= (byte)~(1 << requested);
                Run();
                break;
            case 2:
                Mask = (value & 4) != 0 ? (byte)(Mask | (1 << (value & 3))) : (byte)(Mask & ~(1 << (value & 3)));
                Run();
                break;
            case 3:
                _channels[value & 3].Mode = value;
                break;
            case 4:
                _flipFlop = false;
                break;
            case 5:
                MasterClear();
                break;
            case 6:
                Mask = 0;
                Run();
                break;
            default:
                Mask = value;
                Run();
                break;
        }
    }

    private void MasterClear()
    {
        _flipFlop = false;
        Mask = 0xFF;
        Status = 0;
        Command = 0;
    }

    private bool NextFlipFlop()
    {
        bool value = _flipFlop;
        _flipFlop = !value;
        return value;
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("command", Command);
        writer.Write("mask", Mask);
        writer.Write("status", Status);
        writer.Write("flip-flop", _flipFlop);
        for (int i = 0; i < 4; i++)
        {
            DmaChannel c = _channels[i];
            writer.Write($"ch{i}.base-address", c.BaseAddress);
            writer.Write($"ch{i}.base-count", c.BaseCount);
            writer.Write($"ch{i}.position", c.Position);
            writer.Write($"ch{i}.mode", c.Mode);
            writer.Write($"ch{i}.page", c.Page);
        }

        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        Command = section.GetByte("command");
        Mask = section.GetByte("mask");
        Status = section.GetByte("status");
        _flipFlop = section.GetBool("flip-flop");
        for (int i = 0; i < 4; i++)
        {
            DmaChannel c = _channels[i];
            c.BaseAddress = section.GetUInt16($"ch{i}.base-address");
            c.BaseCount = section.GetUInt16($"ch{i}.base-count");
            c.Position = section.GetInt32($"ch{i}.position", 0, (c.BaseCount + 1) << Shift);
            c.Mode = section.GetByte($"ch{i}.mode");
            c.Page = section.GetByte($"ch{i}.page");
        }
    }
}
