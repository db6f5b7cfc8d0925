using System.Buffers.Binary;
using Emu.Bios.Acpi;
using Emu.Bios.Smbios;

namespace Emu.Bios.Tests;

/// <summary>
/// The SMBIOS 2.8 entry point and structure table (DSP0134 5.2.1, 6.1): checksums, counts and
/// the largest structure as QEMU 7.2's fw_cfg anchor gives them for the same machine (8
/// structures, largest 81 bytes: type 1 with its three strings). dmidecode compares the decoded
/// values with QEMU's in the guest tests.
/// </summary>
public sealed class SmbiosTablesTests
{
    [Fact]
    public void EntryPointChecksumsAndCountsLikeQemusAnchor()
    {
        byte[] table = SmbiosTables.Build(128 << 20, 0x663, 0xA139, bios: null);
        byte[] ep = SmbiosTables.EntryPoint(table, 0xF5A30);

        Assert.Equal(0, AcpiTables.Sum(ep));
        Assert.Equal(0, AcpiTables.Sum(ep.AsSpan(0x10)));
        Assert.Equal((8, 81), SmbiosTables.Measure(table));
        Assert.Equal(81, BinaryPrimitives.ReadUInt16LittleEndian(ep.AsSpan(8)));
        Assert.Equal(table.Length, BinaryPrimitives.ReadUInt16LittleEndian(ep.AsSpan(0x16)));
        Assert.Equal(0xF5A30u, BinaryPrimitives.ReadUInt32LittleEndian(ep.AsSpan(0x18)));
        Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(ep.AsSpan(0x1C)));
        Assert.Equal(0x28, ep[0x1E]);
    }

    [Theory]
    [InlineData(128, 0x1FFFF)]
    [InlineData(512, 0x7FFFF)]
    public void MemoryStructuresFollowTheRamSize(int mib, uint lastKiB)
    {
        byte[] table = SmbiosTables.Build((long)mib << 20, 0x663, 0xA139, new SmbiosBiosInformation("Emu", "test", 0xF000, 0x10000));
        Assert.Equal((9, 81), SmbiosTables.Measure(table)); // type 0 first
        int at = 0;
        while (table[at] != 19)
        {
            at = Next(table, at);
        }

        Assert.Equal(lastKiB, BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(at + 8)));
        at = 0;
        while (table[at] != 17)
        {
            at = Next(table, at);
        }

        Assert.Equal(mib, BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan(at + 12)));
    }

    private static int Next(byte[] table, int at)
    {
        int end = at + table[at + 1];
        while (table[end] != 0 || table[end + 1] != 0)
        {
            end++;
        }

        return end + 2;
    }
}
