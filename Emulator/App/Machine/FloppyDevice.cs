using Emu.App.Options;
using Emu.Devices.Storage;

namespace Emu.App.Machine;

/// <summary>
/// QEMU's <c>-device floppy,drive=ID[,unit=N][,id=X]</c>: a floppy drive on the controller's bus
/// (unit 0 is A:, 1 is B:) holding a <c>-drive if=none</c> or <c>-blockdev</c> node; libvirt 9.0
/// builds a domain's floppy this way. Errors are QEMU 7.2's (hw/block/fdc.c floppy_drive_realize).
/// </summary>
internal static class FloppyDevice
{
    private const int Units = 2;

    public static BlockDrive Attach(DeviceOption device, BlockDrive unbound, HashSet<(string, int)> used, string qomPath)
    {
        int unit = device.Unit ?? Enumerable.Range(0, Units).FirstOrDefault(u => !used.Contains(("floppy", u)), Units);
        if (unit >= Units)
        {
            throw new OptionException($"{device.Source}: Can't create floppy unit {unit}, bus supports only {Units} units");
        }

        if (!used.Add(("floppy", unit)))
        {
            throw new OptionException($"{device.Source}: Floppy unit {unit} is in use");
        }

        return new BlockDrive(unbound.Id, DriveInterface.Floppy, unit, DriveMedia.Disk, unbound.Medium)
        {
            QdevId = device.Id,
            QomPath = qomPath,
            DeviceShareRw = device.ShareRw,
            ReadErrorAction = unbound.ReadErrorAction,
            WriteErrorAction = unbound.WriteErrorAction,
            NodeName = unbound.NodeName,
        };
    }
}
