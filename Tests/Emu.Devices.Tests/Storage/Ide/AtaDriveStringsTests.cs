using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>ide-hd's serial, model, ver and wwn in IDENTIFY DEVICE (spec ide-atapi-bios.md A.7), cut to QEMU's buffer sizes.</summary>
public sealed class AtaDriveStringsTests
{
    [Fact]
    public void PropertiesReplaceTheDefaultStringsAndAddTheWwn()
    {
        IdeRig rig = new();
        BlockDrive drive = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, new MemoryBackend(new byte[1 << 20]));
        AtaDriveStrings strings = new()
        {
            Serial = "123456789012345678901234",
            Model = "A Very Long Model Name That Goes On Beyond Forty Characters",
            Version = "123456789",
            Wwn = 0x5000C50015EA71AC,
        };
        rig.Controller.Attach(0, new AtaDisk(drive, new HardDiskGeometry(new ChsGeometry(2, 16, 63), ChsTranslation.None, null), strings));
        ushort[] w = rig.Identify();
        Assert.Equal("12345678901234567890", IdeRig.Ata(w, 10, 10));
        Assert.Equal("12345678", IdeRig.Ata(w, 23, 4));
        Assert.Equal("A Very Long Model Name That Goes On Beyo", IdeRig.Ata(w, 27, 20));
        Assert.Equal([0x5000, 0xC500, 0x15EA, 0x71AC], w[108..112]);
        Assert.Equal(0x4100, w[84]);
        Assert.Equal(0x4100, w[87]);
    }

    [Fact]
    public void WithoutPropertiesQemusDefaultsStay()
    {
        IdeRig rig = new();
        rig.AddDisk(new byte[1 << 20], 1);
        rig.Out(IdeRig.Device, 0x10);
        ushort[] w = rig.Identify();
        Assert.Equal("QM00002", IdeRig.Ata(w, 10, 10).TrimEnd());
        Assert.Equal("2.5+", IdeRig.Ata(w, 23, 4).TrimEnd());
        Assert.Equal("QEMU HARDDISK", IdeRig.Ata(w, 27, 20).TrimEnd());
        Assert.Equal([0, 0, 0, 0], w[108..112]);
        Assert.Equal(0x4000, w[84]);
    }
}
