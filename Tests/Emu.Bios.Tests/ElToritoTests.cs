using System.Text;
using Emu.Devices.Storage;
using Emu.TestSupport;

namespace Emu.Bios.Tests;

/// <summary>
/// El Torito no-emulation boot and the INT 13h services on the CD drive, against
/// ide-atapi-bios.md C.10 (QEMU 7.2 + SeaBIOS 1.16.2 measurements: load segment 0, 4 virtual
/// sectors, image at LBA 20, CD on the secondary master).
/// </summary>
public sealed class ElToritoTests
{
    private const int Sector = 2048;
    private const int CatalogLba = 19;
    private const int ImageLba = 20;

    /// <summary>A 64-sector ISO with a boot record, a catalog and a 2-sector image of distinct bytes.</summary>
    internal static byte[] Iso(byte bootIndicator = 0x88, byte media = 0, ushort loadSegment = 0, ushort count = 4, bool elTorito = true)
    {
        byte[] iso = new byte[64 * Sector];
        Span<byte> pvd = iso.AsSpan(16 * Sector);
        pvd[0] = 0x01;
        Encoding.ASCII.GetBytes("CD001").CopyTo(pvd[1..]);
        pvd[6] = 0x01;

        Span<byte> record = iso.AsSpan(17 * Sector);
        Encoding.ASCII.GetBytes("CD001").CopyTo(record[1..]);
        record[6] = 0x01;
        Encoding.ASCII.GetBytes(elTorito ? "EL TORITO SPECIFICATION" : "NOT A BOOT RECORD").CopyTo(record[7..]);
        BitConverter.TryWriteBytes(record[0x47..], CatalogLba);

        Span<byte> catalog = iso.AsSpan(CatalogLba * Sector);
        catalog[0x00] = 0x01;
        catalog[0x1E] = 0x55;
        catalog[0x1F] = 0xAA;
        catalog[0x20] = bootIndicator;
        catalog[0x21] = media;
        BitConverter.TryWriteBytes(catalog[0x22..], loadSegment);
        BitConverter.TryWriteBytes(catalog[0x26..], count);
        BitConverter.TryWriteBytes(catalog[0x28..], ImageLba);

        for (int i = 0; i < 2 * Sector; i++)
        {
            iso[(ImageLba * Sector) + i] = (byte)((i * 7) + 3);
        }

        return iso;
    }

    internal static BlockDrive Cdrom(byte[]? iso) =>
        new("ide1-cd0", DriveInterface.Ide, 2, DriveMedia.Cdrom, iso is null ? null : new MemoryBackend(iso));

    private static BiosHarness Booted(byte[]? iso, string order = "d")
    {
        BiosHarness h = new(new BiosConfiguration { Cdroms = [Cdrom(iso)], BootOrder = order });
        h.Int(0x19);
        return h;
    }

    [Fact]
    public void NoEmulationImageIsLoadedAt7C00AndEnteredWithDlE0()
    {
        byte[] iso = Iso();
        BiosHarness h = Booted(iso);
        Assert.False(h.WantsRetry);
        Assert.Equal(0xE0u, h.Cpu.EDX);
        Assert.Equal(0xAA55u, h.Cpu.EAX);
        byte[] loaded = new byte[Sector];
        h.Memory.ReadBlock(0x7C00, loaded);
        Assert.Equal(iso.AsSpan(ImageLba * Sector, Sector).ToArray(), loaded);
        // Four virtual sectors are one CD sector: the next image sector is not loaded.
        Assert.Equal(0, h.Memory.Read8(0x7C00 + Sector));
        // The stub's RETF pops 0000:7C00 and leaves SS:SP = 0000:6F04 (pc-platform-bios.md 3.2).
        Assert.Equal(0, h.Cpu.SS);
        Assert.Equal(0x6F00u, h.Cpu.ESP);
        Assert.Equal(0x7C00, h.Memory.Read16(0x6F00));
        Assert.Equal(0x0000, h.Memory.Read16(0x6F02));
        Assert.Contains("Booting from DVD/CD...", ClockAndBootTests.Screen(h));
    }

    [Theory]
    [InlineData(0x2000, 0x2000, 0x0000)]
    [InlineData(0x1234, 0x1000, 0x2340)]
    public void LoadSegmentIsCanonicalisedAsSeaBiosDoes(int loadSegment, int cs, int ip)
    {
        BiosHarness h = Booted(Iso(loadSegment: (ushort)loadSegment, count: 5));
        Assert.Equal(ip, h.Memory.Read16(0x6F00));
        Assert.Equal(cs, h.Memory.Read16(0x6F02));
        // Five virtual sectors round up to two CD sectors.
        Assert.Equal(unchecked((byte)((Sector * 7) + 3)), h.Memory.Read8(((uint)loadSegment << 4) + Sector));
    }

    [Fact]
    public void StatusPacketMatchesSeaBios()
    {
        BiosHarness h = Booted(Iso());
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4B01, dx: 0x00E0, si: 0x0010, ds: 0x2000)));
        Assert.Equal(0x0001, h.Cpu.AX);
        byte[] packet = new byte[0x13];
        h.Memory.ReadBlock(0x20010, packet);
        byte[] expected = [0x13, 0x00, 0xE0, 0x01, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal(expected, packet);
    }

    [Fact]
    public void ExtensionsAndParametersOnTheCdDrive()
    {
        BiosHarness h = Booted(Iso());
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4100, bx: 0x55AA, dx: 0x00E0)));
        Assert.Equal(0xAA55, h.Cpu.BX);
        Assert.Equal(0x0007, h.Cpu.CX);
        Assert.Equal(0x30, h.Cpu.AH);

        h.Memory.Write16(0x20000, 0x42);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4800, dx: 0x00E0, si: 0x0000, ds: 0x2000)));
        Assert.Equal(0x001E, h.Memory.Read16(0x20000));
        Assert.Equal(0x0074, h.Memory.Read16(0x20002));
        Assert.Equal(0x0800, h.Memory.Read16(0x20018));

        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0800, dx: 0x00E0)));
        Assert.Equal(0x01, h.Cpu.AH);

        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x4300, dx: 0x00E0)));
        Assert.Equal(0x03, h.Cpu.AH);
    }

    [Fact]
    public void ExtendedReadMoves2048ByteSectors()
    {
        BiosHarness h = Booted(Iso());
        h.Memory.Write8(0x20000, 0x10);
        h.Memory.Write8(0x20001, 0);
        h.Memory.Write16(0x20002, 1);
        h.Memory.Write16(0x20004, 0x0000);
        h.Memory.Write16(0x20006, 0x3000);
        h.Memory.Write32(0x20008, 16);
        h.Memory.Write32(0x2000C, 0);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4200, dx: 0x00E0, si: 0x0000, ds: 0x2000)));
        Assert.Equal(0, h.Cpu.AH);
        byte[] head = new byte[7];
        h.Memory.ReadBlock(0x30000, head);
        Assert.Equal("\u0001CD001\u0001", Encoding.ASCII.GetString(head));
        Assert.Equal(1, h.Memory.Read16(0x20002));
    }

    [Theory]
    [InlineData(0x00, 0, true, "000b")]
    [InlineData(0x88, 0, false, "0005")]
    public void UnbootableDiscsFailWithSeaBiosCodes(byte indicator, byte media, bool elTorito, string code)
    {
        BiosHarness h = Booted(Iso(indicator, media, elTorito: elTorito));
        Assert.True(h.WantsRetry);
        Assert.Contains($"Boot failed: Could not read from CDROM (code {code})", ClockAndBootTests.Screen(h));
        Assert.Null(h.Bios.Disk.CdBoot);
    }

    [Fact]
    public void FloppyEmulationRunsTheImageAsDrive00()
    {
        BiosHarness h = Booted(Iso(media: 2, count: 1));
        Assert.False(h.WantsRetry);
        Assert.Equal(0x00u, h.Cpu.EDX);
        Assert.Empty(h.Warnings);
        // SeaBIOS sets equipment bits 0 and 6 (a floppy, two drives).
        Assert.Equal(0x41, h.Memory.Read16(0x410) & 0x41);

        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4B01, dx: 0x0000, si: 0x0000, ds: 0x2000)));
        byte[] packet = new byte[0x13];
        h.Memory.ReadBlock(0x20000, packet);
        byte[] expected = [0x13, 0x02, 0x00, 0x01, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x07, 0x01, 0x00, 0x01, 0x12, 0x4F];
        Assert.Equal(expected, packet);

        // AH=08h: the 1.44 MB geometry, BX = media type x 2.
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0800, dx: 0x0000)));
        Assert.Equal(0x0004, h.Cpu.BX);
        Assert.Equal(0x4F12, h.Cpu.CX);
        Assert.Equal(0x01, h.Cpu.DH);

        // CHS 0/0/3 is the image's third 512-byte sector: byte 1024 of CD sector 20.
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0201, bx: 0x0000, cx: 0x0003, dx: 0x0000, es: 0x3000)));
        Assert.Equal(0x0001, h.Cpu.AX);
        Assert.Equal(unchecked((byte)((1024 * 7) + 3)), h.Memory.Read8(0x30000));
        Assert.Equal(unchecked((byte)((1535 * 7) + 3)), h.Memory.Read8(0x301FF));

        // Writes are refused; sector 19 is past the 18-sector track.
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0301, cx: 0x0001, dx: 0x0000)));
        Assert.Equal(0x0300, h.Cpu.AX);
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0201, cx: 0x0013, dx: 0x0000)));
        Assert.Equal(0x01, h.Cpu.AH);
    }

    [Fact]
    public void TerminatingFloppyEmulationGivesDrive00Back()
    {
        BiosHarness h = Booted(Iso(media: 3, count: 1));
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4B00, dx: 0x0000, si: 0x0000, ds: 0x2000)));
        Assert.Equal(0x03, h.Memory.Read8(0x20001));
        Assert.Equal(0x24, h.Memory.Read8(0x20011));
        Assert.False(h.Bios.Disk.CdBoot!.Emulating);

        h.Call(0x13, ax: 0x4B01);
        Assert.Equal(0x00, h.Memory.Read8(0x20001));
        // Drive 00h is QEMU's empty floppy A: again: a read fails instead of reaching the CD.
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x0201, bx: 0x0000, cx: 0x0001, dx: 0x0000, es: 0x3000)));
    }

    [Fact]
    public void HardDiskEmulationTakesTheFirstPartitionsEndChsAndMovesTheDisksUp()
    {
        byte[] iso = Iso(media: 4, count: 4);
        // The image's MBR: partition 1 ends at cylinder 9, head 15, sector 63 (10/16/63).
        iso[(ImageLba * Sector) + 0x1C3] = 0x0F;
        iso[(ImageLba * Sector) + 0x1C4] = 0x3F;
        iso[(ImageLba * Sector) + 0x1C5] = 0x09;
        byte[] disk = new byte[10 << 20];
        BlockDrive hd = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, new MemoryBackend(disk));
        BiosHarness h = new(new BiosConfiguration { HardDisks = [hd], Cdroms = [Cdrom(iso)], BootOrder = "d" });
        h.Int(0x19);
        Assert.Equal(0x80u, h.Cpu.EDX);
        Assert.Equal(2, h.Memory.Read8(0x475));

        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x0800, dx: 0x0080)));
        // Two cylinders hidden (SeaBIOS); DL = the BDA count (raised by the boot) plus one.
        Assert.Equal(0x083F, h.Cpu.CX);
        Assert.Equal(0x0F03, h.Cpu.DX);

        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x1500, dx: 0x0080)));
        Assert.Equal(0x03, h.Cpu.AH);
        Assert.Equal(9 * 16 * 63, (h.Cpu.CX << 16) | h.Cpu.DX);

        // EDD is not offered on the emulated drive; 81h reaches the real disk.
        Assert.True(BiosHarness.Carry(h.Call(0x13, ax: 0x4100, bx: 0x55AA, dx: 0x0080)));
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4100, bx: 0x55AA, dx: 0x0081)));
        Assert.Equal(0xAA55, h.Cpu.BX);
    }

    [Fact]
    public void EmptyDriveFailsWithCode3AndTheNextDeviceBoots()
    {
        byte[] disk = new byte[10 << 20];
        disk[510] = 0x55;
        disk[511] = 0xAA;
        BlockDrive hd = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, new MemoryBackend(disk));
        BiosHarness h = new(new BiosConfiguration { HardDisks = [hd], Cdroms = [Cdrom(null)], BootOrder = "dc" });
        h.Int(0x19);
        Assert.False(h.WantsRetry);
        Assert.Contains("Boot failed: Could not read from CDROM (code 0003)", ClockAndBootTests.Screen(h));
        Assert.Equal(0x80u, h.Cpu.EDX);
        Assert.Equal(0x7C00, h.Memory.Read16(0x6F00));
    }

    [Fact]
    public void StatusWithoutACdBootReportsAnEmptyPacket()
    {
        BiosHarness h = new(new BiosConfiguration());
        h.Memory.Write8(0x20002, 0x55);
        Assert.False(BiosHarness.Carry(h.Call(0x13, ax: 0x4B01, dx: 0x0080, si: 0x0000, ds: 0x2000)));
        Assert.Equal(0x13, h.Memory.Read8(0x20000));
        Assert.Equal(0x00, h.Memory.Read8(0x20002));
    }
}
