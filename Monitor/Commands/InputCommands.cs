using Emu.Devices.Input;
using Emu.Monitor.Commands.Model;
using Emu.Monitor.Machine;
using Emu.Monitor.Qmp;

namespace Emu.Monitor.Commands;

/// <summary>
/// send-key and input-send-event (QEMU qapi/ui.json, ui/input.c qmp_send_key and
/// qmp_input_send_event): keys and pointer events into the PS/2 keyboard and mouse through
/// <see cref="HostInput"/>. send-key presses the keys in order and releases them in reverse, each
/// step followed by hold-time of virtual time (10 ms by default, as QEMU's default key delay).
/// </summary>
public static class InputCommands
{
    public static void Register(QmpCommandRegistry registry)
    {
        QmpJsonContext json = QmpJsonContext.Default;
        registry.AddOnMachine("send-key", () => json.SendKeyArguments, () => json.QmpEmpty, (c, a) => SendKey(c.Services, a.Keys, a.HoldTime));
        registry.AddOnMachine("input-send-event", () => json.InputSendEventArguments, () => json.QmpEmpty, (c, a) => InputSendEvent(c.Services, a));
    }

    /// <summary>QEMU qmp_send_key; also HMP sendkey. Machine thread.</summary>
    public static QmpOutcome<QmpEmpty> SendKey(MonitorServices services, IReadOnlyList<KeyValue> keys, long? holdTime)
    {
        if (services.Input is not { } input)
        {
            return QmpEmpty.Instance;
        }

        // QEMU passes hold-time to a uint32_t delay; 0 or absent means the default delay.
        uint delay = holdTime is { } ms ? unchecked((uint)ms) : 0;
        foreach (KeyValue key in keys)
        {
            input.SendKey(key.ToQKeyCode(), down: true);
            input.Delay(delay);
        }

        for (int i = keys.Count - 1; i >= 0; i--)
        {
            input.SendKey(keys[i].ToQKeyCode(), down: false);
            input.Delay(delay);
        }

        return QmpEmpty.Instance;
    }

    private static QmpOutcome<QmpEmpty> InputSendEvent(MonitorServices services, InputSendEventArguments arguments)
    {
        // QEMU's order: the named console (Emu's display has no device id), the run state, then a
        // handler for every event's kind; only then are the events sent, followed by one sync.
        if (arguments.Device is { } device)
        {
            return QmpError.DeviceNotFound(device);
        }

        if (services.Machine.RunState != RunState.Running)
        {
            return QmpError.Generic("VM not running");
        }

        foreach (InputEvent e in arguments.Events)
        {
            if (e is InputEvent.Abs || services.Input is null)
            {
                return QmpError.Generic($"Input handler not found for event type {e.KindName()}");
            }
        }

        HostInput input = services.Input!;
        foreach (InputEvent e in arguments.Events)
        {
            switch (e)
            {
                case InputEvent.Key key:
                    input.KeyEvent(key.Data.Key.ToQKeyCode(), key.Data.Down);
                    break;
                case InputEvent.Btn button:
                    input.Button(button.Data.Button, button.Data.Down);
                    break;
                case InputEvent.Rel move:
                    int value = (int)Math.Clamp(move.Data.Value, int.MinValue, int.MaxValue);
                    input.RelativeMotion(move.Data.Axis == InputAxis.X ? value : 0, move.Data.Axis == InputAxis.Y ? value : 0);
                    break;
            }
        }

        input.Sync();
        return QmpEmpty.Instance;
    }
}
