using Emu.App.Options;
using Emu.Devices.Misc;
using Emu.Devices.Serial;

namespace Emu.App.Machine;

public sealed partial class PcBuilder
{
    private CharDevices? _chardevs;

    /// <summary>The backend of <c>-chardev ...,id=<paramref name="id"/></c>, opened on first use.</summary>
    private ICharBackend OpenChardev(string id, string user)
    {
        _chardevs ??= new CharDevices(_options.Monitor.Chardevs, _options.FdSets);
        return _chardevs.Open(id, user, _host, _machine.Own);
    }

    /// <summary>
    /// Each <c>-device isa-debugcon,iobase=N,chardev=ID</c>: bytes written to the port go to the
    /// chardev, reads return the readback byte (QEMU <c>hw/char/debugcon.c</c>). A port another
    /// device already owns is refused as QEMU refuses overlapping ISA ports.
    /// </summary>
    private void BuildDebugConsoles()
    {
        foreach (DeviceOption device in _options.Devices.Where(d => d.Driver == "isa-debugcon"))
        {
            ICharBackend backend = OpenChardev(device.Chardev!, device.Source);
            if (_machine.Io.IsClaimed(device.IoBase))
            {
                throw new OptionException($"{device.Source}: I/O port 0x{device.IoBase:x} is already in use");
            }

            new DebugConsole(backend, device.IoBase, device.Readback).Attach(_machine.Io);
        }
    }
}
