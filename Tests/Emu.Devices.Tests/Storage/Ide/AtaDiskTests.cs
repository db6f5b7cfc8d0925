using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>IDENTIFY DEVICE and the ATA commands of a disk (spec ide-atapi-bios.md A.5-A.7).</summary>
public sealed class AtaDiskTests
{
    private const int TenMiB = 10 * 1024 * 1024;

    [Fact]
    public void IdentifyMatchesQemuForA10MiBDisk()
    {
        // A.7, measured on QEMU 7.2 (10 MiB, primary master), less the TRIM and SMART claims.
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB], geometry: new ChsGeometry(20, 16, 63));
        ushort[] w = rig.Identify();
        Assert.Equal([0x0040, 0x0014, 0x0000, 0x0010, 0x7E00, 0x0200, 0x003F, 0x0000], w[0..8]);
        Assert.Equal("QM00001             ", IdeRig.Ata(w, 10, 10));
        Assert.Equal([0x0003, 0x0200, 0x0004], w[20..23]);
        Assert.Equal("2.5+    ", IdeRig.Ata(w, 23, 4));
        Assert.Equal("QEMU HARDDISK".PadRight(40), IdeRig.Ata(w, 27, 20));
        Assert.Equal([0x8010, 0x0001], w[47..49]);
        Assert.Equal(0x0B00, w[49]);
        Assert.Equal([0x0000, 0x0200, 0x0200, 0x0007, 0x0014, 0x0010, 0x003F, 0x4EC0, 0x0000, 0x0110, 0x5000, 0x0000], w[50..62]);
        Assert.Equal([0x0007, 0x0007], w[62..64]);
        Assert.Equal([0x0003, 0x0078, 0x0078, 0x0078, 0x0078], w[64..69]);
        Assert.Equal(0x0000, w[69]); // QEMU 4000 with discard: TRIM needs DMA
        Assert.Equal([0x00F0, 0x0016, 0x4020, 0x7400, 0x4000, 0x4020, 0x3400, 0x4000, 0x203F], w[80..89]); // QEMU 4021 (SMART)
        Assert.Equal(0x6001, w[93]);
        Assert.Equal([0x5000, 0x0000, 0x0000, 0x0000], w[100..104]);
        Assert.Equal(0x6000, w[106]);
        Assert.Equal(0x0000, w[169]);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void IdentifyReportsLba28CapAndLba48SizeForA200GiBDisk()
    {
        IdeRig rig = new();
        BlockDrive drive = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, new ZeroBackend(200L << 30));
        rig.Controller.Attach(0, new AtaDisk(drive, new ChsGeometry(16383, 16, 63)));
        ushort[] w = rig.Identify();
        Assert.Equal([0xFFFF, 0x0FFF], w[60..62]);
        Assert.Equal([0x0000, 0x1900, 0x0000, 0x0000], w[100..104]);
        Assert.Equal(16383, w[1]);
    }

    [Fact]
    public void SlaveAndSecondaryUnitsGetQemuSerialNumbers()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB], 0);
        rig.AddDisk(new byte[TenMiB], 1);
        rig.AddDisk(new byte[TenMiB], 3);
        rig.Out(IdeRig.Device, 0x10);
        Assert.Equal("QM00002", IdeRig.Ata(rig.Identify(), 10, 10).TrimEnd());
        rig.Out(0x176, 0x10);
        Assert.Equal("QM00004", IdeRig.Ata(rig.Identify(0xEC, 0x170), 10, 10).TrimEnd());
    }

    [Fact]
    public void ReadSectorsInterruptsPerBlockAndEndsWithoutInterrupt()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba28(100, 2);
        rig.Out(IdeRig.Status, 0x20);
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.Equal(image.AsSpan(100 * 512, 512).ToArray(), rig.ReadData(512));
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.Equal(image.AsSpan(101 * 512, 512).ToArray(), rig.ReadData(512));
        Assert.False(rig.Irq14);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(2, rig.Irqs.Rises(14));
        Assert.Equal(0, rig.In(IdeRig.Count));
        Assert.Equal(102, rig.In(IdeRig.SectorReg)); // the next sector's address
        Assert.Equal(0, rig.InWord(IdeRig.Data));
    }

    [Fact]
    public void EightBitDataReadConsumesAWord()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba28(3, 1);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(image[3 * 512], rig.In(IdeRig.Data));
        Assert.Equal(image[(3 * 512) + 2], rig.In(IdeRig.Data));
    }

    [Fact]
    public void DwordDataReadsMoveTwoWords()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba28(7, 1);
        rig.Out(IdeRig.Status, 0x20);
        uint first = rig.Bus.ReadDword(IdeRig.Data);
        Assert.Equal(BitConverter.ToUInt32(image, 7 * 512), first);
        for (int i = 1; i < 128; i++)
        {
            rig.Bus.ReadDword(IdeRig.Data);
        }

        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void WriteSectorsRequestsTheFirstBlockWithoutInterrupt()
    {
        byte[] image = new byte[TenMiB];
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba28(9, 2);
        rig.Out(IdeRig.Status, 0x30);
        Assert.False(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Control));
        rig.WriteData(Filled(512, 0xA1));
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.WriteData(Filled(512, 0xA2));
        Assert.True(rig.Irq14);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.All(image.AsSpan(9 * 512, 512).ToArray(), b => Assert.Equal(0xA1, b));
        Assert.All(image.AsSpan(10 * 512, 512).ToArray(), b => Assert.Equal(0xA2, b));
        Assert.Equal(0, image[11 * 512]);
        Assert.Equal(11, rig.In(IdeRig.SectorReg));
    }

    [Fact]
    public void ReadAndWriteMultipleMoveBlocksOfTheMultipleCount()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.Out(IdeRig.Count, 4);
        rig.Out(IdeRig.Status, 0xC6);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        rig.SetLba28(20, 6);
        rig.Out(IdeRig.Status, 0xC4);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.Equal(image.AsSpan(20 * 512, 4 * 512).ToArray(), rig.ReadData(4 * 512));
        Assert.True(rig.Irq14);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.Equal(image.AsSpan(24 * 512, 2 * 512).ToArray(), rig.ReadData(2 * 512));
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0x0104, rig.Identify()[59]); // the first IDENTIFY is built now, with multiple count 4

        rig.SetLba28(40, 5);
        rig.Out(IdeRig.Status, 0xC5);
        rig.WriteData(Filled(4 * 512, 0x5C));
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.WriteData(Filled(512, 0x5D));
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0x5C, image[(43 * 512) + 511]);
        Assert.Equal(0x5D, image[44 * 512]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(32)]
    [InlineData(6)]
    public void SetMultipleModeRefusesCountsThatAreNotPowersOfTwoUpTo16(byte count)
    {
        IdeRig rig = new();
        AtaDisk disk = rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Count, count);
        rig.Out(IdeRig.Status, 0xC6);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        Assert.Equal(16, disk.MultipleSectors);
    }

    [Fact]
    public void MultipleCommandsAbortWhenMultipleModeIsOff()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Count, 0);
        rig.Out(IdeRig.Status, 0xC6);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        rig.SetLba28(0, 1);
        rig.Out(IdeRig.Status, 0xC4);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Status, 0xC5);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
    }

    [Fact]
    public void Lba48ReadUsesTheHobBytes()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba48(0x4000, 1);
        rig.Out(IdeRig.Status, 0x24);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        Assert.Equal(image.AsSpan(0x4000 * 512, 512).ToArray(), rig.ReadData(512));
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0x01, rig.In(IdeRig.SectorReg));
        Assert.Equal(0x40, rig.In(IdeRig.CylLow));
    }

    [Fact]
    public void Lba48CountZeroMeans65536()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba48(0, 0);
        rig.Out(IdeRig.Status, 0x24);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.ReadData(512);
        Assert.Equal(0xFE, rig.In(IdeRig.Count)); // 65534 left once the second block is loaded
        Assert.Equal(0x58, rig.In(IdeRig.Status));
    }

    [Theory]
    [InlineData(20480u, 1)] // LBA == size
    [InlineData(0x0FFFFFFFu, 1)]
    [InlineData(20481u, 1)]
    public void RangeCheckAbortsRequestsPastTheEnd(uint lba, byte count)
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba28(lba, count);
        rig.Out(IdeRig.Status, 0x20);
        Assert.True(rig.Irq14);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
    }

    [Fact]
    public void EachBlockIsRangeCheckedWhenItIsRead()
    {
        // QEMU ide_sector_read checks one DRQ block at a time: the last sector is delivered, then the request aborts.
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba28(20479, 2);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.ReadData(512);
        Assert.True(rig.Irq14);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
    }

    [Fact]
    public void ReadMultipleChecksTheWholeBlock()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba28(20479, 2);
        rig.Out(IdeRig.Status, 0xC4);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
    }

    [Fact]
    public void OutOfRangeWriteAbortsAfterTheDataAndChangesNothing()
    {
        byte[] image = new byte[TenMiB];
        IdeRig rig = new();
        rig.AddDisk(image);
        rig.SetLba28(20480, 1);
        rig.Out(IdeRig.Status, 0x30);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.WriteData(Filled(512, 0xEE));
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        Assert.DoesNotContain((byte)0xEE, image);
    }

    [Fact]
    public void ChsAddressUsesTheCurrentTranslationAndWritesTheNextAddressBack()
    {
        byte[] image = Pattern(TenMiB);
        IdeRig rig = new();
        rig.AddDisk(image, geometry: new ChsGeometry(20, 16, 63));

        // C/H/S 1/2/3 = (1*16 + 2)*63 + 2 = 1136.
        rig.Out(IdeRig.Device, 0x02);
        rig.Out(IdeRig.Count, 1);
        rig.Out(IdeRig.SectorReg, 3);
        rig.Out(IdeRig.CylLow, 1);
        rig.Out(IdeRig.CylHigh, 0);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(image.AsSpan(1136 * 512, 512).ToArray(), rig.ReadData(512));
        Assert.Equal(4, rig.In(IdeRig.SectorReg));

        // INITIALIZE DEVICE PARAMETERS: 4 heads, 17 sectors. 1/2/3 = (1*4 + 2)*17 + 2 = 104.
        rig.Out(IdeRig.Device, 0x03);
        rig.Out(IdeRig.Count, 17);
        rig.Out(IdeRig.Status, 0x91);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Device, 0x02);
        rig.Out(IdeRig.Count, 1);
        rig.Out(IdeRig.SectorReg, 17);
        rig.Out(IdeRig.CylLow, 1);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(image.AsSpan(118 * 512, 512).ToArray(), rig.ReadData(512));
        Assert.Equal(1, rig.In(IdeRig.SectorReg)); // wrapped to sector 1 of head 3
        Assert.Equal(0xA3, rig.In(IdeRig.Device));
    }

    [Fact]
    public void ChsSectorZeroOfCylinderZeroIsOutOfRange()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Device, 0x00);
        rig.Out(IdeRig.Count, 1);
        rig.Out(IdeRig.SectorReg, 0);
        rig.Out(IdeRig.CylLow, 0);
        rig.Out(IdeRig.CylHigh, 0);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
    }

    [Fact]
    public void ZeroSectorsPerTrackMakesChsCommandsAbortNotCrash()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Device, 0x00);
        rig.Out(IdeRig.Count, 0);
        rig.Out(IdeRig.Status, 0x91);
        rig.Out(IdeRig.Count, 1);
        rig.Out(IdeRig.SectorReg, 1);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Status, 0xF8);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void ReadNativeMaxAddressReportsTheLastSector()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Device, 0x40);
        rig.Out(IdeRig.Status, 0xF8);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        int last = rig.In(IdeRig.SectorReg) | (rig.In(IdeRig.CylLow) << 8) | (rig.In(IdeRig.CylHigh) << 16);
        Assert.Equal(20479, last);
    }

    [Fact]
    public void ReadVerifyAndSeekSucceedWithSeekComplete()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba28(5, 3);
        rig.Out(IdeRig.Status, 0x40);
        Assert.True(rig.Irq14);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(5, rig.In(IdeRig.SectorReg));
        rig.Out(IdeRig.Status, 0x70);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void CheckPowerModeReportsActive()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Status, 0xE5);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(0xFF, rig.In(IdeRig.Count));
    }

    [Fact]
    public void PowerCommandsEndWithDrdyOnlyAndFlushWithSeekComplete()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Out(IdeRig.Status, 0xE0); // STANDBY IMMEDIATE: not SET_DSC
        Assert.Equal(0x40, rig.In(IdeRig.Status));
        rig.Out(IdeRig.Status, 0xE7); // FLUSH CACHE ends at 50h after the flush (QEMU ide_flush_cb)
        Assert.Equal(0x50, rig.In(IdeRig.Status));
    }

    [Fact]
    public void SetFeaturesTogglesTheWriteCacheBitInIdentify()
    {
        IdeRig rig = new();
        AtaDisk disk = rig.AddDisk(new byte[TenMiB]);
        Assert.Equal(0x4020, rig.Identify()[85]);
        rig.Out(IdeRig.Error, 0x82);
        rig.Out(IdeRig.Status, 0xEF);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.False(disk.WriteCacheEnabled);
        Assert.Equal(0x4000, rig.Identify()[85]);
        rig.Out(IdeRig.Error, 0x02);
        rig.Out(IdeRig.Status, 0xEF);
        Assert.Equal(0x4020, rig.Identify()[85]);
    }

    [Theory]
    [InlineData(0x00, true, 0x0007, 0x0007, 0x003F)]
    [InlineData(0x0C, true, 0x0007, 0x0007, 0x003F)]
    [InlineData(0x12, true, 0x0407, 0x0007, 0x003F)] // single-word DMA 2
    [InlineData(0x22, true, 0x0007, 0x0407, 0x003F)] // multiword DMA 2
    [InlineData(0x45, true, 0x0007, 0x0007, 0x203F)] // UDMA 5
    [InlineData(0x80, false, 0x0007, 0x0007, 0x203F)]
    [InlineData(0x30, false, 0x0007, 0x0007, 0x203F)]
    public void SetTransferModeSelectsTheModeInIdentifyAsQemu(byte mode, bool ok, int word62, int word63, int word88)
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.Identify();
        rig.Out(IdeRig.Error, 0x03);
        rig.Out(IdeRig.Count, mode);
        rig.Out(IdeRig.Status, 0xEF);
        Assert.Equal(ok ? 0x50 : 0x41, rig.In(IdeRig.Status));
        ushort[] w = rig.Identify();
        Assert.Equal([word62, word63, word88], new int[] { w[62], w[63], w[88] });
    }

    [Theory]
    [InlineData(0xC8)]
    [InlineData(0xCA)]
    [InlineData(0x25)]
    [InlineData(0x35)]
    [InlineData(0x06)]
    [InlineData(0xB0)]
    [InlineData(0xA0)]
    [InlineData(0xA1)]
    [InlineData(0x08)]
    public void CommandsTheDiskDoesNotOfferAbortWithoutABusMasterEngine(byte command)
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[TenMiB]);
        rig.SetLba28(0, 1);
        rig.Out(IdeRig.Status, command);
        Assert.True(rig.Irq14);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
    }

    [Fact]
    public void ResetAfterRevertingEnabledRestoresTheDefaultTranslation()
    {
        IdeRig rig = new();
        AtaDisk disk = rig.AddDisk(new byte[TenMiB], geometry: new ChsGeometry(20, 16, 63));
        rig.Out(IdeRig.Device, 0x03);
        rig.Out(IdeRig.Count, 17);
        rig.Out(IdeRig.Status, 0x91);
        rig.Controller.Reset();
        Assert.Equal(new ChsGeometry(20, 4, 17), disk.CurrentGeometry);
        rig.Out(IdeRig.Error, 0xCC);
        rig.Out(IdeRig.Status, 0xEF);
        rig.Controller.Reset();
        Assert.Equal(new ChsGeometry(20, 16, 63), disk.CurrentGeometry);
    }

    [Fact]
    public void ReadOnlyMediumAbortsWrites()
    {
        IdeRig rig = new();
        byte[] data = new byte[TenMiB];
        BlockDrive drive = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, new MemoryBackend(data, readOnly: true));
        rig.Controller.Attach(0, new AtaDisk(drive, new ChsGeometry(20, 16, 63)));
        rig.SetLba28(0, 1);
        rig.Out(IdeRig.Status, 0x30);
        rig.WriteData(Filled(512, 1));
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0, data[0]);
    }

    private static byte[] Pattern(int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i += 512)
        {
            BitConverter.TryWriteBytes(data.AsSpan(i), i / 512);
            data[i + 4] = (byte)(i / 512 * 7);
            data[i + 511] = 0x99;
        }

        return data;
    }

    private static byte[] Filled(int length, byte value)
    {
        byte[] data = new byte[length];
        data.AsSpan().Fill(value);
        return data;
    }
}
