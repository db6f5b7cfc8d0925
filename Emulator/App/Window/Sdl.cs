using System.Runtime.InteropServices;

namespace Emu.App.Window;

/// <summary>
/// The few SDL 2 calls the window needs, bound to Debian's <c>libSDL2-2.0.so.0</c> (package
/// libsdl2-2.0-0). Signatures and constants follow SDL 2.0's headers (SDL_video.h, SDL_render.h,
/// SDL_events.h, SDL_pixels.h). The library is loaded on the first call, so a run without a window
/// never loads it.
/// </summary>
internal static partial class Sdl
{
    public const uint InitVideo = 0x00000020;
    public const int WindowPosUndefined = 0x1FFF0000;
    public const uint WindowShown = 0x00000004;
    public const uint WindowResizable = 0x00000020;
    public const uint RendererSoftware = 0x00000001;
    public const uint RendererAccelerated = 0x00000002;

    /// <summary>SDL_PIXELFORMAT_RGB888: 32-bit 0x00RRGGBB words, the layout of a DisplayFrame.</summary>
    public const uint PixelFormatRgb888 = 0x16161804;
    public const int TextureAccessStreaming = 1;

    public const uint EventQuit = 0x100;
    public const uint EventWindow = 0x200;
    public const uint EventKeyDown = 0x300;
    public const uint EventKeyUp = 0x301;
    public const uint EventMouseMotion = 0x400;
    public const uint EventMouseButtonDown = 0x401;
    public const uint EventMouseButtonUp = 0x402;
    public const uint EventMouseWheel = 0x403;

    public const byte WindowEventFocusLost = 13;
    public const byte WindowEventClose = 14;

    public const byte ButtonLeft = 1;
    public const byte ButtonMiddle = 2;
    public const byte ButtonRight = 3;

    public const ushort ModLeftCtrl = 0x0040;
    public const ushort ModLeftAlt = 0x0100;

    /// <summary>SDL_SCANCODE_G (a USB HID usage, as every SDL scancode).</summary>
    public const int ScancodeG = 10;

    private const string Library = "libSDL2-2.0.so.0";

    [LibraryImport(Library, EntryPoint = "SDL_Init")]
    public static partial int Init(uint flags);

    [LibraryImport(Library, EntryPoint = "SDL_Quit")]
    public static partial void Quit();

    [LibraryImport(Library, EntryPoint = "SDL_GetError")]
    private static partial nint GetErrorPointer();

    [LibraryImport(Library, EntryPoint = "SDL_SetHint", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetHint(string name, string value);

    [LibraryImport(Library, EntryPoint = "SDL_CreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(string title, int x, int y, int width, int height, uint flags);

    [LibraryImport(Library, EntryPoint = "SDL_DestroyWindow")]
    public static partial void DestroyWindow(nint window);

    [LibraryImport(Library, EntryPoint = "SDL_SetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);

    [LibraryImport(Library, EntryPoint = "SDL_SetWindowSize")]
    public static partial void SetWindowSize(nint window, int width, int height);

    [LibraryImport(Library, EntryPoint = "SDL_SetWindowGrab")]
    public static partial void SetWindowGrab(nint window, int grabbed);

    [LibraryImport(Library, EntryPoint = "SDL_SetRelativeMouseMode")]
    public static partial int SetRelativeMouseMode(int enabled);

    [LibraryImport(Library, EntryPoint = "SDL_CreateRenderer")]
    public static partial nint CreateRenderer(nint window, int index, uint flags);

    [LibraryImport(Library, EntryPoint = "SDL_DestroyRenderer")]
    public static partial void DestroyRenderer(nint renderer);

    [LibraryImport(Library, EntryPoint = "SDL_CreateTexture")]
    public static partial nint CreateTexture(nint renderer, uint format, int access, int width, int height);

    [LibraryImport(Library, EntryPoint = "SDL_DestroyTexture")]
    public static partial void DestroyTexture(nint texture);

    [LibraryImport(Library, EntryPoint = "SDL_UpdateTexture")]
    public static unsafe partial int UpdateTexture(nint texture, nint rect, void* pixels, int pitch);

    [LibraryImport(Library, EntryPoint = "SDL_RenderClear")]
    public static partial int RenderClear(nint renderer);

    /// <summary>Copies the texture; null rectangles mean all of it onto the whole window (the scaling).</summary>
    [LibraryImport(Library, EntryPoint = "SDL_RenderCopy")]
    public static partial int RenderCopy(nint renderer, nint texture, nint sourceRect, nint destinationRect);

    [LibraryImport(Library, EntryPoint = "SDL_RenderPresent")]
    public static partial void RenderPresent(nint renderer);

    [LibraryImport(Library, EntryPoint = "SDL_WaitEventTimeout")]
    public static partial int WaitEventTimeout(out SdlEvent e, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "SDL_PollEvent")]
    public static partial int PollEvent(out SdlEvent e);

    public static string Error() => Marshal.PtrToStringUTF8(GetErrorPointer()) ?? "unknown SDL error";
}
