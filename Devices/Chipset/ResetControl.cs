using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Chipset;

/// <summary>
/// The PIIX3 Reset Control register at port CF9h (82371SB datasheet 4.1.12; QEMU
/// <c>hw/isa/piix3.c</c> <c>rcr_write</c>): writing bit 2 (RCPU) requests a system reset; bit 1
/// (SRST, hard vs soft reset) is kept and read back. Other bits read zero.
/// </summary>
public sealed class ResetControl : IPortDevice, IStatefulDevice
{
    public const ushort Port = 0xCF9;
    private const byte ResetCpu = 1 << 2;
    private const byte SystemReset = 1 << 1;

    private byte _value;

    /// <summary>Called when the guest writes RCPU; the machine resets the CPU and devices.</summary>
    public Action? ResetRequested { get; set; }

    public string StateName => "piix3-rcr";

    public void Attach(IoBus bus) => bus.Claim(Port, 1, this, "piix3-rcr");

    public byte ReadByte(ushort port) => _value;

    public void WriteByte(ushort port, byte value)
    {
        if ((value & ResetCpu) != 0)
        {
            ResetRequested?.Invoke();
            return;
        }

        _value = (byte)(value & SystemReset);
    }

    /// <summary>Machine reset (QEMU <c>piix3_reset</c>): the register clears.</summary>
    public void Reset() => _value = 0;

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("value", _value);
        writer.EndSection();
    }

    public void Load(StateReader reader) => _value = (byte)(reader.GetSection(StateName, 1, 1).GetByte("value") & SystemReset);
}
