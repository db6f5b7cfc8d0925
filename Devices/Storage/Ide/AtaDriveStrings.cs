namespace Emu.Devices.Storage.Ide;

/// <summary>
/// What the ide-hd/ide-cd properties <c>serial</c>, <c>model</c>, <c>ver</c> and <c>wwn</c> put
/// into IDENTIFY (spec ide-atapi-bios.md A.7). Null means QEMU's default; longer strings are cut
/// to the IDENTIFY field as QEMU's pstrcpy into its 20/40/8-character buffers cuts them.
/// </summary>
public sealed record AtaDriveStrings
{
    public static readonly AtaDriveStrings Default = new();

    public string? Serial { get; init; }

    public string? Model { get; init; }

    public string? Version { get; init; }

    /// <summary>World wide name (words 108-111, with words 84/87 bit 8); 0 = none.</summary>
    public ulong Wwn { get; init; }

    public string SerialFor(int index) => Cut(Serial ?? AtaIdentify.SerialFor(index), 20);

    public string ModelOr(string fallback) => Cut(Model ?? fallback, 40);

    public string VersionText => Cut(Version ?? AtaIdentify.FirmwareRevision, 8);

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}
