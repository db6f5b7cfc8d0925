using System.Text;
using Emu.App.Machine;
using Emu.App.Options;
using Emu.Monitor.Machine;

namespace Emu.App.Monitor;

/// <summary>
/// Carries out <c>--stop-at-line</c>: watches the --line-log's lines on the machine thread and, at
/// the first line that the next armed stop matches, stops the VM as QMP <c>stop</c> does (run
/// state paused, a STOP event) and ends the CPU's slice at its next block boundary, so the guest
/// stands still a fixed number of instructions after that newline in every deterministic run.
/// </summary>
public sealed class LineStops
{
    private readonly PcMachine _machine;
    private readonly PcMachineControl _control;
    private readonly MachineEvents _events;
    private readonly IReadOnlyList<LineStop> _stops;
    private int _next;

    private LineStops(PcMachine machine, PcMachineControl control, MachineEvents events, IReadOnlyList<LineStop> stops)
    {
        _machine = machine;
        _control = control;
        _events = events;
        _stops = stops;
    }

    /// <summary>Arms <paramref name="stops"/> on the machine's line log (the command line made sure it has one).</summary>
    public static void Arm(PcMachine machine, PcMachineControl control, MachineEvents events, IReadOnlyList<LineStop> stops)
    {
        if (stops.Count == 0 || machine.LineLog is not { } log)
        {
            return;
        }

        LineStops watcher = new(machine, control, events, stops);
        log.LineWritten = watcher.OnLine;
    }

    private void OnLine(ReadOnlySpan<byte> port, ReadOnlySpan<byte> text)
    {
        if (_next >= _stops.Count)
        {
            return;
        }

        LineStop stop = _stops[_next];
        ReadOnlySpan<byte> stopPort = stop.Port == "com1" ? "com1"u8 : "debugcon"u8;
        if (!port.SequenceEqual(stopPort) || !stop.Pattern.IsMatch(Encoding.Latin1.GetString(text)))
        {
            return;
        }

        _next++;
        if (_control.RunState != RunState.Running)
        {
            return;
        }

        _control.Pause();
        _machine.Cpu.RequestExit();
        _events.Stop();
    }
}
