using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// The legacy (compatibility-mode) ATA interface of the PIIX3 IDE function: the primary channel
/// at 1F0h-1F7h + 3F6h on IRQ 14 and the secondary at 170h-177h + 376h on IRQ 15 (spec
/// ide-atapi-bios.md A.1). QEMU decodes these ports whatever the PCI command register says, so
/// the pc machine always has them. Units are addressed by QEMU's drive index: bus × 2 + unit
/// (0 = primary master ... 3 = secondary slave). Leaves out the PCI function itself and its
/// bus-master DMA engine (BAR4, A.9): transfers are PIO only and IDENTIFY offers no DMA mode.
/// </summary>
public sealed class IdeController : IStatefulDevice
{
    public const ushort PrimaryCommandBase = 0x1F0;
    public const ushort PrimaryControlPort = 0x3F6;
    public const int PrimaryIrq = 14;
    public const ushort SecondaryCommandBase = 0x170;
    public const ushort SecondaryControlPort = 0x376;
    public const int SecondaryIrq = 15;

    private readonly IdeChannel[] _channels;

    public IdeController(IrqLine primaryIrq, IrqLine secondaryIrq)
    {
        _channels =
        [
            new IdeChannel(0, PrimaryCommandBase, PrimaryControlPort, primaryIrq),
            new IdeChannel(1, SecondaryCommandBase, SecondaryControlPort, secondaryIrq),
        ];
    }

    public string StateName => "ide";

    public IdeChannel Primary => _channels[0];

    public IdeChannel Secondary => _channels[1];

    /// <summary>The channel by bus number (0 primary, 1 secondary).</summary>
    public IdeChannel Channel(int bus) => _channels[bus];

    /// <summary>The unit at QEMU drive index <paramref name="index"/> (0-3).</summary>
    public IdeDevice Unit(int index) => _channels[(index >> 1) & 1][index & 1];

    /// <summary>The VM runs again after it stopped on an I/O error: the disks retry their pending requests.</summary>
    public void RetryStoppedRequests()
    {
        for (int index = 0; index < 4; index++)
        {
            (Unit(index) as AtaDisk)?.RetryStoppedRequest();
        }
    }

    /// <summary>Places <paramref name="device"/> on bus <paramref name="index"/> / 2, unit <paramref name="index"/> % 2.</summary>
    public void Attach(int index, IdeDevice device)
    {
        if (index is < 0 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"IDE index {index} is outside 0..3");
        }

        ArgumentNullException.ThrowIfNull(device);
        if (device.Unit != (index & 1))
        {
            throw new ArgumentException($"device for unit {device.Unit} cannot go to index {index}", nameof(device));
        }

        _channels[index >> 1].Attach(device);
    }

    public void Attach(IoBus bus)
    {
        _channels[0].Claim(bus, "ide0");
        _channels[1].Claim(bus, "ide1");
    }

    /// <summary>System reset: every unit to its power-on state (A.3).</summary>
    public void Reset()
    {
        _channels[0].Reset();
        _channels[1].Reset();
    }

    /// <summary>Section <c>ide</c> holds both channels' registers; <c>ide.B.U</c> each unit slot's.</summary>
    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        _channels[0].SaveFields(writer, "bus0.");
        _channels[1].SaveFields(writer, "bus1.");
        writer.EndSection();
        _channels[0].SaveUnits(writer, StateName + ".0");
        _channels[1].SaveUnits(writer, StateName + ".1");
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        _channels[0].Load(reader, section, "bus0.", StateName + ".0");
        _channels[1].Load(reader, section, "bus1.", StateName + ".1");
    }
}
