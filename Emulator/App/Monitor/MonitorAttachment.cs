using System.Runtime.InteropServices;
using Emu.App.Machine;
using Emu.App.Options;
using Emu.Core.Machine;
using Emu.Monitor;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;
using Emu.Monitor.Server;

namespace Emu.App.Monitor;

/// <summary>
/// The QMP monitors of the running program: built from <c>-qmp</c>, <c>-qmp-pretty</c>,
/// <c>-chardev</c> and <c>-mon</c>, serving the machine through <see cref="PcMachineControl"/>.
/// It reports what the machine does by itself (qmp.md 4): RESET for a guest reset, SHUTDOWN for a
/// guest reset under <c>-no-reboot</c>, a guest power-off (followed by STOP under
/// <c>-no-shutdown</c>) and SIGTERM/SIGINT. While attached, a halted guest never ends the run.
/// </summary>
public sealed class MonitorAttachment : IDisposable
{
    private readonly PcMachineControl _control;
    private readonly MonitorHost _host;
    private readonly List<PosixSignalRegistration> _signals = [];
    private RunLoop? _loop;
    private volatile bool _quitByWindow;
    private bool _disposed;

    private MonitorAttachment(PcMachineControl control, MonitorHost host)
    {
        _control = control;
        _host = host;
    }

    public MonitorHost Host => _host;

    /// <summary>Whether the VM runs (read by the window for its title; any thread).</summary>
    public bool IsRunning => _control.RunState == RunState.Running;

    /// <summary>The window was closed: the machine ends with SHUTDOWN reason host-ui (QEMU). Any thread.</summary>
    public void QuitFromWindow()
    {
        _quitByWindow = true;
        _loop?.RequestQuit();
    }

    /// <summary>
    /// Starts the monitors the options name, or returns null when there are none. Throws
    /// <see cref="OptionException"/> for a monitor spec Emu cannot serve or an address it cannot bind.
    /// </summary>
    /// <param name="commands">The QMP command registry when it is being built ahead (see <see cref="Program"/>), else null.</param>
    public static MonitorAttachment? Start(PcMachine machine, EmuOptions options, TextWriter log, Task<QmpCommandRegistry>? commands = null)
    {
        MonitorOptions monitor = options.Monitor;
        if (!monitor.Any)
        {
            return null;
        }

        MonitorCommandLine commandLine = new();
        MonitorHost host;
        PcMachineControl control = new(machine, options.StartPaused);
        try
        {
            foreach (string chardev in monitor.Chardevs)
            {
                commandLine.AddChardev(chardev);
            }

            foreach (string qmp in monitor.Qmp)
            {
                commandLine.AddQmp(qmp);
            }

            // QEMU -qmp-pretty DEV: a QMP monitor on DEV that pretty-prints.
            foreach (string qmp in monitor.QmpPretty)
            {
                commandLine.AddQmp(qmp, pretty: true);
            }

            foreach (string mon in monitor.Mon)
            {
                commandLine.AddMon(mon);
            }

            host = MonitorHost.Start(new MonitorHostOptions
            {
                Monitors = commandLine.Endpoints,
                Machine = control,
                Drives = machine.Drives,
                BlockdevFiles = BlockdevOption.FileNodes(options.BlockNodes),
                Name = options.Name,
                Screen = machine.Vga,
                Input = machine.Input,
                Display = machine.Vga,
                Pci = machine.Pci?.Bus,
                Description = MachineDescriptions.From(options),
                Log = text => log.WriteLine($"emu: {text}"),
                Commands = commands?.GetAwaiter().GetResult(),
            });
        }
        catch (MonitorOptionException e)
        {
            throw new OptionException(e.Message);
        }

        // QEMU drops input while the VM is stopped.
        machine.Input?.IsRunning = () => control.RunState == RunState.Running;
        MonitorAttachment attachment = new(control, host);
        attachment.Wire(machine);
        LineStops.Arm(machine, control, host.Events, options.StopAtLines);
        return attachment;
    }

    /// <summary>Reports how the run ended (machine thread, after the run loop returned).</summary>
    public void MachineStopped(MachineStopReason reason)
    {
        _control.End();
        switch (reason)
        {
            case MachineStopReason.Quit when _quitByWindow && !_control.QuitByMonitor:
                _host.Events.Shutdown(ShutdownCause.HostUi);
                break;
            case MachineStopReason.Quit when !_control.QuitByMonitor:
                _host.Events.Shutdown(ShutdownCause.HostSignal);
                break;
            case MachineStopReason.PowerOff:
                _host.Events.Shutdown(ShutdownCause.GuestShutdown);
                break;
            case MachineStopReason.GuestReset:
                _host.Events.Shutdown(ShutdownCause.GuestReset);
                break;
            default:
                break;
        }
    }

    /// <summary>Flushes what is queued to each client (the quit reply, the last events) and closes the monitors.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _control.End();
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }

        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void Wire(PcMachine machine)
    {
        RunLoop loop = machine.Loop;
        _loop = loop;
        loop.WaitForWorkWhenIdle = true;
        foreach (Emu.Devices.Storage.BlockDrive drive in machine.Drives)
        {
            // After the host's BLOCK_IO_ERROR (subscribed first): werror/rerror=stop stops the VM.
            drive.IoError += (_, e) =>
            {
                if (e.Action == Emu.Devices.Storage.BlockErrorAction.Stop && _control.StopForIoError())
                {
                    _host.Events.Stop();
                }
            };
        }

        loop.ResetHandler = () =>
        {
            machine.Reset();
            _host.Events.Reset(ShutdownCause.GuestReset);
        };
        loop.PausedByPowerOff = () =>
        {
            _control.PoweredOffWhileKept();
            _host.Events.Shutdown(ShutdownCause.GuestShutdown);
            _host.Events.Stop();
        };

        // QEMU ends on SIGTERM/SIGINT with SHUTDOWN {"guest": false, "reason": "host-signal"} and exit 0.
        foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                loop.RequestQuit();
            }));
        }
    }
}
