using System.Runtime.InteropServices;

namespace Emu.App.Window;

/// <summary>
/// SDL_Event (SDL_events.h, 56 bytes): the members of the union the window reads, at their offsets
/// in SDL_WindowEvent, SDL_KeyboardEvent, SDL_MouseMotionEvent, SDL_MouseButtonEvent and SDL_MouseWheelEvent.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct SdlEvent
{
    [FieldOffset(0)]
    public uint Type;

    /// <summary>SDL_WindowEvent.event.</summary>
    [FieldOffset(12)]
    public byte WindowEvent;

    /// <summary>SDL_KeyboardEvent.repeat.</summary>
    [FieldOffset(13)]
    public byte KeyRepeat;

    /// <summary>SDL_KeyboardEvent.keysym.scancode (a USB HID usage).</summary>
    [FieldOffset(16)]
    public int Scancode;

    /// <summary>SDL_KeyboardEvent.keysym.mod.</summary>
    [FieldOffset(24)]
    public ushort KeyModifiers;

    /// <summary>SDL_MouseButtonEvent.button.</summary>
    [FieldOffset(16)]
    public byte Button;

    /// <summary>SDL_MouseWheelEvent.y (positive away from the user).</summary>
    [FieldOffset(20)]
    public int WheelY;

    /// <summary>SDL_MouseMotionEvent.xrel.</summary>
    [FieldOffset(28)]
    public int MotionX;

    /// <summary>SDL_MouseMotionEvent.yrel.</summary>
    [FieldOffset(32)]
    public int MotionY;
}
