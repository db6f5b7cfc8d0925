using Emu.Devices.Firmware;

namespace Emu.Bios.Acpi;

/// <summary>
/// The pc machine's ACPI tables as QEMU hands them to a firmware through fw_cfg (QEMU
/// hw/i386/acpi-build.c, spec pc-pci-acpi.md 3): <c>etc/acpi/tables</c> (FACS, DSDT, FADT, RSDT
/// with addresses relative to the file, padded to 128 KiB as QEMU pads it), <c>etc/acpi/rsdp</c>,
/// and the <c>etc/table-loader</c> script that places both and turns the relative addresses into
/// physical ones. They are the same tables the built-in BIOS writes itself.
/// </summary>
public sealed record AcpiLoaderFiles(byte[] Tables, byte[] Rsdp, byte[] Loader)
{
    public const string TablesFile = "etc/acpi/tables";
    public const string RsdpFile = "etc/acpi/rsdp";
    public const string LoaderFile = "etc/table-loader";

    /// <summary>QEMU's ACPI_BUILD_TABLE_SIZE: the tables file is padded to this size.</summary>
    public const int TablesFileLength = 0x20000;

    /// <summary>QEMU allocates the tables 64-byte aligned (the FACS needs it, ACPI 1.0b 5.2.8) and the RSDP on 16 bytes in the F segment.</summary>
    private const uint TablesAlign = 64;
    private const uint RsdpAlign = 16;

    public static AcpiLoaderFiles Build()
    {
        byte[] tables = new byte[TablesFileLength];
        byte[] rsdp = new byte[AcpiTables.RsdpLength];
        AcpiPlacement at = AcpiTables.Build(tables, 0, rsdp);

        BiosLinkerLoader loader = new();
        loader.AddAllocate(RsdpFile, RsdpAlign, BiosLinkerLoader.Zone.FSegment);
        loader.AddAllocate(TablesFile, TablesAlign, BiosLinkerLoader.Zone.High);
        loader.AddPointerTo(TablesFile, TablesFile, (uint)(at.Fadt + AcpiTables.FadtFacsField), 4);
        loader.AddPointerTo(TablesFile, TablesFile, (uint)(at.Fadt + AcpiTables.FadtDsdtField), 4);
        loader.AddPointerTo(TablesFile, TablesFile, (uint)(at.Rsdt + AcpiTables.RsdtFirstEntry), 4);
        loader.AddPointerTo(RsdpFile, TablesFile, AcpiTables.RsdpRsdtField, 4);
        loader.AddChecksumOf(TablesFile, (uint)(at.Fadt + AcpiTables.HeaderChecksumField), (uint)at.Fadt, AcpiTables.FadtLength);
        loader.AddChecksumOf(TablesFile, (uint)(at.Rsdt + AcpiTables.HeaderChecksumField), (uint)at.Rsdt, (uint)at.RsdtLength);
        loader.AddChecksumOf(RsdpFile, AcpiTables.RsdpChecksumField, 0, AcpiTables.RsdpLength);
        return new AcpiLoaderFiles(tables, rsdp, loader.ToArray());
    }
}
