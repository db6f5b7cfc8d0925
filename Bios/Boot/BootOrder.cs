namespace Emu.Bios.Boot;

/// <summary>
/// The boot list from a QEMU <c>-boot</c> order string ("cad" by default): the named devices in
/// order, then the remaining ones (SeaBIOS gives unlisted devices the default priority).
/// Network boot ('n') is not provided and is left out.
/// </summary>
public static class BootOrder
{
    public const string QemuDefault = "cad";

    public static IReadOnlyList<BootDevice> Parse(string order)
    {
        List<BootDevice> list = [];
        int listed = 0; // a bit per device: List<BootDevice>.Contains would be JIT-compiled at every start
        foreach (char c in order + "acd")
        {
            BootDevice? device = c switch
            {
                'a' or 'b' => BootDevice.Floppy,
                'c' => BootDevice.HardDisk,
                'd' => BootDevice.Cdrom,
                _ => null,
            };
            if (device is { } d && (listed & (1 << (int)d)) == 0)
            {
                listed |= 1 << (int)d;
                list.Add(d);
            }
        }

        return list;
    }
}
