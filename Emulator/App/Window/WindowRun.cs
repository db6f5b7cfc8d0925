using Emu.App.Machine;
using Emu.App.Monitor;
using Emu.App.Options;
using Emu.Devices.Video;

namespace Emu.App.Window;

/// <summary>
/// Runs a machine with the SDL window open: the window shows the VGA's picture and feeds the
/// keyboard and mouse; a halted guest never ends the run (the window stays, as QEMU's does), and
/// closing the window ends it with QEMU's SHUTDOWN reason host-ui and exit status 0.
/// </summary>
public static class WindowRun
{
    public static int Run(PcMachine machine, EmuOptions options, TextWriter notices, MonitorAttachment? monitor)
    {
        PsfFont font;
        try
        {
            font = PsfFont.Load(PsfFont.DefaultPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            notices.WriteLine($"emu: the window needs the VGA console font of Debian's console-setup-linux package: {e.Message}");
            return 1;
        }

        machine.Loop.WaitForWorkWhenIdle = true;
        Func<bool> isRunning = monitor is null ? static () => true : () => monitor.IsRunning;
        Action close = monitor is null ? machine.Loop.RequestQuit : monitor.QuitFromWindow;
        SdlWindow window;
        try
        {
            window = SdlWindow.Open(machine.Loop, new TextModeDisplay(machine.Vga, font), machine.Input, options.Name, isRunning, close);
        }
        catch (WindowException e)
        {
            notices.WriteLine($"emu: {e.Message}");
            return 1;
        }

        using (window)
        {
            return HeadlessRun.Run(machine, options, notices, monitor);
        }
    }
}
