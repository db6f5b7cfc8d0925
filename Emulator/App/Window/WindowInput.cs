using Emu.Core.Machine;
using Emu.Devices.Input;

namespace Emu.App.Window;

/// <summary>
/// Keyboard and mouse of the window into the guest, as QEMU's SDL 2 front end does (ui/sdl2.c,
/// ui/sdl2-input.c): SDL scancodes are USB HID usages, turned into QEMU key codes and sent like
/// send-key's keys; the mouse is relative, so it reaches the guest only while grabbed. A left
/// click (on release) grabs, Ctrl+Alt+G toggles the grab (the G is not sent), and losing the
/// focus ends the grab and lifts every key still held. Runs on the window thread; each event is
/// posted to the machine thread.
/// </summary>
internal sealed class WindowInput
{
    private readonly RunLoop _loop;
    private readonly HostInput _input;
    private readonly bool[] _held = new bool[QKeyCodes.Count];

    public WindowInput(RunLoop loop, HostInput input)
    {
        _loop = loop;
        _input = input;
    }

    /// <summary>Whether the pointer is grabbed (the window turns SDL's relative mouse mode on and off to match).</summary>
    public bool Grabbed { get; private set; }

    /// <summary>Handles a keyboard, mouse or focus event; returns true when the grab changed.</summary>
    public bool Handle(in SdlEvent e)
    {
        switch (e.Type)
        {
            case Sdl.EventKeyDown:
                if (e.Scancode == Sdl.ScancodeG && (e.KeyModifiers & (Sdl.ModLeftCtrl | Sdl.ModLeftAlt)) == (Sdl.ModLeftCtrl | Sdl.ModLeftAlt))
                {
                    if (e.KeyRepeat == 0)
                    {
                        Grabbed = !Grabbed;
                        return true;
                    }

                    return false;
                }

                Key(QKeyCodes.FromUsb(e.Scancode), down: true);
                return false;
            case Sdl.EventKeyUp:
                // A key the guest never saw go down (the hotkey's G) is not released either.
                Key(QKeyCodes.FromUsb(e.Scancode), down: false);
                return false;
            case Sdl.EventMouseMotion when Grabbed:
                int dx = e.MotionX;
                int dy = e.MotionY;
                _loop.Post(() =>
                {
                    _input.RelativeMotion(dx, dy);
                    _input.Sync();
                });
                return false;
            case Sdl.EventMouseButtonDown when Grabbed:
            case Sdl.EventMouseButtonUp when Grabbed:
                Button(e.Button, e.Type == Sdl.EventMouseButtonDown);
                return false;
            case Sdl.EventMouseButtonUp when e.Button == Sdl.ButtonLeft:
                Grabbed = true;
                return true;
            case Sdl.EventMouseWheel when Grabbed && e.WheelY != 0:
                PointerButton wheel = e.WheelY > 0 ? PointerButton.WheelUp : PointerButton.WheelDown;
                _loop.Post(() =>
                {
                    _input.Button(wheel, down: true);
                    _input.Sync();
                    _input.Button(wheel, down: false);
                    _input.Sync();
                });
                return false;
            case Sdl.EventWindow when e.WindowEvent == Sdl.WindowEventFocusLost:
                LiftAllKeys();
                bool wasGrabbed = Grabbed;
                Grabbed = false;
                return wasGrabbed;
            default:
                return false;
        }
    }

    private void Key(QKeyCode key, bool down)
    {
        if (key == QKeyCode.Unmapped || (!down && !_held[(int)key]))
        {
            return;
        }

        _held[(int)key] = down;
        _loop.Post(() => _input.SendKey(key, down));
    }

    private void Button(byte sdlButton, bool down)
    {
        PointerButton? button = sdlButton switch
        {
            Sdl.ButtonLeft => PointerButton.Left,
            Sdl.ButtonMiddle => PointerButton.Middle,
            Sdl.ButtonRight => PointerButton.Right,
            _ => null,
        };
        if (button is { } b)
        {
            _loop.Post(() =>
            {
                _input.Button(b, down);
                _input.Sync();
            });
        }
    }

    private void LiftAllKeys()
    {
        for (int i = 0; i < _held.Length; i++)
        {
            if (_held[i])
            {
                Key((QKeyCode)i, down: false);
            }
        }
    }
}
