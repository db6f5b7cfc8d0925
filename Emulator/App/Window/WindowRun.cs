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
        machine.Loop.WaitForWorkWhenIdle = true;
        Func<bool> isRunning = monitor is null ? static () => true : () => monitor.IsRunning;
        Action close = monitor is null ? machine.Loop.RequestQuit : monitor.QuitFromWindow;
        SdlWindow window;
        try
        {
            window = SdlWindow.Open(machine.Loop, (IDisplaySource?)machine.Vga ?? new NoVideoOutput(), machine.Input, options.Name, isRunning, close);
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

    /// <summary>
    /// The window's picture without a display card (<c>-vga none</c>, <c>-nodefaults</c>): a black
    /// 640x480 frame, since nothing can draw. The window still takes keys and the mouse.
    /// </summary>
    private sealed class NoVideoOutput : IDisplaySource
    {
        public bool Update(DisplayFrame frame) => frame.Resize(640, 480);
    }
}
