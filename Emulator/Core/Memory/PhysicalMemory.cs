using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Emu.Core.Memory;

/// <summary>
/// The guest's physical address space: RAM as one contiguous pinned buffer, read-only ROM
/// windows, page-granular MMIO windows, and the A20 gate (with A20 off, bit 20 of every
/// address is forced to 0 so addresses wrap at 1 MiB as on an 8086).
/// Addresses that hit nothing read all ones and ignore writes.
/// </summary>
public sealed class PhysicalMemory
{
    public const int PageShift = 12;
    public const uint PageSize = 1u << PageShift;
    private const int PageCount = 1 << (32 - PageShift);

    private readonly byte[] _ram;
    private readonly List<MemoryRegion?> _regions = [new MemoryRegion(0, 0, null, null)];
    private readonly Stack<int> _freeRegions = new();

    // Shadow RAM (SetShadow): the window each page below 1 MiB had before the chipset first changed it.
    private const uint ShadowLimit = 1u << 20;
    private readonly ushort[] _shadowUnderlying = new ushort[ShadowLimit >> PageShift];
    private readonly bool[] _shadowRecorded = new bool[ShadowLimit >> PageShift];
    private readonly Dictionary<int, int> _writeThroughRegions = [];
    private int _ramReadOnlyRegion;

    // Region index per 4 KiB page of the 4 GiB space; 0 means RAM (below RamSize) or nothing.
    private readonly ushort[] _pageRegion = new ushort[PageCount];

    // Per-page flags for the CPU's fast path (v86 TLB_HAS_CODE idea): RamDirect = the page is
    // plain RAM, read and written straight in the buffer; HasCode = decoded blocks exist for it.
    private readonly byte[] _pageFlags = GC.AllocateArray<byte>(PageCount, pinned: true);
    private uint _a20Mask = 0xFFFF_FFFF;

    internal const byte PageRamDirect = 1;
    internal const byte PageHasCode = 2;

    public PhysicalMemory(int ramBytes)
    {
        if (ramBytes < 1 << 20 || ramBytes % (int)PageSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ramBytes), "RAM must be at least 1 MiB and a whole number of pages");
        }

        _ram = GC.AllocateArray<byte>(ramBytes, pinned: true);
        for (int page = 0; page < ramBytes >> PageShift; page++)
        {
            _pageFlags[page] = PageRamDirect;
        }
    }

    /// <summary>Called with a physical page number when a store hits a page holding decoded code.</summary>
    internal Action<uint>? CodeWritten { get; set; }

    internal byte[] RamArray => _ram;

    internal byte[] PageFlags => _pageFlags;

    /// <summary>Marks a RAM page as holding decoded code: stores to it then call <see cref="CodeWritten"/>.</summary>
    internal void MarkCodePage(uint page)
    {
        if ((_pageFlags[page] & PageRamDirect) != 0)
        {
            _pageFlags[page] |= PageHasCode;
        }
    }

    /// <summary>Clears the code mark of a page (its blocks were dropped).</summary>
    internal void ClearCodePage(uint page) => _pageFlags[page] &= unchecked((byte)~PageHasCode);

    /// <summary>
    /// A writable view of <paramref name="length"/> bytes of RAM at <paramref name="address"/> for a
    /// transfer that bypasses the bus (INT 13h, DMA): decoded code in those pages is dropped first,
    /// so a guest that runs the new bytes sees them. Throws when the range is not all RAM.
    /// </summary>
    public Span<byte> RamForWrite(uint address, int length)
    {
        if (length < 0 || (ulong)address + (uint)length > (ulong)_ram.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"RAM range {address:X8}+{length:X} is outside RAM");
        }

        NotifyRamChanged(address, length);
        return _ram.AsSpan((int)address, length);
    }

    /// <summary>
    /// Tells the code tracking that <paramref name="length"/> bytes at <paramref name="address"/> were
    /// changed behind its back (through <see cref="Ram"/>), so decoded blocks there are dropped.
    /// Writes through <see cref="Write8"/>, <see cref="WriteBlock"/> and the CPU need no such call.
    /// </summary>
    public void NotifyRamChanged(uint address, int length)
    {
        if (length <= 0)
        {
            return;
        }

        uint first = address >> PageShift;
        uint last = (uint)(((ulong)address + (uint)length - 1) >> PageShift);
        for (uint page = first; page <= last && page < PageCount; page++)
        {
            CheckCode(page);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckCode(uint page)
    {
        if ((_pageFlags[page] & PageHasCode) != 0)
        {
            CodeWritten?.Invoke(page);
        }
    }

    public int RamSize => _ram.Length;

    /// <summary>
    /// The whole RAM, for DMA, the BIOS and loaders. Holes (VGA, ROM) are not masked out. Stores through
    /// this span are invisible to the CPU's decoded-code tracking: write with <see cref="RamForWrite"/> or
    /// <see cref="WriteBlock"/>, or call <see cref="NotifyRamChanged"/> afterwards.
    /// </summary>
    public Span<byte> Ram => _ram;

    /// <summary>Raised when a ROM or MMIO window is mapped (decoded code may now be stale).</summary>
    internal Action? WindowsChanged { get; set; }

    /// <summary>Raised when the A20 gate changes (TLBs and decoded-block keys depend on it).</summary>
    public Action<bool>? A20Changed { get; set; }

    /// <summary>The A20 gate: port 92h bit 1 and the i8042 output port bit 1 drive it.</summary>
    public bool A20Enabled
    {
        get => _a20Mask == 0xFFFF_FFFF;
        set
        {
            uint mask = value ? 0xFFFF_FFFF : 0xFFEF_FFFF;
            if (mask != _a20Mask)
            {
                _a20Mask = mask;
                A20Changed?.Invoke(value);
            }
        }
    }

    public uint A20Mask => _a20Mask;

    /// <summary>Maps a read-only copy of <paramref name="image"/> at <paramref name="address"/> (page aligned).</summary>
    public void MapRom(uint address, ReadOnlySpan<byte> image)
    {
        byte[] copy = new byte[AlignUp((uint)image.Length)];
        copy.AsSpan().Fill(0xFF);
        image.CopyTo(copy);
        AddRegion(address, (uint)copy.Length, copy, null);
    }

    /// <summary>Maps a device window of <paramref name="size"/> bytes at <paramref name="address"/> (both page aligned).</summary>
    public void MapMmio(uint address, uint size, IMmioHandler handler) => AddRegion(address, size, null, handler);

    /// <summary>
    /// Maps a movable device window (a PCI memory BAR) only where nothing else is: every page of
    /// <paramref name="address"/>+<paramref name="size"/> must lie above RAM and outside all other
    /// windows. Returns false, mapping nothing, otherwise (overlapping decoders are the guest's
    /// mistake; Emu then leaves the window out rather than shadow RAM or ROM).
    /// </summary>
    public bool TryMapMovableMmio(uint address, uint size, IMmioHandler handler)
    {
        if ((address & (PageSize - 1)) != 0 || size == 0 || (size & (PageSize - 1)) != 0 || (ulong)address + size > 1UL << 32
            || address < (uint)_ram.Length)
        {
            return false;
        }

        for (uint page = address >> PageShift; page < (address >> PageShift) + (size >> PageShift); page++)
        {
            if (_pageRegion[page] != 0)
            {
                return false;
            }
        }

        AddRegion(address, size, null, handler);
        return true;
    }

    /// <summary>Removes a window that <see cref="TryMapMovableMmio"/> mapped; its pages decode nothing again.</summary>
    public void UnmapMovableMmio(uint address, uint size, IMmioHandler handler)
    {
        int index = _pageRegion[address >> PageShift];
        if (index == 0 || _regions[index] is not { } region || region.Mmio != handler || region.Base != address || region.Size != size)
        {
            throw new ArgumentException($"no window of this handler at {address:X8}+{size:X}", nameof(address));
        }

        for (uint page = address >> PageShift; page < (address >> PageShift) + (size >> PageShift); page++)
        {
            _pageRegion[page] = 0;
        }

        _regions[index] = null;
        _freeRegions.Push(index);
        WindowsChanged?.Invoke();
    }

    /// <summary>
    /// Shadow RAM control below 1 MiB, as a chipset's programmable attribute map sets it (i440FX
    /// PAM registers): for each page of <paramref name="address"/>+<paramref name="size"/> that
    /// holds a ROM or device window, reads go to the RAM underneath when
    /// <paramref name="readRam"/> and to the window otherwise, and writes go to the RAM when
    /// <paramref name="writeRam"/> and to the window otherwise (a ROM drops them). Pages with no
    /// window stay plain RAM. The window itself is kept and comes back when both are false.
    /// </summary>
    public void SetShadow(uint address, uint size, bool readRam, bool writeRam)
    {
        if ((address & (PageSize - 1)) != 0 || (size & (PageSize - 1)) != 0 || (ulong)address + size > ShadowLimit
            || address + size > (uint)_ram.Length)
        {
            throw new ArgumentException($"shadow range {address:X8}+{size:X} is not page aligned below 1 MiB and RAM size");
        }

        for (uint page = address >> PageShift; page < (address + size) >> PageShift; page++)
        {
            if (!_shadowRecorded[page])
            {
                _shadowRecorded[page] = true;
                _shadowUnderlying[page] = _pageRegion[page];
            }

            int window = _shadowUnderlying[page];
            if (window == 0)
            {
                continue;
            }

            (int region, byte flags) = (readRam, writeRam) switch
            {
                (true, true) => (0, PageRamDirect),
                (true, false) => (RamReadOnlyRegion(), (byte)0),
                (false, true) => (WriteThroughRegion(window), (byte)0),
                _ => (window, (byte)0),
            };
            _pageRegion[page] = (ushort)region;
            _pageFlags[page] = flags;
        }

        WindowsChanged?.Invoke();
    }

    private int RamReadOnlyRegion()
    {
        if (_ramReadOnlyRegion == 0)
        {
            // A ROM view of RAM itself: region offsets from base 0 are physical addresses.
            _ramReadOnlyRegion = _regions.Count;
            _regions.Add(new MemoryRegion(0, (uint)_ram.Length, _ram, null));
        }

        return _ramReadOnlyRegion;
    }

    private int WriteThroughRegion(int window)
    {
        if (!_writeThroughRegions.TryGetValue(window, out int index))
        {
            MemoryRegion under = _regions[window]!;
            index = _regions.Count;
            _regions.Add(under with { WritesToRam = true });
            _writeThroughRegions[window] = index;
        }

        return index;
    }

    /// <summary>Replaces the bytes of a ROM window already mapped (the BIOS writing its own tables at build time).</summary>
    public Span<byte> GetRomSpan(uint address)
    {
        MemoryRegion? region = _regions[_pageRegion[address >> PageShift]];
        if (region?.Rom is null)
        {
            throw new ArgumentException($"no ROM at {address:X8}", nameof(address));
        }

        return region.Rom.AsSpan((int)(address - region.Base));
    }

    public byte Read8(uint address) => ReadPhysical8(address & _a20Mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadPhysical8(uint address)
    {
        int region = _pageRegion[address >> PageShift];
        if (region == 0)
        {
            return address < (uint)_ram.Length ? _ram[address] : (byte)0xFF;
        }

        return ReadRegion8(region, address);
    }

    public ushort Read16(uint address)
    {
        address &= _a20Mask;
        if ((address & (PageSize - 1)) <= PageSize - 2 && _pageRegion[address >> PageShift] == 0 && address <= (uint)_ram.Length - 2)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(_ram.AsSpan((int)address));
        }

        if (WideMmio(address, 2) is { } mmio)
        {
            return mmio.Handler.Read16(mmio.Offset);
        }

        return (ushort)(Read8(address) | (Read8(address + 1) << 8));
    }

    public uint Read32(uint address)
    {
        address &= _a20Mask;
        if ((address & (PageSize - 1)) <= PageSize - 4 && _pageRegion[address >> PageShift] == 0 && address <= (uint)_ram.Length - 4)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(_ram.AsSpan((int)address));
        }

        if (WideMmio(address, 4) is { } mmio)
        {
            return mmio.Handler.Read32(mmio.Offset);
        }

        return Read16(address) | ((uint)Read16(address + 2) << 16);
    }

    public void Write8(uint address, byte value) => WritePhysical8(address & _a20Mask, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WritePhysical8(uint address, byte value)
    {
        int region = _pageRegion[address >> PageShift];
        if (region == 0)
        {
            if (address < (uint)_ram.Length)
            {
                _ram[address] = value;
                CheckCode(address >> PageShift);
            }

            return;
        }

        WriteRegion8(region, address, value);
    }

    public void Write16(uint address, ushort value)
    {
        if (WideMmio(address & _a20Mask, 2) is { } mmio)
        {
            mmio.Handler.Write16(mmio.Offset, value);
            return;
        }

        Write8(address, (byte)value);
        Write8(address + 1, (byte)(value >> 8));
    }

    public void Write32(uint address, uint value)
    {
        if (WideMmio(address & _a20Mask, 4) is { } mmio)
        {
            mmio.Handler.Write32(mmio.Offset, value);
            return;
        }

        Write16(address, (ushort)value);
        Write16(address + 2, (ushort)(value >> 16));
    }

    /// <summary>
    /// The device window and offset for a 2- or 4-byte access that lies inside one page of an MMIO
    /// window, so the device sees the access whole (a framebuffer store, a 32-bit register); null
    /// for RAM, ROM and accesses that cross a page, which go byte by byte.
    /// </summary>
    private (IMmioHandler Handler, uint Offset)? WideMmio(uint address, uint size)
    {
        int index = _pageRegion[address >> PageShift];
        if (index == 0 || (address & (PageSize - 1)) > PageSize - size || _regions[index] is not { Mmio: { } handler, WritesToRam: false } region)
        {
            return null;
        }

        return (handler, address - region.Base);
    }

    /// <summary>Copies guest memory into <paramref name="destination"/> as the processor sees it (the BIOS, loaders): through the A20 gate and the windows.</summary>
    public void ReadBlock(uint address, Span<byte> destination) => CopyOut(address, destination, _a20Mask);

    /// <summary>Copies <paramref name="source"/> into guest memory as the processor sees it (the BIOS, loaders): through the A20 gate and the windows.</summary>
    public void WriteBlock(uint address, ReadOnlySpan<byte> source) => CopyIn(address, source, _a20Mask);

    /// <summary>
    /// A bus master's read (the 8237 for the floppy, PIIX IDE bus mastering): the address as the
    /// device drives it, past the A20 gate, which masks only the processor's own accesses (Intel
    /// SDM vol. 3, A20M#). RAM, ROM and device windows answer as they do for the processor;
    /// nothing answers past RAM (FFh).
    /// </summary>
    public void DmaRead(uint address, Span<byte> destination) => CopyOut(address, destination, 0xFFFF_FFFF);

    /// <summary>A bus master's write (see <see cref="DmaRead"/>): ROM ignores it, nothing past RAM takes it, decoded code in written pages is dropped.</summary>
    public void DmaWrite(uint address, ReadOnlySpan<byte> source) => CopyIn(address, source, 0xFFFF_FFFF);

    private void CopyOut(uint address, Span<byte> destination, uint mask)
    {
        uint a = address & mask;
        if (a == address && (ulong)a + (uint)destination.Length <= (ulong)_ram.Length && AllPlainRam(a, destination.Length, mask))
        {
            _ram.AsSpan((int)a, destination.Length).CopyTo(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadPhysical8((address + (uint)i) & mask);
        }
    }

    private void CopyIn(uint address, ReadOnlySpan<byte> source, uint mask)
    {
        uint a = address & mask;
        if (a == address && (ulong)a + (uint)source.Length <= (ulong)_ram.Length && AllPlainRam(a, source.Length, mask))
        {
            source.CopyTo(_ram.AsSpan((int)a));
            NotifyRamChanged(a, source.Length);
            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            WritePhysical8((address + (uint)i) & mask, source[i]);
        }
    }

    private bool AllPlainRam(uint address, int length, uint mask)
    {
        if (length == 0)
        {
            return true;
        }

        uint last = (uint)(((ulong)address + (uint)length - 1) >> PageShift);
        for (uint page = address >> PageShift; page <= last; page++)
        {
            if (_pageRegion[page] != 0)
            {
                return false;
            }
        }

        // With A20 off, a block that crosses bit 20 wraps: leave it to the byte loop.
        return mask == 0xFFFF_FFFF || ((address ^ (address + (uint)length - 1)) & 0x0010_0000) == 0;
    }

    /// <summary>The region index of a page (0 = RAM or nothing); used by the CPU's TLB fill.</summary>
    public int RegionOfPage(uint pageNumber) => _pageRegion[pageNumber];

    /// <summary>True when the page belongs to a ROM window.</summary>
    public bool IsRomPage(uint pageNumber) => _pageRegion[pageNumber] != 0 && _regions[_pageRegion[pageNumber]]!.Rom is not null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte ReadRegion8(int index, uint address)
    {
        MemoryRegion region = _regions[index]!;
        uint offset = address - region.Base;
        return region.Rom is not null ? region.Rom[offset] : region.Mmio!.Read8(offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteRegion8(int index, uint address, byte value)
    {
        MemoryRegion region = _regions[index]!;
        if (region.WritesToRam)
        {
            if (address < (uint)_ram.Length)
            {
                _ram[address] = value;
            }
        }
        else if (region.Mmio is not null)
        {
            region.Mmio.Write8(address - region.Base, value);
        }

        // ROM ignores writes (the chip is not write-enabled).
    }

    private void AddRegion(uint address, uint size, byte[]? rom, IMmioHandler? mmio)
    {
        if ((address & (PageSize - 1)) != 0 || size == 0 || (size & (PageSize - 1)) != 0 || (ulong)address + size > 1UL << 32)
        {
            throw new ArgumentException($"window {address:X8}+{size:X} is not page aligned or leaves the 4 GiB space");
        }

        int index;
        if (_freeRegions.TryPop(out int free))
        {
            index = free;
            _regions[index] = new MemoryRegion(address, size, rom, mmio);
        }
        else
        {
            index = _regions.Count;
            if (index > ushort.MaxValue)
            {
                throw new InvalidOperationException("too many memory windows");
            }

            _regions.Add(new MemoryRegion(address, size, rom, mmio));
        }

        for (uint page = address >> PageShift; page < (address >> PageShift) + (size >> PageShift); page++)
        {
            _pageRegion[page] = (ushort)index;
            _pageFlags[page] = 0;
        }

        WindowsChanged?.Invoke();
    }

    private static uint AlignUp(uint length) => (length + PageSize - 1) & ~(PageSize - 1);

    private sealed record MemoryRegion(uint Base, uint Size, byte[]? Rom, IMmioHandler? Mmio)
    {
        /// <summary>Shadow RAM write-enabled over a window: stores go to the RAM underneath.</summary>
        public bool WritesToRam { get; init; }
    }
}
