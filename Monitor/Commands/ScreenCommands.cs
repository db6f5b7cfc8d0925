using Emu.Devices.Video;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// screendump (QEMU qapi/ui.json, ui/console.c qmp_screendump): the display's current picture
/// through <see cref="IDisplaySource"/>, as PPM or PNG; and Emu's x-query-screen-text, which a
/// regression runner reads to match a regex against the text screen.
/// </summary>
public static class ScreenCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("screendump", () => json.ScreendumpArguments, () => json.QmpEmpty, (c, a) => Screendump(c.Services, a));
        registry.AddOnMachine("x-query-screen-text", () => json.QmpEmpty, () => json.ScreenTextInfo, (c, _) =>
            c.Services.Screen is { } screen
                ? new ScreenTextInfo(screen.RenderLines())
                : QmpError.Generic("There is no console to take a screendump from"));
    }

    /// <summary>qmp_screendump; HMP's screendump calls it too.</summary>
    public static QmpOutcome<QmpEmpty> Screendump(MonitorServices services, ScreendumpArguments arguments)
    {
        // QEMU's order: a named device must exist, 'head' needs 'device', then the console must exist.
        if (arguments.Device is { } device)
        {
            return QmpError.DeviceNotFound(device);
        }

        if (arguments.Head is not null)
        {
            return QmpError.Generic("'head' must be specified together with 'device'");
        }

        if (services.Display is not { } display)
        {
            return QmpError.Generic("There is no console to take a screendump from");
        }

        DisplayFrame frame = new();
        display.Update(frame);
        ScreenImage image = frame.ToImage();
        FileStream file;
        try
        {
            file = new FileStream(arguments.FileName, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return QmpError.Generic($"failed to open file '{arguments.FileName}': {StrError(e)}");
        }

        using (file)
        {
            if (arguments.Format == ImageFormat.Png)
            {
                image.WritePng(file);
            }
            else
            {
                image.WritePpm(file);
            }
        }

        return QmpEmpty.Instance;
    }

    /// <summary>The strerror text QEMU prints for the usual open failures.</summary>
    private static string StrError(Exception e) => e switch
    {
        DirectoryNotFoundException or FileNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
