using System.Buffers.Binary;
using Emu.Core.Io;
using Emu.Core.Memory;
using Emu.Core.State;

namespace Emu.Devices.Pci;

/// <summary>
/// One PCI function with a type 0 configuration header (PCI Local Bus 3.0, 6.1): 256 bytes of
/// config space with a write mask and a write-1-to-clear mask per byte, as QEMU's
/// <c>PCIDevice</c> keeps them (<c>wmask</c>, <c>w1cmask</c>). The header's writable parts are
/// the command register (I/O, memory, bus master, SERR, INTx disable), the status error bits
/// (write 1 to clear), cache line size, the interrupt line, the BARs (address bits above the
/// size) and the ROM BAR; registers 40h-FFh are writable unless the function narrows them.
/// <para>
/// To add a function: derive from this class; in the constructor pass the IDs, class code and
/// interrupt pin to the base, set device-specific reset values and masks with
/// <see cref="SetResetValue8"/>/<see cref="SetWriteMask"/> (and the 16/32-bit forms), and define
/// BARs with <see cref="DefineIoBar"/>, <see cref="DefineMemoryBar"/> and
/// <see cref="DefineRomBar"/>, each with the handler that answers where the guest maps it.
/// Override <see cref="OnConfigWritten"/> to act on the registers the function owns, and
/// <see cref="ResetFunction"/>/<see cref="SaveFunction"/>/<see cref="LoadFunction"/> for state
/// beyond config space. Then add it with <see cref="PciBus.Add"/> at its slot and function;
/// raise its interrupt with <see cref="SetIrq"/> (the bus routes the pin to a PIRQ).
/// </para>
/// </summary>
public abstract class PciFunction : IStatefulDevice
{
    private readonly byte[] _config = new byte[PciConfig.Size];
    private readonly byte[] _resetConfig = new byte[PciConfig.Size];
    private readonly byte[] _writeMask = new byte[PciConfig.Size];
    private readonly byte[] _clearMask = new byte[PciConfig.Size];
    private readonly PciBar?[] _bars = new PciBar?[PciConfig.RomSlot + 1];

    /// <param name="vendorId">Config 00h.</param>
    /// <param name="deviceId">Config 02h.</param>
    /// <param name="revision">Config 08h.</param>
    /// <param name="classCode">Config 09h-0Bh as one number: base class, sub-class, programming interface (0x010180 = IDE, legacy, bus master).</param>
    /// <param name="pin">Config 3Dh.</param>
    /// <param name="stateName">The function's saved-state section name (for example <c>piix3-ide</c>).</param>
    protected PciFunction(ushort vendorId, ushort deviceId, byte revision, uint classCode, PciInterruptPin pin, string stateName)
    {
        StateName = stateName;
        SetResetValue16(PciConfig.VendorId, vendorId);
        SetResetValue16(PciConfig.DeviceId, deviceId);
        SetResetValue8(PciConfig.Revision, revision);
        SetResetValue8(PciConfig.ProgIf, (byte)classCode);
        SetResetValue8(PciConfig.SubClass, (byte)(classCode >> 8));
        SetResetValue8(PciConfig.ClassCode, (byte)(classCode >> 16));
        SetResetValue16(PciConfig.SubsystemVendorId, PciConfig.QemuSubsystemVendor);
        SetResetValue16(PciConfig.SubsystemId, PciConfig.QemuSubsystem);
        SetResetValue8(PciConfig.InterruptPin, (byte)pin);

        // QEMU pci_init_wmask / pci_init_w1cmask.
        SetWriteMask16(PciConfig.Command, PciConfig.CommandIo | PciConfig.CommandMemory | PciConfig.CommandMaster | PciConfig.CommandSerr | PciConfig.CommandIntxDisable);
        _writeMask[PciConfig.CacheLineSize] = 0xFF;
        _writeMask[PciConfig.InterruptLine] = 0xFF;
        _clearMask[PciConfig.Status] = unchecked((byte)PciConfig.StatusWriteOneToClear);
        _clearMask[PciConfig.Status + 1] = (byte)(PciConfig.StatusWriteOneToClear >> 8);
        _writeMask.AsSpan(PciConfig.HeaderSize).Fill(0xFF);
        Pin = pin;
    }

    public string StateName { get; }

    public PciInterruptPin Pin { get; }

    /// <summary>Where the function sits; set by <see cref="PciBus.Add"/>.</summary>
    public PciAddress Address { get; internal set; }

    /// <summary>The bus it sits on (null until added).</summary>
    public PciBus? Bus { get; internal set; }

    public ushort VendorId => BinaryPrimitives.ReadUInt16LittleEndian(_config);

    public ushort DeviceId => BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(PciConfig.DeviceId));

    public ushort Command => ReadConfig16(PciConfig.Command);

    /// <summary>Whether the function drives its interrupt pin (before INTx disable).</summary>
    public bool IrqLevel { get; private set; }

    /// <summary>Whether the bus counts this function's pin as asserted on its PIRQ.</summary>
    internal bool DrivingPirq { get; set; }

    /// <summary>The config space as the guest reads it.</summary>
    public ReadOnlySpan<byte> Config => _config;

    /// <summary>BAR0-BAR5 and the ROM BAR (index 6); null where the function has none.</summary>
    public ReadOnlySpan<PciBar?> Bars => _bars;

    public byte ReadConfig8(int offset) => _config[offset & 0xFF];

    public ushort ReadConfig16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(offset & 0xFE));

    public uint ReadConfig32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(offset & 0xFC));

    /// <summary>
    /// A configuration read of <paramref name="size"/> (1, 2 or 4) bytes at
    /// <paramref name="offset"/>, which the caller keeps inside one dword.
    /// </summary>
    public virtual uint ReadConfig(int offset, int size)
    {
        uint value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | _config[(offset + i) & 0xFF];
        }

        return value;
    }

    /// <summary>
    /// A configuration write: each byte goes through the write and write-1-to-clear masks (QEMU
    /// <c>pci_default_write_config</c>), then BAR mappings and the interrupt follow the new
    /// values, then <see cref="OnConfigWritten"/> runs.
    /// </summary>
    public void WriteConfig(int offset, uint value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            int at = (offset + i) & 0xFF;
            byte b = (byte)(value >> (8 * i));
            byte mask = _writeMask[at];
            _config[at] = (byte)((_config[at] & ~mask) | (b & mask));
            _config[at] &= (byte)~(b & _clearMask[at]);
        }

        bool touchesBars = Overlaps(offset, size, PciConfig.Bar0, 24) || Overlaps(offset, size, PciConfig.RomAddress, 4);
        bool touchesCommand = Overlaps(offset, size, PciConfig.Command, 2);
        if (touchesBars || touchesCommand)
        {
            Bus?.UpdateMappings(this);
        }

        if (touchesCommand)
        {
            Bus?.UpdateIrq(this);
        }

        OnConfigWritten(offset, size);
    }

    /// <summary>Raises or lowers the function's interrupt pin (PCI interrupts are level-triggered, active while set).</summary>
    public void SetIrq(bool level)
    {
        if (Pin == PciInterruptPin.None || level == IrqLevel)
        {
            return;
        }

        IrqLevel = level;
        ushort status = ReadConfig16(PciConfig.Status);
        status = level ? (ushort)(status | PciConfig.StatusInterrupt) : (ushort)(status & ~PciConfig.StatusInterrupt);
        BinaryPrimitives.WriteUInt16LittleEndian(_config.AsSpan(PciConfig.Status), status);
        Bus?.UpdateIrq(this);
    }

    /// <summary>Power-on or system reset: config space to its reset values, BARs unmapped, pin low.</summary>
    public void Reset()
    {
        _resetConfig.CopyTo(_config);
        IrqLevel = false;
        ResetFunction();
        Bus?.UpdateMappings(this);
        Bus?.UpdateIrq(this);
    }

    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("config", _config);
        writer.Write("irq", IrqLevel);
        SaveFunction(writer);
        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        byte[] config = section.GetBytes("config", PciConfig.Size);
        if (config.Length != PciConfig.Size || BinaryPrimitives.ReadUInt32LittleEndian(config) != BinaryPrimitives.ReadUInt32LittleEndian(_resetConfig))
        {
            throw new StateFormatException($"{StateName}: config space is not this function's");
        }

        config.CopyTo(_config);
        IrqLevel = section.GetBool("irq");
        LoadFunction(section);
        Bus?.UpdateMappings(this);
        Bus?.UpdateIrq(this);
    }

    /// <summary>Called after every config write, with the offset and size the guest wrote.</summary>
    protected virtual void OnConfigWritten(int offset, int size)
    {
    }

    /// <summary>Resets state the function keeps outside config space.</summary>
    protected virtual void ResetFunction()
    {
    }

    /// <summary>Writes state kept outside config space into the function's section.</summary>
    protected virtual void SaveFunction(StateWriter writer)
    {
    }

    /// <summary>Reads back what <see cref="SaveFunction"/> wrote, rejecting values out of range.</summary>
    protected virtual void LoadFunction(StateSection section)
    {
    }

    /// <summary>True when a write of <paramref name="size"/> bytes at <paramref name="offset"/> touched any of the <paramref name="length"/> bytes at <paramref name="start"/>.</summary>
    protected static bool Overlaps(int offset, int size, int start, int length) => offset < start + length && start < offset + size;

    /// <summary>Sets a config byte's value now and at every reset.</summary>
    protected void SetResetValue8(int offset, byte value)
    {
        _config[offset] = value;
        _resetConfig[offset] = value;
    }

    protected void SetResetValue16(int offset, ushort value)
    {
        SetResetValue8(offset, (byte)value);
        SetResetValue8(offset + 1, (byte)(value >> 8));
    }

    protected void SetResetValue32(int offset, uint value)
    {
        SetResetValue16(offset, (ushort)value);
        SetResetValue16(offset + 2, (ushort)(value >> 16));
    }

    /// <summary>Which bits of a config byte the guest may change (the rest are read-only).</summary>
    protected void SetWriteMask(int offset, byte mask) => _writeMask[offset] = mask;

    protected void SetWriteMask16(int offset, ushort mask)
    {
        _writeMask[offset] = (byte)mask;
        _writeMask[offset + 1] = (byte)(mask >> 8);
    }

    /// <summary>Changes a config byte from the function's own logic (a status bit the hardware sets), bypassing the masks.</summary>
    protected void SetConfig8(int offset, byte value) => _config[offset] = value;

    /// <summary>An I/O BAR of <paramref name="size"/> bytes (a power of two, at least 4) answered by <paramref name="handler"/>.</summary>
    protected PciBar DefineIoBar(int index, uint size, IPortDevice handler, PortWidths widths)
    {
        CheckBar(index, size, 4);
        return AddBar(new PciBar(index, PciBarKind.Io, size, handler, widths, null));
    }

    /// <summary>A 32-bit memory BAR of <paramref name="size"/> bytes (a power of two, at least 4 KiB: Emu maps whole pages).</summary>
    protected PciBar DefineMemoryBar(int index, uint size, bool prefetchable, IMmioHandler handler)
    {
        CheckBar(index, size, PhysicalMemory.PageSize);
        return AddBar(new PciBar(index, prefetchable ? PciBarKind.PrefetchableMemory : PciBarKind.Memory, size, null, default, handler));
    }

    /// <summary>The expansion ROM BAR (30h): <paramref name="size"/> bytes (a power of two, at least 4 KiB), answered by <paramref name="handler"/>.</summary>
    protected PciBar DefineRomBar(uint size, IMmioHandler handler)
    {
        CheckBar(PciConfig.RomSlot, size, PhysicalMemory.PageSize);
        return AddBar(new PciBar(PciConfig.RomSlot, PciBarKind.Rom, size, null, default, handler));
    }

    private void CheckBar(int index, uint size, uint minimum)
    {
        if ((uint)index > PciConfig.RomSlot || _bars[index] is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"BAR {index} is taken or does not exist");
        }

        if (size < minimum || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"BAR size {size:X} is not a power of two of at least {minimum:X}");
        }
    }

    private PciBar AddBar(PciBar bar)
    {
        _bars[bar.Index] = bar;
        uint mask = ~(bar.Size - 1);
        if (bar.Kind == PciBarKind.Rom)
        {
            mask |= PciConfig.RomEnable;
        }

        SetResetValue32(bar.ConfigOffset, bar.TypeBits);
        for (int i = 0; i < 4; i++)
        {
            _writeMask[bar.ConfigOffset + i] = (byte)(mask >> (8 * i));
        }

        return bar;
    }
}
