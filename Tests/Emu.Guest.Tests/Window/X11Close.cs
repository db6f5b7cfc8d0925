using System.Runtime.InteropServices;

namespace Emu.Guest.Tests.Window;

/// <summary>
/// Asks a window to close the way a window manager does: a WM_PROTOCOLS client message carrying
/// WM_DELETE_WINDOW (ICCCM 4.2.8.1), sent with libX11 (Debian libx11-6, which SDL already needs).
/// xdotool's windowclose destroys the window instead, which no user does.
/// </summary>
internal static partial class X11Close
{
    private const int ClientMessage = 33;
    private const string Library = "libX11.so.6";

    public static void RequestClose(string display, ulong window)
    {
        nint connection = XOpenDisplay(display);
        Assert.True(connection != 0, $"cannot open X display {display}");
        try
        {
            ulong protocols = XInternAtom(connection, "WM_PROTOCOLS", 0);
            ulong delete = XInternAtom(connection, "WM_DELETE_WINDOW", 0);

            // XClientMessageEvent on LP64: type, serial, send_event, display, window, message_type, format, data.l[5].
            Span<byte> e = stackalloc byte[192];
            e.Clear();
            BitConverter.TryWriteBytes(e[0..], ClientMessage);
            BitConverter.TryWriteBytes(e[32..], window);
            BitConverter.TryWriteBytes(e[40..], protocols);
            BitConverter.TryWriteBytes(e[48..], 32);
            BitConverter.TryWriteBytes(e[56..], delete);
            unsafe
            {
                fixed (byte* p = e)
                {
                    Assert.NotEqual(0, XSendEvent(connection, window, 0, 0, p));
                }
            }

            XFlush(connection);
        }
        finally
        {
            XCloseDisplay(connection);
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint XOpenDisplay(string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial ulong XInternAtom(nint display, string name, int onlyIfExists);

    [LibraryImport(Library)]
    private static unsafe partial int XSendEvent(nint display, ulong window, int propagate, long eventMask, byte* e);

    [LibraryImport(Library)]
    private static partial int XFlush(nint display);

    [LibraryImport(Library)]
    private static partial int XCloseDisplay(nint display);
}
