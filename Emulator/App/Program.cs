using System.Reflection;
using Emu.App.Machine;
using Emu.App.Monitor;
using Emu.App.Options;
using Emu.App.Window;
using Emu.Core.Machine;
using Emu.Devices.Serial;
using Emu.Monitor.Commands;
using Emu.Monitor.Qmp;

namespace Emu.App;

/// <summary>The <c>emu</c> program: QEMU-style command line, builds the PC, runs it headless or in the SDL window.</summary>
public static class Program
{
    public const string Version = "0.1.0";

    public static int Main(string[] args)
    {
        EmuOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (OptionException e)
        {
            Console.Error.WriteLine($"emu: {e.Message}");
            return 1;
        }

        if (options.ShowHelp)
        {
            Console.Out.Write(HelpText.Text);
            return 0;
        }

        if (options.ShowVersion)
        {
            Console.Out.WriteLine($"Emu version {Version}");
            return 0;
        }

        DisplayChoice.Resolve(options, Environment.GetEnvironmentVariable);

        if (options.MessageTimestamps)
        {
            // -msg timestamp=on: every later message line starts with the UTC time, as QEMU's error_report.
            Console.SetError(new TimestampedWriter(Console.Error));
        }

        if (options.Daemonize && !Daemon.IsChild)
        {
            return Daemon.RunParent(args, Console.Error);
        }

        if (options.Daemonize)
        {
            Daemon.DetachSession();
        }

        PidFile? pidFile = null;
        if (options.PidFile is { } pidPath && (pidFile = PidFile.Create(pidPath, Console.Error)) is null)
        {
            return 1;
        }

        using (pidFile)
        {
            return Run(options);
        }
    }

    private static int Run(EmuOptions options)
    {
        // The QMP commands' JSON metadata costs about as much start-up time as building the machine
        // (System.Text.Json's generic code over value types, which ReadyToRun cannot precompile for
        // us), so a pool thread builds it meanwhile.
        Task<QmpCommandRegistry>? commands = options.Monitor.Any ? Task.Run(BuiltinCommands.CreateRegistry) : null;
        MachineHost host = new()
        {
            Stdio = new StdioCharBackend(),
            Warning = Console.Error.WriteLine,
            DemoGuest = options.UsesDemoGuest ? LoadDemoGuest() : null,
        };

        PcMachine machine;
        try
        {
            machine = new PcBuilder(options, host).Build();
        }
        catch (OptionException e)
        {
            Console.Error.WriteLine($"emu: {e.Message}");
            return 1;
        }

        using (machine)
        {
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                machine.Loop.RequestQuit();
            };
            MonitorAttachment? monitor;
            try
            {
                monitor = MonitorAttachment.Start(machine, options, Console.Error, commands);
            }
            catch (OptionException e)
            {
                Console.Error.WriteLine($"emu: {e.Message}");
                return 1;
            }

            if (options.Daemonize)
            {
                Daemon.ReportReady();
            }

            using (monitor)
            {
                return options.Display == DisplayMode.Sdl
                    ? WindowRun.Run(machine, options, Console.Error, monitor)
                    : HeadlessRun.Run(machine, options, Console.Error, monitor);
            }
        }
    }

    /// <summary>The demo guest assembled from firmware/demo by the build, padded to a 1.44 MB floppy.</summary>
    public static byte[] LoadDemoGuest()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Emu.App.demo.bin")
            ?? throw new InvalidOperationException("the demo guest resource is missing from this build");
        byte[] image = new byte[1_474_560];
        stream.ReadExactly(image.AsSpan(0, (int)stream.Length));
        return image;
    }
}
