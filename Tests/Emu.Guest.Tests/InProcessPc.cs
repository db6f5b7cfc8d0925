using Emu.App.Machine;
using Emu.App.Options;
using Emu.Devices.Serial;

namespace Emu.Guest.Tests;

/// <summary>
/// Builds a PC in this process the way the <c>emu</c> program does (same options, same
/// composition root), with "stdio" captured in memory so a test can read COM1 or the debug console.
/// </summary>
internal sealed class InProcessPc : IDisposable
{
    public InProcessPc(params string[] args)
        : this(null, args)
    {
    }

    public InProcessPc(byte[]? demoGuest, params string[] args)
    {
        Options = CommandLine.Parse(args);
        Machine = new PcBuilder(Options, new MachineHost
        {
            Stdio = Stdio,
            Warning = Warnings.Add,
            DemoGuest = demoGuest ?? (Options.UsesDemoGuest ? App.Program.LoadDemoGuest() : null),
            RtcStart = new DateTime(2024, 3, 5, 12, 34, 56, DateTimeKind.Utc),
        }).Build();
    }

    public EmuOptions Options { get; }

    public PcMachine Machine { get; }

    public MemoryCharBackend Stdio { get; } = new();

    public List<string> Warnings { get; } = [];

    public string Output => Stdio.OutputText;

    public void Dispose() => Machine.Dispose();
}
