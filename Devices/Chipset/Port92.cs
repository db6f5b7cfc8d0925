using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// Port 92h, PS/2 system control port A (QEMU <c>hw/i386/port92.c</c>). Bit 1 is the fast A20
/// gate, applied on every write (so rewriting 02h re-enables A20 after the i8042 turned it
/// off); a 0-to-1 change of bit 0 requests a system reset. Reads return the latched byte. The
/// latch starts at 00h; SeaBIOS writes 02h during POST, so an HLE POST should do the same.
/// </summary>
public sealed class Port92 : IPortDevice, IStatefulDevice
{
    public const ushort Port = 0x92;

    private readonly PhysicalMemory _memory;

    public Port92(PhysicalMemory memory)
    {
        _memory = memory;
    }

    /// <summary>Called when the guest requests a reset (bit 0 rising). The machine resets the CPU and devices.</summary>
    public Action? ResetRequested { get; set; }

    /// <summary>The latched byte.</summary>
    public byte Value { get; private set; }

    public string StateName => "port92";

    public void Attach(IoBus bus) => bus.Claim(Port, 1, this, "port92");

    public byte ReadByte(ushort port) => Value;

    public void WriteByte(ushort port, byte value)
    {
        byte old = Value;
        Value = value;
        _memory.A20Enabled = (value & 0x02) != 0;
        if ((value & 0x01) != 0 && (old & 0x01) == 0)
        {
            ResetRequested?.Invoke();
        }
    }

    /// <summary>Machine reset: only bit 0 of the latch is cleared (QEMU <c>port92_reset</c>).</summary>
    public void Reset() => Value &= 0xFE;

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("value", Value);
        writer.EndSection();
    }

    public void Load(StateReader reader) => Value = reader.GetSection(StateName, 1, 1).GetByte("value");
}
