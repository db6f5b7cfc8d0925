using System.Buffers.Binary;
using System.Text;
using Emu.Bios.Acpi;
using Emu.Devices.Firmware;

namespace Emu.Bios.Tests;

/// <summary>
/// The ACPI files the pc machine offers a firmware through fw_cfg, run through the table-loader
/// script the way SeaBIOS's romfile_loader does it (allocate, add pointers, fix checksums), at
/// addresses a real run gives: the placed tables must be a valid RSDP → RSDT → FADT → FACS/DSDT chain.
/// </summary>
public sealed class AcpiLoaderFilesTests
{
    private const uint TablesAt = 0x07FE0000;
    private const uint RsdpAt = 0x000F67D0;

    [Fact]
    public void TheScriptAllocatesTheRsdpInTheFSegmentAndTheTablesHigh()
    {
        List<byte[]> commands = Commands(AcpiLoaderFiles.Build().Loader);
        Assert.Equal(1u, Command(commands[0]));
        Assert.Equal(AcpiLoaderFiles.RsdpFile, Name(commands[0], 4));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(commands[0].AsSpan(60)));
        Assert.Equal((byte)BiosLinkerLoader.Zone.FSegment, commands[0][64]);
        Assert.Equal(AcpiLoaderFiles.TablesFile, Name(commands[1], 4));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(commands[1].AsSpan(60)));
        Assert.Equal((byte)BiosLinkerLoader.Zone.High, commands[1][64]);
        Assert.Equal(BiosLinkerLoader.PaddedLength, AcpiLoaderFiles.Build().Loader.Length);
        Assert.Equal(AcpiLoaderFiles.TablesFileLength, AcpiLoaderFiles.Build().Tables.Length);
    }

    [Fact]
    public void PlacedAsTheScriptSaysTheTablesChainAndChecksum()
    {
        AcpiLoaderFiles files = AcpiLoaderFiles.Build();
        byte[] tables = (byte[])files.Tables.Clone();
        byte[] rsdp = (byte[])files.Rsdp.Clone();
        Run(files.Loader, tables, rsdp);

        Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(rsdp, 0, 8));
        Assert.Equal(0, AcpiTables.Sum(rsdp));
        int rsdt = Offset(BinaryPrimitives.ReadUInt32LittleEndian(rsdp.AsSpan(16)));
        Span<byte> rsdtTable = Table(tables, rsdt, "RSDT");
        int fadt = Offset(BinaryPrimitives.ReadUInt32LittleEndian(rsdtTable[36..]));
        Span<byte> fadtTable = Table(tables, fadt, "FACP");
        int facs = Offset(BinaryPrimitives.ReadUInt32LittleEndian(fadtTable[36..]));
        Assert.Equal("FACS", Encoding.ASCII.GetString(tables, facs, 4));
        Assert.Equal(0u, (TablesAt + (uint)facs) % 64);
        Table(tables, Offset(BinaryPrimitives.ReadUInt32LittleEndian(fadtTable[40..])), "DSDT");
    }

    /// <summary>SeaBIOS romfile_loader_execute for the two files, placed at <see cref="TablesAt"/> and <see cref="RsdpAt"/>.</summary>
    private static void Run(byte[] script, byte[] tables, byte[] rsdp)
    {
        byte[] File(string name) => name == AcpiLoaderFiles.TablesFile ? tables : name == AcpiLoaderFiles.RsdpFile ? rsdp : throw new InvalidOperationException(name);
        uint Address(string name) => name == AcpiLoaderFiles.TablesFile ? TablesAt : RsdpAt;
        foreach (byte[] command in Commands(script))
        {
            switch (Command(command))
            {
                case 2:
                    byte[] destination = File(Name(command, 4));
                    Assert.Equal(4, command[120]);
                    Span<byte> field = destination.AsSpan((int)BinaryPrimitives.ReadUInt32LittleEndian(command.AsSpan(116)), 4);
                    BinaryPrimitives.WriteUInt32LittleEndian(field, BinaryPrimitives.ReadUInt32LittleEndian(field) + Address(Name(command, 60)));
                    break;
                case 3:
                    byte[] file = File(Name(command, 4));
                    int offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(command.AsSpan(60));
                    int start = (int)BinaryPrimitives.ReadUInt32LittleEndian(command.AsSpan(64));
                    int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(command.AsSpan(68));
                    file[offset] -= AcpiTables.Sum(file.AsSpan(start, length));
                    break;
            }
        }
    }

    private static Span<byte> Table(byte[] tables, int offset, string signature)
    {
        Assert.Equal(signature, Encoding.ASCII.GetString(tables, offset, 4));
        Span<byte> table = tables.AsSpan(offset, (int)BinaryPrimitives.ReadUInt32LittleEndian(tables.AsSpan(offset + 4)));
        Assert.Equal(0, AcpiTables.Sum(table));
        return table;
    }

    private static int Offset(uint address)
    {
        Assert.InRange(address, TablesAt, TablesAt + AcpiLoaderFiles.TablesFileLength - 1);
        return (int)(address - TablesAt);
    }

    private static List<byte[]> Commands(byte[] script) =>
        [.. script.Chunk(BiosLinkerLoader.CommandLength).Where(command => Command(command) != 0)];

    private static uint Command(byte[] command) => BinaryPrimitives.ReadUInt32LittleEndian(command);

    private static string Name(byte[] command, int at) => Encoding.ASCII.GetString(command, at, BiosLinkerLoader.FileNameLength).TrimEnd('\0');
}
