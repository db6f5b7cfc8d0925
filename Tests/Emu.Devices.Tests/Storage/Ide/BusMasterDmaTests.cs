using Emu.Core.Memory;
using Emu.Devices.Storage.Ide;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>The PIIX3 bus-master engine with an ATA disk and an ATAPI drive (spec ide-atapi-bios.md A.9, QEMU's measured PRD cases).</summary>
public sealed class BusMasterDmaTests
{
    private const int DiskBytes = 1 << 20;
    private const uint Table = 0x1000;
    private const uint Buffer = 0x10000;

    private static byte[] Pattern(int bytes)
    {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            data[i] = (byte)((i * 7) + (i >> 9));
        }

        return data;
    }

    private static (byte Bm, byte Status, byte Error, byte Count) Registers(BusMasterRig rig) =>
        (rig.Ide.In(BusMasterRig.BmStatus), rig.Ide.In(IdeRig.Control), rig.Ide.In(IdeRig.Error), rig.Ide.In(IdeRig.Count));

    [Theory]
    [InlineData(1, (ushort)512, 0x04, 0x50, 0x00, 0x00)]   // exact
    [InlineData(1, (ushort)1024, 0x05, 0x50, 0x00, 0x00)]  // longer: Active stays set
    [InlineData(2, (ushort)512, 0x00, 0x50, 0x00, 0x02)]   // shorter: nothing moves, no IRQ
    [InlineData(128, (ushort)0, 0x04, 0x50, 0x00, 0x00)]   // byte count 0 = 64 KiB
    public void ReadDmaEndsWithQemusRegistersForEachPrdCase(int sectors, ushort prdCount, int bm, int status, int error, int count)
    {
        BusMasterRig rig = new();
        byte[] disk = Pattern(DiskBytes);
        rig.Ide.AddDisk(disk);
        rig.WritePrds(Table, (Buffer, prdCount, true));
        rig.StartDma(IdeCommandTable.ReadDma, 3, (byte)sectors, Table, toMemory: true);

        Assert.Equal(((byte)bm, (byte)status, (byte)error, (byte)count), Registers(rig));
        bool moved = status == 0x50 && count == 0;
        Assert.Equal(moved, rig.Ide.Irq14);
        byte[] ram = rig.Memory.Ram.Slice((int)Buffer, sectors * 512).ToArray();
        if (moved)
        {
            Assert.Equal(disk.AsSpan(3 * 512, sectors * 512).ToArray(), ram);
        }
        else
        {
            Assert.All(ram, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void AnOutOfRangeLbaAbortsAndInterrupts()
    {
        BusMasterRig rig = new();
        rig.Ide.AddDisk(new byte[DiskBytes]);
        rig.WritePrds(Table, (Buffer, 512, true));
        rig.StartDma(IdeCommandTable.ReadDma, DiskBytes / 512, 1, Table, toMemory: true);
        Assert.Equal(((byte)0x04, (byte)0x41, (byte)0x04, (byte)0x01), Registers(rig));
        Assert.True(rig.Ide.Irq14);
    }

    [Fact]
    public void TheDriveWaitsAt58UntilSsbmAndTheInterruptBitClearsByWritingOne()
    {
        BusMasterRig rig = new();
        rig.Ide.AddDisk(Pattern(DiskBytes));
        rig.WritePrds(Table, (Buffer, 512, true));
        rig.Ide.Bus.WriteDword(BusMasterRig.BmPrd, Table);
        rig.Ide.SetLba28(0, 1);
        rig.Ide.Out(IdeRig.Status, IdeCommandTable.ReadDma);
        Assert.Equal(0x58, rig.Ide.In(IdeRig.Control));
        Assert.Equal(0x00, rig.Ide.In(BusMasterRig.BmStatus));
        rig.Ide.Out(BusMasterRig.BmCommand, 0x09);
        Assert.Equal(0x04, rig.Ide.In(BusMasterRig.BmStatus));
        rig.Ide.Out(BusMasterRig.BmStatus, 0x64);
        Assert.Equal(0x60, rig.Ide.In(BusMasterRig.BmStatus));
        Assert.Equal(Table, rig.Ide.Bus.ReadDword(BusMasterRig.BmPrd));
        Assert.Equal(0xFFFF_FFFFu, rig.Ide.Bus.ReadDword(BusMasterRig.BmCommand));
        Assert.Equal(0xFF, rig.Ide.In(BusMasterRig.Bar4 + 1));
    }

    [Fact]
    public void WriteDmaGathersAcrossSeveralPrds()
    {
        BusMasterRig rig = new();
        byte[] disk = new byte[DiskBytes];
        rig.Ide.AddDisk(disk);
        byte[] data = Pattern(3 * 512);
        rig.Memory.WriteBlock(0x20000, data.AsSpan(0, 1000));
        rig.Memory.WriteBlock(0x30000, data.AsSpan(1000));
        rig.WritePrds(Table, (0x20000, 1000, false), (0x30000, (ushort)(data.Length - 1000), true));
        rig.StartDma(IdeCommandTable.WriteDma, 10, 3, Table, toMemory: false);
        Assert.Equal(((byte)0x04, (byte)0x50, (byte)0x00, (byte)0x00), Registers(rig));
        Assert.Equal(data, disk.AsSpan(10 * 512, data.Length).ToArray());
    }

    [Fact]
    public void WithBusMasteringOffTheTableReadsAsZerosAndActiveStaysSet()
    {
        // A.9: SeaBIOS leaves command 0103h; QEMU then ends READ DMA at 50h with an IRQ and BM status 05h.
        BusMasterRig rig = new(busMaster: false);
        rig.Ide.AddDisk(Pattern(DiskBytes));
        rig.WritePrds(Table, (Buffer, 512, true));
        rig.StartDma(IdeCommandTable.ReadDma, 0, 1, Table, toMemory: true);
        Assert.Equal(((byte)0x05, (byte)0x50, (byte)0x00, (byte)0x00), Registers(rig));
        Assert.All(rig.Memory.Ram.Slice(0, 0x1000).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void DmaBeyondRamOrIntoRomTouchesNothing()
    {
        BusMasterRig rig = new(ramBytes: 1 << 20);
        rig.Memory.MapRom(0xF0000, new byte[0x10000]);
        rig.Ide.AddDisk(Pattern(DiskBytes));
        rig.WritePrds(Table, (0xF0000, 0x8000, false), (0x000F_FF00, 0x400, false), (0xFFFF_FF00, 0x400, true));
        rig.StartDma(IdeCommandTable.ReadDma, 0, 68, Table, toMemory: true);
        Assert.Equal(0x04, rig.Ide.In(BusMasterRig.BmStatus));
        Assert.All(rig.Memory.GetRomSpan(0xF0000)[..0x10000].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void AtapiReadGoesThroughTheEngine()
    {
        BusMasterRig rig = new();
        byte[] iso = Pattern(64 * 2048);
        rig.Ide.AddCdrom(iso, index: 0);
        rig.WritePrds(Table, (Buffer, 2 * 2048, true));
        rig.Ide.Bus.WriteDword(BusMasterRig.BmPrd, Table);
        rig.Ide.Out(BusMasterRig.BmCommand, 0x08);
        ClearUnitAttention(rig);
        rig.Ide.Out(IdeRig.Device, 0xA0);
        rig.Ide.Out(IdeRig.Error, 0x01); // DMA
        rig.Ide.Out(IdeRig.CylLow, 0x00);
        rig.Ide.Out(IdeRig.CylHigh, 0x80);
        rig.Ide.Out(IdeRig.Status, IdeCommandTable.Packet);
        byte[] cdb = [0x28, 0, 0, 0, 0, 5, 0, 0, 2, 0, 0, 0];
        for (int i = 0; i < 12; i += 2)
        {
            rig.Ide.Bus.WriteWord(IdeRig.Data, (ushort)(cdb[i] | (cdb[i + 1] << 8)));
        }

        Assert.Equal(0x58, rig.Ide.In(IdeRig.Control));
        rig.Ide.Out(BusMasterRig.BmCommand, 0x09);
        Assert.Equal(0x04, rig.Ide.In(BusMasterRig.BmStatus));
        Assert.Equal(0x50, rig.Ide.In(IdeRig.Control));
        Assert.Equal(0x03, rig.Ide.In(IdeRig.Count)); // IO | CoD: command complete
        Assert.Equal(iso.AsSpan(5 * 2048, 2 * 2048).ToArray(), rig.Memory.Ram.Slice((int)Buffer, 2 * 2048).ToArray());
    }

    private static void ClearUnitAttention(BusMasterRig rig)
    {
        // TEST UNIT READY after the medium change: CHECK CONDITION, then ready.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            rig.Ide.Out(IdeRig.Device, 0xA0);
            rig.Ide.Out(IdeRig.Error, 0x00);
            rig.Ide.Out(IdeRig.Status, IdeCommandTable.Packet);
            for (int i = 0; i < 6; i++)
            {
                rig.Ide.Bus.WriteWord(IdeRig.Data, 0);
            }

            rig.Ide.In(IdeRig.Status);
        }
    }

    [Fact]
    public void AMillionRandomPrdTablesAndRegisterWritesNeverThrowOrEscapeRam()
    {
        BusMasterRig rig = new(ramBytes: 1 << 20);
        byte[] rom = Pattern(0x10000);
        rig.Memory.MapRom(0xF0000, rom);
        rig.Ide.AddDisk(Pattern(64 * 1024));
        rig.Ide.AddCdrom(Pattern(32 * 2048), index: 2);
        Random random = new(1234);
        ushort[] idePorts = [IdeRig.Error, IdeRig.Count, IdeRig.SectorReg, IdeRig.CylLow, IdeRig.CylHigh, IdeRig.Device];
        byte[] commands = [0xC8, 0xC9, 0xCA, 0xCB, 0x25, 0x35, 0xA0, 0x20, 0xEC, 0xEF];
        for (int i = 0; i < 1_000_000; i++)
        {
            ushort bar = (ushort)(BusMasterRig.Bar4 + (random.Next(2) * 8));
            switch (random.Next(8))
            {
                case 0:
                    uint table = (uint)random.Next(0, 1 << 20) & ~7u;
                    if (random.Next(8) == 0)
                    {
                        table = (uint)random.NextInt64(0, 1L << 32) & ~7u;
                    }

                    for (int e = random.Next(1, 4); e > 0; e--)
                    {
                        uint address = random.Next(4) == 0 ? (uint)random.NextInt64(0, 1L << 32) : (uint)random.Next(0, 1 << 20);
                        uint control = (uint)random.Next(0, 0x10000) | (e == 1 || random.Next(4) == 0 ? 0x8000_0000u : 0);
                        if (table < (1 << 20) - 8)
                        {
                            rig.Memory.Write32(table, address);
                            rig.Memory.Write32(table + 4, control);
                        }

                        table += 8;
                    }

                    rig.Ide.Bus.WriteDword((ushort)(bar + 4), table - 8);
                    break;
                case 1:
                    rig.Ide.Out((ushort)(bar + random.Next(8)), (byte)random.Next(256));
                    break;
                case 2:
                    rig.Ide.Bus.WriteDword((ushort)(bar + random.Next(8)), (uint)random.NextInt64(0, 1L << 32));
                    break;
                case 3:
                case 4:
                    ushort baseport = random.Next(2) == 0 ? (ushort)0x1F0 : (ushort)0x170;
                    rig.Ide.Out((ushort)(idePorts[random.Next(idePorts.Length)] - 0x1F0 + baseport), (byte)random.Next(256));
                    break;
                case 5:
                    ushort cmdPort = random.Next(2) == 0 ? (ushort)0x1F7 : (ushort)0x177;
                    rig.Ide.Out((ushort)(cmdPort - 6), (byte)random.Next(1, 9));
                    rig.Ide.Out(cmdPort, commands[random.Next(commands.Length)]);
                    break;
                case 6:
                    rig.Ide.Bus.WriteWord(random.Next(2) == 0 ? (ushort)0x1F0 : (ushort)0x170, (ushort)random.Next(0x10000));
                    rig.Ide.Bus.ReadWord(random.Next(2) == 0 ? (ushort)0x1F0 : (ushort)0x170);
                    break;
                default:
                    if (random.Next(16) == 0)
                    {
                        ushort control = random.Next(2) == 0 ? (ushort)0x3F6 : (ushort)0x376;
                        rig.Ide.Out(control, 0x04);
                        rig.Ide.Out(control, 0x00);
                    }

                    rig.Function.WriteConfig(0x04, (uint)(0x01 | (random.Next(2) << 2)), 2);
                    break;
            }
        }

        Assert.Equal(rom, rig.Memory.GetRomSpan(0xF0000)[..rom.Length].ToArray());
        Assert.Equal(1 << 20, rig.Memory.RamSize);
    }
}
