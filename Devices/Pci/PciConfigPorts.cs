using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Pci;

/// <summary>
/// PCI configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2; QEMU <c>pci_host_conf_*</c>
/// and <c>pci_host_data_*</c>): CONFIG_ADDRESS at CF8h, a dword register that only dword
/// accesses reach (bit 31 enable, bits 23-16 bus, 15-8 devfn, 7-2 register), and CONFIG_DATA
/// at CFCh-CFFh, which takes byte, word and dword accesses at the register plus the port's low
/// two bits. Only bus 0 exists: other buses and a clear enable bit read all ones.
/// A byte access to CF9h is the PIIX3 reset control register, which lives inside CF8h's dword:
/// it is passed to <see cref="ResetControl"/>.
/// </summary>
public sealed class PciConfigPorts : IPortDevice, IStatefulDevice
{
    public const ushort AddressPort = 0xCF8;
    public const ushort DataPort = 0xCFC;
    public const ushort ResetControlPort = 0xCF9;

    private const uint Enable = 0x8000_0000;

    private readonly PciBus _bus;

    public PciConfigPorts(PciBus bus)
    {
        _bus = bus;
    }

    /// <summary>The device behind CF9h (byte accesses only), or null: then CF9h reads FFh.</summary>
    public IPortDevice? ResetControl { get; set; }

    /// <summary>CONFIG_ADDRESS as last written.</summary>
    public uint ConfigAddress { get; private set; }

    public string StateName => "pci-config";

    /// <summary>Claims CF8h-CFFh.</summary>
    public void Attach(IoBus io) => io.Claim(AddressPort, 8, this, "pci-config", PortWidths.All);

    public byte ReadByte(ushort port)
    {
        if (port == ResetControlPort)
        {
            return ResetControl?.ReadByte(port) ?? 0xFF;
        }

        return port >= DataPort ? (byte)ReadData(port, 1) : (byte)0xFF;
    }

    public void WriteByte(ushort port, byte value)
    {
        if (port == ResetControlPort)
        {
            ResetControl?.WriteByte(port, value);
        }
        else if (port >= DataPort)
        {
            WriteData(port, value, 1);
        }
    }

    public ushort ReadWord(ushort port) => port >= DataPort ? (ushort)ReadData(port, 2) : (ushort)0xFFFF;

    public void WriteWord(ushort port, ushort value)
    {
        if (port >= DataPort)
        {
            WriteData(port, value, 2);
        }
    }

    public uint ReadDword(ushort port) => port switch
    {
        AddressPort => ConfigAddress,
        DataPort => ReadData(port, 4),
        _ => 0xFFFF_FFFF,
    };

    public void WriteDword(ushort port, uint value)
    {
        if (port == AddressPort)
        {
            // Bits 1-0 read back as written on QEMU's i440FX; they select nothing.
            ConfigAddress = value;
        }
        else if (port == DataPort)
        {
            WriteData(port, value, 4);
        }
    }

    public void Reset() => ConfigAddress = 0;

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("address", ConfigAddress);
        writer.EndSection();
    }

    public void Load(StateReader reader) =>
        ConfigAddress = (uint)reader.GetSection(StateName, 1, 1).GetInt64("address", 0, uint.MaxValue);

    private uint ReadData(ushort port, int size)
    {
        if (!Selects(port, size, out int devfn, out int offset))
        {
            return size == 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
        }

        return _bus.ReadConfig(devfn, offset, size);
    }

    private void WriteData(ushort port, uint value, int size)
    {
        if (Selects(port, size, out int devfn, out int offset))
        {
            _bus.WriteConfig(devfn, offset, value, size);
        }
    }

    /// <summary>Decodes CONFIG_ADDRESS for an access of <paramref name="size"/> at <paramref name="port"/>; false when it selects nothing on bus 0.</summary>
    private bool Selects(ushort port, int size, out int devfn, out int offset)
    {
        devfn = (int)(ConfigAddress >> 8) & 0xFF;
        offset = (int)(ConfigAddress & 0xFC) + (port & 3);
        bool enabled = (ConfigAddress & Enable) != 0 && ((ConfigAddress >> 16) & 0xFF) == 0;

        // An access that would cross the dword (a word at CFFh) is not a configuration cycle.
        return enabled && (port & 3) + size <= 4;
    }
}
