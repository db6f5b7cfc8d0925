namespace Emu.Bios.Acpi;

/// <summary>Where <see cref="AcpiTables.Build"/> put each table: byte offsets inside its table area.</summary>
public readonly record struct AcpiPlacement(int Facs, int Dsdt, int Fadt, int Rsdt, int RsdtLength)
{
    /// <summary>The bytes of the area used (the RSDT is the last table).</summary>
    public int Used => Rsdt + RsdtLength;
}
