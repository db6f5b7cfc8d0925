namespace Emu.Devices.Input;

/// <summary>Pointer buttons as QEMU 7.2's InputButton (qapi/ui.json), in schema order.</summary>
public enum PointerButton
{
    Left,
    Middle,
    Right,
    WheelUp,
    WheelDown,
    Side,
    Extra,
    WheelLeft,
    WheelRight,
}
