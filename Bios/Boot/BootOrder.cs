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
        foreach (char c in order + "acd")
        {
            BootDevice? device = c switch
            {
                'a' or 'b' => BootDevice.Floppy,
                'c' => BootDevice.HardDisk,
                'd' => BootDevice.Cdrom,
                _ => null,
            };
            if (device is not null && !list.Contains(device.Value))
            {
                list.Add(device.Value);
            }
        }

        return list;
    }
}
