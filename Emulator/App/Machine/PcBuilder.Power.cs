using Emu.Devices.Chipset;

namespace Emu.App.Machine;

public sealed partial class PcBuilder
{
    /// <summary>
    /// The PIIX4 power management (SCI on IRQ 9; S5 powers the machine off) and the PIIX3 reset
    /// control register at CF9h. The PM block is mapped by the firmware (config 40h/80h; the
    /// built-in BIOS maps it at 600h as SeaBIOS does).
    /// </summary>
    private void BuildPowerManagement()
    {
        Piix4Pm pm = new(_machine.Scheduler, _machine.Pic.GetLine(Piix4Pm.SciIrq))
        {
            PowerOffRequested = _machine.Loop.RequestPowerOff,
            Warning = _host.Warning is { } warn ? text => warn($"emu: warning: piix4-pm: {text}") : null,
        };
        pm.Attach(_machine.Io);
        _machine.PowerManagement = pm;

        ResetControl reset = new() { ResetRequested = _machine.Loop.RequestReset };
        reset.Attach(_machine.Io);
        _machine.ResetControl = reset;
    }
}
