using Emu.App.Machine;
using Emu.App.Monitor;
using Emu.App.Options;
using Emu.Core.Machine;

namespace Emu.App;

/// <summary>Runs a machine without a window and turns how it stopped into a notice and an exit code.</summary>
public static class HeadlessRun
{
    public static int Run(PcMachine machine, EmuOptions options, TextWriter notices, MonitorAttachment? monitor = null)
    {
        MachineStopReason reason = machine.Run(options.InstructionLimit ?? long.MaxValue);
        monitor?.MachineStopped(reason);
        switch (reason)
        {
            case MachineStopReason.HaltedForever:
                notices.WriteLine("emu: the guest halted with interrupts disabled; ending the run");
                break;
            case MachineStopReason.InstructionLimit:
                notices.WriteLine($"emu: instruction limit reached");
                break;
            default:
                break;
        }

        if (options.PrintInstructionCount)
        {
            notices.WriteLine($"emu: {machine.Cpu.InstructionCount} instructions executed");
            notices.WriteLine($"emu: {machine.Cpu.SysenterCount} SYSENTER and {machine.Cpu.SysexitCount} SYSEXIT executed");
        }

        return 0;
    }
}
