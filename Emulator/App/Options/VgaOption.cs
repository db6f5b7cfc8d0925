namespace Emu.App.Options;

/// <summary>
/// <c>-vga TYPE</c> (QEMU <c>softmmu/vl.c</c> select_vgahw): <c>std</c> is the standard VGA with
/// Bochs VBE (PCI 1234:1111 on pc, isa-vga on isapc), <c>none</c> no display card. QEMU's other
/// cards (cirrus, vmware, qxl, virtio) are not emulated and are refused by name.
/// </summary>
internal static class VgaOption
{
    /// <summary>True for std, false for none.</summary>
    public static bool Parse(string source, string value) => value switch
    {
        "std" => true,
        "none" => false,
        "cirrus" or "vmware" or "qxl" or "virtio" or "xenfb" or "tcx" or "cg3" => throw new OptionException($"{source}: Emu has no '{value}' card; use 'std' or 'none'"),
        _ => throw new OptionException($"{source}: unknown vga type: {value}"),
    };
}
