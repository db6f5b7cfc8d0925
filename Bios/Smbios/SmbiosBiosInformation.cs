namespace Emu.Bios.Smbios;

/// <summary>What the SMBIOS type 0 structure says about the BIOS: its vendor and version strings and where its ROM is.</summary>
public sealed record SmbiosBiosInformation(string Vendor, string Version, ushort StartSegment, int RomBytes);
