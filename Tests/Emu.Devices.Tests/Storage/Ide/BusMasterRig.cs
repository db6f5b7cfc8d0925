using Emu.Core.Memory;
using Emu.Devices.Pci;
using Emu.Devices.Storage.Ide;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>An <see cref="IdeRig"/> behind the PIIX3 IDE function, with BAR4 at C000h and guest RAM for the PRD tables.</summary>
public sealed class BusMasterRig
{
    public const ushort Bar4 = 0xC000;
    public const ushort BmCommand = Bar4;
    public const ushort BmStatus = Bar4 + 2;
    public const ushort BmPrd = Bar4 + 4;

    public BusMasterRig(int ramBytes = 2 << 20, bool busMaster = true)
    {
        Memory = new PhysicalMemory(ramBytes);
        PciBus bus = new(Ide.Bus, Memory);
        Function = new Piix3Ide(Ide.Controller, Memory);
        bus.Add(new PciAddress(1, 1), Function);
        Function.WriteConfig(0x20, Bar4, 4);
        Function.WriteConfig(PciConfig.Command, PciConfig.CommandIo | (busMaster ? PciConfig.CommandMaster : 0u), 2);
    }

    public IdeRig Ide { get; } = new();

    public PhysicalMemory Memory { get; }

    public Piix3Ide Function { get; }

    /// <summary>Writes PRD entries (address, count field, end of table) at <paramref name="table"/>.</summary>
    public void WritePrds(uint table, params (uint Address, ushort Count, bool Last)[] entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            Memory.Write32(table + (uint)(8 * i), entries[i].Address);
            Memory.Write32(table + (uint)(8 * i) + 4, entries[i].Count | (entries[i].Last ? 0x8000_0000u : 0));
        }
    }

    /// <summary>READ DMA (C8h) or WRITE DMA (CAh) of <paramref name="count"/> sectors at <paramref name="lba"/> through the table at <paramref name="table"/>.</summary>
    public void StartDma(byte command, uint lba, byte count, uint table, bool toMemory)
    {
        Ide.Bus.WriteDword(BmPrd, table);
        Ide.Out(BmCommand, toMemory ? BusMasterChannel.CommandToMemory : (byte)0);
        Ide.SetLba28(lba, count);
        Ide.Out(IdeRig.Status, command);
        Ide.Out(BmCommand, (byte)((toMemory ? BusMasterChannel.CommandToMemory : 0) | BusMasterChannel.CommandStart));
    }
}
