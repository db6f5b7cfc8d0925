namespace Emu.Devices.Input;

/// <summary>Keys of a US 101/102-key PC keyboard, named by their legend (position, not character).</summary>
public enum KeyCode
{
    None,
    Escape,
    F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12,
    Grave, D1, D2, D3, D4, D5, D6, D7, D8, D9, D0, Minus, Equals, Backspace,
    Tab, Q, W, E, R, T, Y, U, I, O, P, LeftBracket, RightBracket, Backslash,
    CapsLock, A, S, D, F, G, H, J, K, L, Semicolon, Apostrophe, Enter,
    LeftShift, Z, X, C, V, B, N, M, Comma, Period, Slash, RightShift,
    LeftCtrl, LeftAlt, Space, RightAlt, RightCtrl, LeftWindows, RightWindows, Menu,
    Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right,
    NumLock, ScrollLock, PrintScreen, Pause,
    KeypadDivide, KeypadMultiply, KeypadMinus, KeypadPlus, KeypadEnter, KeypadPeriod,
    Keypad0, Keypad1, Keypad2, Keypad3, Keypad4, Keypad5, Keypad6, Keypad7, Keypad8, Keypad9,
}
