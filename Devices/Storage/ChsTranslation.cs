namespace Emu.Devices.Storage;

/// <summary>QEMU's <c>bios-chs-trans</c> policies (QAPI <c>BiosAtaTranslation</c>, ide-atapi-bios.md C.1).</summary>
public enum ChsTranslation
{
    Auto = 0,
    None = 1,
    Lba = 2,
    Large = 3,
    Rechs = 4,
}
