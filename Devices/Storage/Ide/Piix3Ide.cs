using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;
using Emu.Devices.Pci;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The PIIX3 IDE function, 00:01.1 (8086:7010, class 0101, programming interface 80h: both
/// channels in legacy mode, bus-master capable; Intel 82371SB data sheet 2.4, QEMU
/// <c>hw/ide/piix.c</c>, spec ide-atapi-bios.md A.1 and A.9). The legacy channels of
/// <see cref="IdeController"/> are decoded whatever the command register says; BAR4 (16 bytes
/// of I/O) holds the bus-master engine, whose memory accesses need the command register's bus
/// master bit. The IDE timing registers (40h-43h) and the rest of the device-specific space read
/// back what was written. No interrupt pin: the channels use IRQ 14 and 15.
/// </summary>
public sealed class Piix3Ide : PciFunction
{
    public const int BusMasterBar = 4;

    private readonly BusMasterChannel _primary;
    private readonly BusMasterChannel _secondary;

    public Piix3Ide(IdeController ide, PhysicalMemory memory)
        : base(0x8086, 0x7010, 0x00, 0x010180, PciInterruptPin.None, "piix3-ide")
    {
        ArgumentNullException.ThrowIfNull(ide);

        // QEMU piix_ide_reset: command 0, status fast back-to-back and DEVSEL medium.
        SetResetValue16(PciConfig.Status, PciConfig.StatusFastBackToBack | PciConfig.StatusDevselMedium);
        _primary = new BusMasterChannel(ide.Primary, memory, MasterEnabled);
        _secondary = new BusMasterChannel(ide.Secondary, memory, MasterEnabled);
        Engine = new BusMasterIde(_primary, _secondary);
        DefineIoBar(BusMasterBar, BusMasterIde.Size, Engine, PortWidths.All);
    }

    public BusMasterIde Engine { get; }

    private bool MasterEnabled() => (Command & PciConfig.CommandMaster) != 0;

    protected override void ResetFunction()
    {
        _primary.Reset();
        _secondary.Reset();
    }

    protected override void SaveFunction(StateWriter writer)
    {
        foreach ((string prefix, BusMasterChannel channel) in (ReadOnlySpan<(string, BusMasterChannel)>)[("bm0.", _primary), ("bm1.", _secondary)])
        {
            writer.Write(prefix + "cmd", channel.Command);
            writer.Write(prefix + "status", channel.Status);
            writer.Write(prefix + "prd", channel.PrdTable);
        }
    }

    protected override void LoadFunction(StateSection section)
    {
        foreach ((string prefix, BusMasterChannel channel) in (ReadOnlySpan<(string, BusMasterChannel)>)[("bm0.", _primary), ("bm1.", _secondary)])
        {
            channel.Restore(section.GetByte(prefix + "cmd"), section.GetByte(prefix + "status"), (uint)section.GetInt64(prefix + "prd", 0, uint.MaxValue));
        }
    }
}
