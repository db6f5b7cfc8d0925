using Emu.Core.Interrupts;
using Emu.Core.Io;
using Emu.Core.State;

namespace Emu.Devices.Storage.Ide;

/// <summary>
/// One IDE channel (cable) of a legacy ATA host adapter: the command block (eight ports from
/// <see cref="CommandBase"/>), the control block (<see cref="ControlPort"/>: Alternate Status /
/// Device Control) and one IRQ line shared by its master and slave units. Follows QEMU 7.2
/// <c>hw/ide/core.c</c> (spec ide-atapi-bios.md A.1-A.4): writes to +1..+6 reach both units'
/// registers and are ignored while the selected unit is busy; reads come from the selected unit;
/// a channel with no device reads 00h everywhere and an absent selected slave reads 00h for Error
/// and Status; reading Status lowers the IRQ, reading Alternate Status does not; nIEN keeps the
/// line low; SRST resets both units at once (without QEMU's bottom-half delay, which no guest can
/// rely on) and leaves the unit selection as it was.
/// </summary>
public sealed class IdeChannel : IPortDevice
{
    // Device Control register bits (ATA/ATAPI-6 7.8).
    public const byte ControlHob = 0x80;
    public const byte ControlSoftReset = 0x04;
    public const byte ControlInterruptDisable = 0x02;

    // Command block register offsets (ATA/ATAPI-6 7.1, table 12).
    private const int RegData = 0;
    private const int RegErrorFeatures = 1;
    private const int RegSectorCount = 2;
    private const int RegSector = 3;
    private const int RegCylinderLow = 4;
    private const int RegCylinderHigh = 5;
    private const int RegDevice = 6;
    private const int RegStatusCommand = 7;

    private readonly IdeDevice[] _units = new IdeDevice[2];
    private readonly IrqLine _irq;
    private int _selected;
    private byte _control;

    public IdeChannel(int bus, ushort commandBase, ushort controlPort, IrqLine irq)
    {
        Bus = bus;
        CommandBase = commandBase;
        ControlPort = controlPort;
        _irq = irq;
        for (int unit = 0; unit < 2; unit++)
        {
            _units[unit] = new IdeEmptySlot(unit) { Channel = this };
        }
    }

    /// <summary>0 for the primary channel, 1 for the secondary.</summary>
    public int Bus { get; }

    public ushort CommandBase { get; }

    public ushort ControlPort { get; }

    /// <summary>The unit the Device register selects (0 master, 1 slave).</summary>
    public int SelectedUnit => _selected;

    public byte DeviceControl => _control;

    public IrqLine Irq => _irq;

    /// <summary>The channel's bus-master DMA engine (PIIX3 BAR4), or null on a controller without one.</summary>
    public BusMasterChannel? BusMaster { get; internal set; }

    public IdeDevice this[int unit] => _units[unit & 1];

    /// <summary>Puts a device into its unit slot (machine build time).</summary>
    public void Attach(IdeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (_units[device.Unit].IsPresent)
        {
            throw new InvalidOperationException($"IDE bus {Bus} unit {device.Unit} already holds a device");
        }

        _units[device.Unit] = device;
        device.Channel = this;
        device.Reset();
    }

    /// <summary>Claims the command block (the Data port also in word and dword width) and the control port.</summary>
    public void Claim(IoBus bus, string owner)
    {
        bus.Claim(CommandBase, 1, this, owner, PortWidths.All);
        bus.Claim((ushort)(CommandBase + 1), 7, this, owner);
        bus.Claim(ControlPort, 1, this, owner);
    }

    /// <summary>System reset: both units to their power-on state, master selected, Device Control 0, IRQ low.</summary>
    public void Reset()
    {
        _selected = 0;
        _control = 0;
        _units[0].Reset();
        _units[1].Reset();
        _irq.Lower();
    }

    /// <summary>A unit signals an interrupt (QEMU ide_set_irq): the line rises unless nIEN is set.</summary>
    internal void RaiseIrq()
    {
        if ((_control & ControlInterruptDisable) == 0)
        {
            BusMaster?.OnIrq();
            _irq.Raise();
        }
    }

    private IdeDevice Current => _units[_selected];

    private bool NoDevices => !_units[0].IsPresent && !_units[1].IsPresent;

    /// <summary>An absent selected slave answers 00h for Error and Status (A.4).</summary>
    private bool ReadsAsAbsent => NoDevices || (_selected == 1 && !_units[1].IsPresent);

    public byte ReadByte(ushort port)
    {
        if (port == ControlPort)
        {
            return ReadsAsAbsent ? (byte)0 : Current.Status;
        }

        IdeDevice unit = Current;
        bool hob = (_control & ControlHob) != 0;
        switch (port - CommandBase)
        {
            case RegData:
                // An 8-bit read consumes a whole word and returns its low byte (QEMU, A.1).
                return (byte)unit.ReadData16();
            case RegErrorFeatures:
                return ReadsAsAbsent ? (byte)0 : hob ? unit.HobFeature : unit.Error;
            case RegSectorCount:
                return NoDevices ? (byte)0 : hob ? unit.HobSectorCount : (byte)unit.SectorCount;
            case RegSector:
                return NoDevices ? (byte)0 : hob ? unit.HobSector : unit.Sector;
            case RegCylinderLow:
                return NoDevices ? (byte)0 : hob ? unit.HobCylinderLow : unit.CylinderLow;
            case RegCylinderHigh:
                return NoDevices ? (byte)0 : hob ? unit.HobCylinderHigh : unit.CylinderHigh;
            case RegDevice:
                return NoDevices ? (byte)0 : unit.Select;
            default:
                _irq.Lower();
                return ReadsAsAbsent ? (byte)0 : unit.Status;
        }
    }

    public void WriteByte(ushort port, byte value)
    {
        if (port == ControlPort)
        {
            WriteDeviceControl(value);
            return;
        }

        int register = port - CommandBase;
        if (register == RegData)
        {
            return; // 8-bit Data writes are ignored (A.1)
        }

        if (register != RegStatusCommand && (Current.Status & (IdeDevice.StatusBusy | IdeDevice.StatusDrq)) != 0)
        {
            return;
        }

        _control &= unchecked((byte)~ControlHob);
        switch (register)
        {
            case RegErrorFeatures:
                foreach (IdeDevice unit in _units)
                {
                    unit.HobFeature = unit.Feature;
                    unit.Feature = value;
                }

                break;
            case RegSectorCount:
                foreach (IdeDevice unit in _units)
                {
                    unit.HobSectorCount = (byte)unit.SectorCount;
                    unit.SectorCount = value;
                }

                break;
            case RegSector:
                foreach (IdeDevice unit in _units)
                {
                    unit.HobSector = unit.Sector;
                    unit.Sector = value;
                }

                break;
            case RegCylinderLow:
                foreach (IdeDevice unit in _units)
                {
                    unit.HobCylinderLow = unit.CylinderLow;
                    unit.CylinderLow = value;
                }

                break;
            case RegCylinderHigh:
                foreach (IdeDevice unit in _units)
                {
                    unit.HobCylinderHigh = unit.CylinderHigh;
                    unit.CylinderHigh = value;
                }

                break;
            case RegDevice:
                _units[0].Select = (byte)(value | IdeDevice.DeviceAlwaysOn);
                _units[1].Select = (byte)(value | IdeDevice.DeviceAlwaysOn);
                _selected = (value & IdeDevice.DeviceSlave) != 0 ? 1 : 0;
                break;
            default:
                _irq.Lower();
                Current.ExecuteCommand(value);
                break;
        }
    }

    public ushort ReadWord(ushort port) =>
        port == CommandBase ? Current.ReadData16() : (ushort)(ReadByte(port) | (ReadByte((ushort)(port + 1)) << 8));

    public void WriteWord(ushort port, ushort value)
    {
        if (port == CommandBase)
        {
            Current.WriteData16(value);
            return;
        }

        WriteByte(port, (byte)value);
        WriteByte((ushort)(port + 1), (byte)(value >> 8));
    }

    public uint ReadDword(ushort port) =>
        port == CommandBase ? Current.ReadData32() : ReadWord(port) | ((uint)ReadWord((ushort)(port + 2)) << 16);

    public void WriteDword(ushort port, uint value)
    {
        if (port == CommandBase)
        {
            Current.WriteData32(value);
            return;
        }

        WriteWord(port, (ushort)value);
        WriteWord((ushort)(port + 2), (ushort)(value >> 16));
    }

    /// <summary>Device Control (ATA/ATAPI-6 7.8): nIEN, HOB, and SRST's 0-to-1 edge resetting both units (A.2).</summary>
    private void WriteDeviceControl(byte value)
    {
        bool resetEdge = (_control & ControlSoftReset) == 0 && (value & ControlSoftReset) != 0;
        _control = value;
        if (resetEdge)
        {
            _units[0].SoftReset();
            _units[1].SoftReset();
            _control &= unchecked((byte)~ControlSoftReset);
        }
    }

    /// <summary>Writes the channel's own registers into the open section, each field name prefixed.</summary>
    internal void SaveFields(StateWriter writer, string prefix)
    {
        writer.Write(prefix + "selected", _selected);
        writer.Write(prefix + "control", _control);
        writer.Write(prefix + "irq", _irq.Level);
    }

    /// <summary>One section per unit slot, <c>name.0</c> and <c>name.1</c>, naming the device kind.</summary>
    internal void SaveUnits(StateWriter writer, string name)
    {
        for (int unit = 0; unit < 2; unit++)
        {
            writer.BeginSection($"{name}.{unit}", 1);
            writer.Write("kind", (long)_units[unit].Kind);
            _units[unit].SaveFields(writer);
            writer.EndSection();
        }
    }

    /// <summary>Restores the units from their sections, then the channel registers; a unit of another kind is refused.</summary>
    internal void Load(StateReader reader, StateSection channel, string prefix, string name)
    {
        int selected = channel.GetInt32(prefix + "selected", 0, 1);
        byte control = channel.GetByte(prefix + "control");
        bool irq = channel.GetBool(prefix + "irq");
        for (int unit = 0; unit < 2; unit++)
        {
            StateSection unitSection = reader.GetSection($"{name}.{unit}", 1, 1);
            long kind = unitSection.GetInt64("kind", 0, (long)IdeDeviceKind.Cdrom);
            if (kind != (long)_units[unit].Kind)
            {
                throw new StateFormatException($"section {unitSection.Name}: the saved unit is a {(IdeDeviceKind)kind}, this machine has a {_units[unit].Kind}");
            }

            _units[unit].LoadFields(unitSection);
        }

        _selected = selected;
        _control = control;
        _irq.Set(irq);
    }
}
