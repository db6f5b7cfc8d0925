using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Input;

/// <summary>
/// The Intel 8042 keyboard controller of the PC/AT with a PS/2 keyboard and mouse. Ports 60h
/// (data) and 64h (status / command); IRQ1 for keyboard bytes, IRQ12 for mouse bytes. Follows
/// the IBM PC/AT and PS/2 Technical References and QEMU <c>hw/input/pckbd.c</c>: command byte
/// (20h/60h), self tests (AAh -> 55h, ABh/A9h -> 00h), interface enable/disable (ADh/AEh,
/// A7h/A8h), input/output ports (C0h, D0h/D1h with A20 on bit 1 and reset on bit 0), D2h-D4h,
/// DDh/DFh A20, pulse commands F0h-FFh (FEh resets), set 2 -> set 1 translation when command
/// byte bit 6 is set (applied by the keyboard as it queues, as QEMU does). As in QEMU 7.2 the
/// output buffer is a view: OBF says which source (controller reply, keyboard, mouse; in that
/// priority) has a byte, and the byte is taken from it only when port 60h is read, so a keyboard
/// command written before the previous reply was read drops that reply (observed). Reading port
/// 60h with nothing new returns the last byte again. The reset state is QEMU's (command byte
/// 03h: the BIOS sets 61h). IBF never sets; parity and timeout errors never occur.
/// </summary>
public sealed class I8042 : IPortDevice, IStatefulDevice
{
    public const ushort DataPort = 0x60;
    public const ushort CommandPort = 0x64;

    // Status register (port 64h read).
    private const byte StatusOutputFull = 0x01;
    private const byte StatusSystem = 0x04;
    private const byte StatusCommand = 0x08;
    private const byte StatusUnlocked = 0x10;
    private const byte StatusAuxData = 0x20;

    // Command byte.
    private const byte ModeKeyboardInterrupt = 0x01;
    private const byte ModeAuxInterrupt = 0x02;
    private const byte ModeDisableKeyboard = 0x10;
    private const byte ModeDisableAux = 0x20;
    private const byte ModeTranslate = 0x40;

    // Output port (D0h/D1h).
    private const byte OutReset = 0x01;
    private const byte OutA20 = 0x02;
    private const byte OutKeyboardFull = 0x10;
    private const byte OutAuxFull = 0x20;

    private readonly IrqLine _irq1;
    private readonly IrqLine _irq12;
    private readonly PhysicalMemory _memory;
    // Which source the set OBF stands for (QEMU obsrc).
    private const byte SourceNone = 0;
    private const byte SourceController = 1;
    private const byte SourceKeyboard = 2;
    private const byte SourceMouse = 3;

    private byte _controllerData;
    private bool _controllerPending;
    private bool _controllerAux;
    private byte _source;
    private byte _lastData;
    private byte _pendingCommand;

    public I8042(IrqLine irq1, IrqLine irq12, PhysicalMemory memory)
    {
        _irq1 = irq1;
        _irq12 = irq12;
        _memory = memory;
        Keyboard.DataAvailable = UpdateOutput;
        Mouse.DataAvailable = UpdateOutput;
        ResetController();
    }

    public Ps2Keyboard Keyboard { get; } = new();

    public Ps2Mouse Mouse { get; } = new();

    /// <summary>Called when the guest pulses the reset line (FEh, or output port bit 0 written as 0).</summary>
    public Action? ResetRequested { get; set; }

    /// <summary>The controller command byte (20h/60h).</summary>
    public byte CommandByte { get; private set; }

    public byte Status { get; private set; }

    /// <summary>The output port latch (bits 4/5 track the output buffer).</summary>
    public byte OutputPort { get; private set; }

    public string StateName => "i8042";

    public void Attach(IoBus bus)
    {
        bus.Claim(DataPort, 1, this, "i8042-data");
        bus.Claim(CommandPort, 1, this, "i8042-cmd");
    }

    public byte ReadByte(ushort port)
    {
        if (port == CommandPort)
        {
            return Status;
        }

        if ((Status & StatusOutputFull) == 0)
        {
            return _lastData;
        }

        byte value = _source switch
        {
            SourceController => _controllerData,
            SourceKeyboard => Keyboard.ReadData(),
            SourceMouse => Mouse.ReadData(),
            _ => _lastData,
        };
        if (_source == SourceController)
        {
            _controllerPending = false;
        }

        _lastData = value;
        ClearOutputFull();
        UpdateOutput();
        return value;
    }

    public void WriteByte(ushort port, byte value)
    {
        if (port == CommandPort)
        {
            Status |= StatusCommand;
            WriteCommand(value);
        }
        else
        {
            Status &= unchecked((byte)~StatusCommand);
            WriteData(value);
        }
    }

    /// <summary>Power-on / machine reset of the controller and both devices.</summary>
    public void Reset()
    {
        Keyboard.Reset();
        Mouse.Reset();
        ResetController();
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("status", Status);
        writer.Write("mode", CommandByte);
        writer.Write("outport", OutputPort);
        writer.Write("obdata", _lastData);
        writer.Write("source", _source);
        writer.Write("pendingCommand", _pendingCommand);
        writer.Write("ctrlData", _controllerData);
        writer.Write("ctrlPending", _controllerPending);
        writer.Write("ctrlAux", _controllerAux);
        Keyboard.Save(writer);
        Mouse.Save(writer);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        byte pending = section.GetByte("pendingCommand");
        if (pending != 0 && pending != 0x60 && (pending < 0xD1 || pending > 0xD4))
        {
            throw new StateFormatException($"section {section.Name}: pendingCommand {pending:X2} is not a command that takes data");
        }

        byte status = section.GetByte("status");
        byte source = (byte)section.GetInt32("source", SourceNone, SourceMouse);
        if ((source == SourceNone) != ((status & StatusOutputFull) == 0))
        {
            throw new StateFormatException($"section {section.Name}: status OBF and source disagree");
        }

        Status = status;
        _source = source;
        CommandByte = section.GetByte("mode");
        OutputPort = section.GetByte("outport");
        _lastData = section.GetByte("obdata");
        _pendingCommand = pending;
        _controllerData = section.GetByte("ctrlData");
        _controllerPending = section.GetBool("ctrlPending");
        _controllerAux = section.GetBool("ctrlAux");

        Keyboard.Load(section);
        Mouse.Load(section);
        UpdateIrq();
    }

    private void ResetController()
    {
        CommandByte = ModeKeyboardInterrupt | ModeAuxInterrupt;
        Status = StatusCommand | StatusUnlocked;
        OutputPort = 0xCC | OutReset | OutA20;
        _controllerPending = false;
        _source = SourceNone;
        _pendingCommand = 0;
        Keyboard.Translate = false;
        UpdateIrq();
    }

    private void WriteCommand(byte command)
    {
        // F0h-FFh pulse output-port bits 3-0 whose command bit is 0; only bit 0 (reset) matters.
        if ((command & 0xF0) == 0xF0)
        {
            if ((command & 0x01) == 0)
            {
                ResetRequested?.Invoke();
            }

            return;
        }

        switch (command)
        {
            case 0x20: // read command byte
                QueueControllerByte(CommandByte, aux: false);
                break;
            case 0x60: // write command byte
            case 0xD1: // write output port
            case 0xD2: // write keyboard output buffer
            case 0xD3: // write auxiliary output buffer
            case 0xD4: // write to auxiliary device
                _pendingCommand = command;
                break;
            case 0xA7: // disable auxiliary interface
                CommandByte |= ModeDisableAux;
                break;
            case 0xA8: // enable auxiliary interface
                CommandByte &= unchecked((byte)~ModeDisableAux);
                UpdateOutput();
                break;
            case 0xA9: // auxiliary interface test: no error
            case 0xAB: // keyboard interface test: no error
                QueueControllerByte(0x00, aux: false);
                break;
            case 0xAA: // controller self test: passed, system flag set
                Status |= StatusSystem;
                QueueControllerByte(0x55, aux: false);
                break;
            case 0xAD: // disable keyboard interface
                // A keyboard byte shown in the buffer is hidden again (QEMU kbd_update_irq).
                CommandByte |= ModeDisableKeyboard;
                if (_source == SourceKeyboard)
                {
                    ClearOutputFull();
                    UpdateOutput();
                }

                break;
            case 0xAE: // enable keyboard interface
                CommandByte &= unchecked((byte)~ModeDisableKeyboard);
                UpdateOutput();
                break;
            case 0xC0: // read input port (QEMU: 80h, keyboard not inhibited)
                QueueControllerByte(0x80, aux: false);
                break;
            case 0xD0: // read output port
                QueueControllerByte(OutputPort, aux: false);
                break;
            case 0xDD: // A20 off (HP Vectra)
                OutputPort &= unchecked((byte)~OutA20);
                _memory.A20Enabled = false;
                break;
            case 0xDF: // A20 on
                OutputPort |= OutA20;
                _memory.A20Enabled = true;
                break;
            default:
                break; // unsupported commands are ignored, as QEMU does
        }
    }

    private void WriteData(byte value)
    {
        byte command = _pendingCommand;
        _pendingCommand = 0;
        switch (command)
        {
            case 0x60:
                CommandByte = value;
                Keyboard.Translate = (value & ModeTranslate) != 0;
                UpdateIrq();
                UpdateOutput();
                break;
            case 0xD1:
                WriteOutputPort(value);
                break;
            case 0xD2:
                QueueControllerByte(value, aux: false);
                break;
            case 0xD3:
                QueueControllerByte(value, aux: true);
                break;
            case 0xD4:
                // Sending to the mouse re-enables its interface (QEMU).
                CommandByte &= unchecked((byte)~ModeDisableAux);
                Mouse.WriteData(value);
                UpdateOutput();
                break;
            default:
                // Sending to the keyboard re-enables its interface (QEMU).
                CommandByte &= unchecked((byte)~ModeDisableKeyboard);
                Keyboard.WriteData(value);
                UpdateOutput();
                break;
        }
    }

    private void WriteOutputPort(byte value)
    {
        OutputPort = value;
        _memory.A20Enabled = (value & OutA20) != 0;
        if ((value & OutReset) == 0)
        {
            ResetRequested?.Invoke();
        }
    }

    private void QueueControllerByte(byte value, bool aux)
    {
        // One reply byte; a newer one replaces an unread one (QEMU kbd_queue, cbdata).
        _controllerData = value;
        _controllerPending = true;
        _controllerAux = aux;
        if (_source == SourceController)
        {
            SetOutputFull(SourceController, aux);
        }

        UpdateOutput();
    }

    /// <summary>Shows the next source with data (controller, then keyboard, then mouse) if OBF is clear.</summary>
    private void UpdateOutput()
    {
        if ((Status & StatusOutputFull) != 0)
        {
            return;
        }

        if (_controllerPending)
        {
            SetOutputFull(SourceController, _controllerAux);
        }
        else if ((CommandByte & ModeDisableKeyboard) == 0 && Keyboard.HasData)
        {
            SetOutputFull(SourceKeyboard, aux: false);
        }
        else if ((CommandByte & ModeDisableAux) == 0 && Mouse.HasData)
        {
            SetOutputFull(SourceMouse, aux: true);
        }
    }

    private void SetOutputFull(byte source, bool aux)
    {
        _source = source;
        Status = (byte)((Status & ~StatusAuxData) | StatusOutputFull | (aux ? StatusAuxData : 0));
        OutputPort = (byte)((OutputPort & ~OutAuxFull) | OutKeyboardFull | (aux ? OutAuxFull : 0));
        UpdateIrq();
    }

    private void ClearOutputFull()
    {
        _source = SourceNone;
        Status &= unchecked((byte)~(StatusOutputFull | StatusAuxData));
        OutputPort &= unchecked((byte)~(OutKeyboardFull | OutAuxFull));
        UpdateIrq();
    }

    private void UpdateIrq()
    {
        bool full = (Status & StatusOutputFull) != 0;
        bool aux = (Status & StatusAuxData) != 0;
        bool keyboardLevel = full && !aux && (CommandByte & (ModeKeyboardInterrupt | ModeDisableKeyboard)) == ModeKeyboardInterrupt;
        bool auxLevel = full && aux && (CommandByte & ModeAuxInterrupt) != 0;
        if (_irq1.Level != keyboardLevel)
        {
            _irq1.Set(keyboardLevel);
        }

        if (_irq12.Level != auxLevel)
        {
            _irq12.Set(auxLevel);
        }
    }
}
