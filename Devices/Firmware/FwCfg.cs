using System.Buffers.Binary;
using System.Text;
using Emu.Core.Io;
using Emu.Core.Memory;

namespace Emu.Devices.Firmware;

/// <summary>
/// QEMU's firmware configuration device on the PC (QEMU docs/specs/fw_cfg.rst,
/// hw/nvram/fw_cfg.c; spec pc-pci-acpi.md 3): a 16-bit selector at 510h picks an item, its bytes
/// are read one at a time from 511h (zeros past the end; writes ignored), and the DMA interface
/// at 514h-51Bh takes the big-endian physical address of a control structure {u32 control, u32
/// length, u64 address} (written high half at 514h, low half at 518h, which starts the transfer)
/// and does SELECT / SKIP / READ on it, writing the control word back as 0 or with the ERROR bit.
/// Reading 514h returns the DMA signature "QEMU CFG". Every address the guest gives is checked
/// against RAM: a structure or a transfer outside RAM is an ERROR and touches nothing. No item is
/// writable (DMA WRITE is an ERROR, as for QEMU's read-only items).
/// </summary>
public sealed partial class FwCfg : IPortDevice
{
    public const ushort SelectorPort = 0x510;
    public const ushort DataPort = 0x511;
    public const ushort DmaPort = 0x514;
    public const ulong DmaSignature = 0x51454D5520434647; // "QEMU CFG"

    // Keys (fw_cfg.rst "Selector Register"; the x86 ones from hw/i386/fw_cfg.h).
    public const ushort Signature = 0x00;
    public const ushort Id = 0x01;
    public const ushort Uuid = 0x02;
    public const ushort RamSize = 0x03;
    public const ushort NoGraphic = 0x04;
    public const ushort NbCpus = 0x05;
    public const ushort Numa = 0x0D;
    public const ushort BootMenu = 0x0E;
    public const ushort MaxCpus = 0x0F;
    public const ushort FileDir = 0x19;
    public const ushort FirstFile = 0x20;
    public const ushort AcpiTables = 0x8000;
    public const ushort Irq0Override = 0x8002;

    private const uint DmaError = 0x01;
    private const uint DmaRead = 0x02;
    private const uint DmaSkip = 0x04;
    private const uint DmaSelect = 0x08;
    private const uint DmaWrite = 0x10;
    private const int FileNameLength = 56;

    private readonly PhysicalMemory _memory;
    private readonly Dictionary<ushort, byte[]> _items = [];
    // Not a SortedDictionary: its tree code over KeyValuePair is JIT-compiled at every start
    // (ReadyToRun cannot precompile framework generics over value types); the directory sorts the names.
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private string[] _fileOrder = [];
    private byte[] _current = [];
    private int _offset;
    private uint _dmaHigh;

    public FwCfg(PhysicalMemory memory)
    {
        _memory = memory;
        _items[Signature] = "QEMU"u8.ToArray();
        _items[Id] = [0x03, 0, 0, 0]; // traditional interface + DMA
        RebuildDirectory();
    }

    /// <summary>The selected key.</summary>
    public ushort Selector { get; private set; }

    /// <summary>Adds or replaces a numbered item.</summary>
    public void Add(ushort key, byte[] data) => _items[key] = data;

    /// <summary>Adds a named file; files get keys from <see cref="FirstFile"/> in name order, as QEMU sorts its directory.</summary>
    public void AddFile(string name, byte[] data)
    {
        if (Encoding.ASCII.GetByteCount(name) >= FileNameLength)
        {
            throw new ArgumentException($"fw_cfg file name '{name}' is longer than {FileNameLength - 1} bytes", nameof(name));
        }

        _files[name] = data;
        RebuildDirectory();
    }

    /// <summary>A 16-bit little-endian item.</summary>
    public void Add(ushort key, ushort value) => Add(key, BitConverter.GetBytes(value));

    public void Attach(IoBus bus)
    {
        bus.Claim(SelectorPort, 2, this, "fw_cfg", PortWidths.Word);
        bus.Claim(DmaPort, 8, this, "fw_cfg-dma", PortWidths.Word | PortWidths.Dword);
    }

    /// <summary>Machine reset: selector 0, offset 0.</summary>
    public void Reset() => Select(Signature);

    public byte ReadByte(ushort port)
    {
        if (port == DataPort)
        {
            return _offset < _current.Length ? _current[_offset++] : (byte)0;
        }

        if (port >= DmaPort && port < DmaPort + 8)
        {
            return (byte)(DmaSignature >> (8 * (7 - (port - DmaPort))));
        }

        return 0; // the selector reads back nothing useful (QEMU: 0)
    }

    public void WriteByte(ushort port, byte value)
    {
        // Only whole selector and DMA register writes act; a byte write of them is ignored.
    }

    /// <summary>The data port gives consecutive item bytes, little-endian; the DMA register is big-endian.</summary>
    public ushort ReadWord(ushort port)
    {
        if (port == DataPort)
        {
            byte low = ReadByte(port);
            return (ushort)(low | (ReadByte(port) << 8));
        }

        return (ushort)((ReadByte(port) << 8) | ReadByte((ushort)(port + 1)));
    }

    public void WriteWord(ushort port, ushort value)
    {
        if (port == SelectorPort)
        {
            Select(value);
        }
    }

    public uint ReadDword(ushort port)
    {
        if (port == DataPort)
        {
            ushort low = ReadWord(port);
            return low | ((uint)ReadWord(port) << 16);
        }

        return ((uint)ReadWord(port) << 16) | ReadWord((ushort)(port + 2));
    }

    public void WriteDword(ushort port, uint value)
    {
        // The register is big-endian: the guest's dword is byte-swapped on the bus (QEMU DEVICE_BIG_ENDIAN).
        uint address = BinaryPrimitives.ReverseEndianness(value);
        if (port == DmaPort)
        {
            _dmaHigh = address;
        }
        else if (port == DmaPort + 4)
        {
            RunDma(((ulong)_dmaHigh << 32) | address);
            _dmaHigh = 0;
        }
    }

    private void Select(ushort key)
    {
        Selector = key;
        _offset = 0;
        _current = Item(key);
    }

    private byte[] Item(ushort key)
    {
        if (_items.TryGetValue(key, out byte[]? data))
        {
            return data;
        }

        int index = key - FirstFile;
        if (index >= 0 && index < _files.Count)
        {
            return _files[_fileOrder[index]];
        }

        return [];
    }

    /// <summary>One DMA request (fw_cfg.rst "DMA interface"): control structure at <paramref name="address"/>.</summary>
    private void RunDma(ulong address)
    {
        Span<byte> header = stackalloc byte[16];
        if (!InRam(address, 16))
        {
            return; // nowhere to write the result: like QEMU, nothing happens
        }

        _memory.ReadBlock((uint)address, header);
        uint control = BinaryPrimitives.ReadUInt32BigEndian(header);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        ulong target = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
        if ((control & DmaSelect) != 0)
        {
            Select((ushort)(control >> 16));
        }

        uint result = 0;
        if ((control & DmaWrite) != 0)
        {
            result = DmaError;
        }
        else if ((control & DmaRead) != 0)
        {
            if (!InRam(target, length))
            {
                result = DmaError;
            }
            else
            {
                int available = Math.Max(0, _current.Length - _offset);
                int copy = (int)Math.Min(length, (uint)available);
                _memory.WriteBlock((uint)target, _current.AsSpan(_offset, copy));
                ZeroFill((uint)target + (uint)copy, length - (uint)copy);
                _offset += copy;
            }
        }
        else if ((control & DmaSkip) != 0)
        {
            _offset = (int)Math.Min((long)_offset + length, _current.Length);
        }

        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, result);
        _memory.WriteBlock((uint)address, word);
    }

    private void ZeroFill(uint address, uint length)
    {
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (length > 0)
        {
            int part = (int)Math.Min(length, (uint)zeros.Length);
            _memory.WriteBlock(address, zeros[..part]);
            address += (uint)part;
            length -= (uint)part;
        }
    }

    private bool InRam(ulong address, ulong length) => address <= (ulong)_memory.RamSize && length <= (ulong)_memory.RamSize - address;

    /// <summary>file_dir: big-endian count, then per file size, key, reserved and a 56-byte name (fw_cfg.rst "File Directory").</summary>
    private void RebuildDirectory()
    {
        string[] names = [.. _files.Keys];
        Array.Sort(names, StringComparer.Ordinal);
        _fileOrder = names;
        byte[] directory = new byte[4 + (names.Length * 64)];
        BinaryPrimitives.WriteUInt32BigEndian(directory, (uint)names.Length);
        int at = 4;
        ushort key = FirstFile;
        foreach (string name in names)
        {
            byte[] data = _files[name];
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan(at), (uint)data.Length);
            BinaryPrimitives.WriteUInt16BigEndian(directory.AsSpan(at + 4), key++);
            Encoding.ASCII.GetBytes(name, directory.AsSpan(at + 8, FileNameLength));
            at += 64;
        }

        _items[FileDir] = directory;
    }
}
