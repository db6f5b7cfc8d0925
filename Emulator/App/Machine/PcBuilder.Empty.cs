using Emu.App.Options;
using Emu.Core.Machine;
using Emu.Core.Timing;

namespace Emu.App.Machine;

/// <summary>
/// <c>-machine none</c> (QEMU hw/core/null-machine.c): a machine with no CPU and no devices,
/// which QEMU's clients start only to talk to its monitor (libvirt probes capabilities this way).
/// Emu builds the run loop, the clock and guest RAM (<c>-m</c>) and nothing else; cont runs no
/// guest code, as QEMU's none machine has no vCPU to run.
/// </summary>
public sealed partial class PcBuilder
{
    private PcMachine BuildEmpty()
    {
        if (_options.Drives.Find(d => d.Interface is "ide" or "floppy") is { } drive)
        {
            // QEMU blockdev.c: a none machine has no IDE or floppy controller to take the drive.
            throw new OptionException($"{drive.Source}: machine type does not support if={drive.Interface},bus=0,unit=0");
        }

        if (_options.Devices.Count > 0)
        {
            // QEMU qdev-monitor.c: with no IDE bus the device finds no bus to plug into.
            DeviceOption device = _options.Devices[0];
            throw new OptionException($"{device.Source}: No '{(device.Driver.StartsWith("ide-", StringComparison.Ordinal) ? "IDE" : "ISA")}' bus found for device '{device.Driver}'");
        }

        _machine.Cpu = new Emu.Core.Cpu.Cpu(_machine.Memory, _machine.Io);
        _machine.Clock = new VirtualClock(_machine.Cpu, _options.Clock, NanosecondsPerInstruction);
        _machine.Scheduler = new EventScheduler(_machine.Clock);
        _machine.Loop = new RunLoop(new NoProcessor(), _machine.Scheduler)
        {
            Paused = _options.StartPaused,
            WaitForWorkWhenIdle = true,
        };
        _machine.IsEmpty = true;
        _machine.Loop.ResetHandler = _machine.Reset;
        return _machine;
    }

    /// <summary>The none machine's missing vCPU: always halted with interrupts off, so the loop only serves its monitors.</summary>
    private sealed class NoProcessor : IGuestProcessor
    {
        public long InstructionCount => 0;

        public bool Halted => true;

        public bool InterruptsEnabled => false;

        public long Run(long maxInstructions) => 0;

        public void RequestExit()
        {
        }

        public void Reset()
        {
        }
    }
}
