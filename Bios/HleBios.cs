using Emu.Bios.Boot;
using Emu.Bios.Disk;
using Emu.Bios.Rom;
using Emu.Bios.Services;
using Emu.Bios.Video;

namespace Emu.Bios;

/// <summary>
/// The high-level-emulated BIOS: builds the 64 KiB ROM (one trap stub per service, the reset
/// vector, the IBM-compatible tables), maps it at F0000 and FFFF0000, claims the trap port and
/// runs POST when the CPU comes out of reset through F000:FFF0. Services run in C# on the
/// machine thread, reading and writing the CPU registers, guest memory, ports and drives.
/// </summary>
public sealed class HleBios
{
    /// <summary>Trap id of POST (service ids below 100h are interrupt vectors).</summary>
    public const ushort PostService = 0x100;

    /// <summary>Trap id of POST's step after the video ROM's initialisation returned.</summary>
    public const ushort PostVideoService = 0x101;

    /// <summary>Trap id of POST's last step with a video ROM: the banner, once the ROM has set mode 03h.</summary>
    public const ushort PostBannerService = 0x102;

    private readonly BiosContext _context;
    private readonly BiosConfiguration _configuration;
    private readonly BiosTrap _trap;
    private readonly List<BiosInterruptHandler> _handlers = [];
    private readonly ushort[] _vectorSegments = new ushort[256];
    private readonly ushort[] _vectorOffsets = new ushort[256];
    private readonly byte[] _rom = new byte[BiosLayout.RomSize];
    private readonly PowerOnSelfTest _post;

    public HleBios(BiosContext context, BiosConfiguration configuration)
    {
        _context = context;
        _configuration = configuration;
        _trap = new BiosTrap(context);

        Video = new Int10Video(context);
        if (configuration.SerialConsole is not null)
        {
            Video.Mirror = new SerialConsoleMirror(Video.Screen, configuration.SerialConsole);
        }

        Disk = new Int13Disk(context);
        Disk.AddFloppy(BiosDrive.CreateFloppy(0x00, configuration.FloppyA));
        if (configuration.FloppyB is not null)
        {
            Disk.AddFloppy(BiosDrive.CreateFloppy(0x01, configuration.FloppyB));
        }

        for (int i = 0; i < configuration.HardDisks.Count; i++)
        {
            Disk.AddHardDisk(CreateHardDisk((byte)(0x80 + i), configuration.HardDisks[i]));
        }

        for (int i = 0; i < configuration.Cdroms.Count; i++)
        {
            Disk.AddCdrom(BiosDrive.CreateCdrom((byte)(Int13Disk.FirstCdromNumber + i), configuration.Cdroms[i]));
        }

        IReadOnlyList<BootDevice> order = BootOrder.Parse(configuration.BootOrder);
        if (configuration.Kernel is not null)
        {
            order = [BootDevice.LinuxKernel, .. order];
        }

        Boot = new BootSequence(context, Video, Disk, order)
        {
            Kernel = configuration.Kernel,
            CheckFloppySignature = configuration.CheckFloppySignature,
            HasCdromDrive = configuration.HasCdromDrive || configuration.Cdroms.Count > 0,
        };
        Timer = new Int08Timer(context) { Tick = Video.Tick, MotorOff = Disk.FloppyController.MotorOff };
        Keyboard = new Int09Keyboard(context);
        KeyboardServices = new Int16Keyboard(context);
        System = new Int15System(context);
        BootLoader = new Int19Boot(context, Boot);
        BootFailure = new Int18BootFailure(context, Boot);
        _handlers.AddRange(
        [
            Timer, Keyboard, Video, new Int11Equipment(context), new Int12MemorySize(context), Disk,
            new Int14Serial(context), System, KeyboardServices, new Int17Printer(context), BootFailure, BootLoader,
            new Int1AClock(context), new Int70Rtc(context),
        ]);
        _post = new PowerOnSelfTest(context, configuration, Video, Disk, _vectorSegments, _vectorOffsets);
        BuildRom();
    }

    public Int10Video Video { get; }

    private BiosDrive CreateHardDisk(byte number, Emu.Devices.Storage.BlockDrive drive)
    {
        if (_configuration.IdentifyHardDisk is not { } identify)
        {
            return BiosDrive.CreateHardDisk(number, drive);
        }

        Emu.Devices.Storage.ChsGeometry? lchs = _configuration.BiosGeometry.TryGetValue(drive.Index, out Emu.Devices.Storage.ChsGeometry g) ? g : null;
        return HardDiskProbe.Create(number, drive, identify(drive), _context.Io, lchs);
    }

    public Int13Disk Disk { get; }

    public Int15System System { get; }

    public Int16Keyboard KeyboardServices { get; }

    public Int09Keyboard Keyboard { get; }

    public Int08Timer Timer { get; }

    public Int19Boot BootLoader { get; }

    public Int18BootFailure BootFailure { get; }

    public BootSequence Boot { get; }

    /// <summary>How many times POST has run (1 after power-on, +1 per reset).</summary>
    public int PostCount { get; private set; }

    /// <summary>The ROM image as mapped (for tests and tools).</summary>
    public ReadOnlySpan<byte> Rom => _rom;

    /// <summary>Maps the ROM and claims the trap port; the CPU's reset then runs POST and INT 19h.</summary>
    public void Install()
    {
        _context.Memory.MapRom(BiosLayout.RomBase, _rom);
        _context.Memory.MapRom(BiosLayout.HighRomBase, _rom);
        _trap.Attach(_context.Io);
    }

    /// <summary>The far pointer POST puts in the IVT for <paramref name="vector"/>.</summary>
    public (ushort Segment, ushort Offset) VectorEntry(int vector) => (_vectorSegments[vector], _vectorOffsets[vector]);

    /// <summary>Runs a service as if the guest had executed its stub's trap (used by tests that drive the BIOS directly).</summary>
    public void Dispatch(ushort serviceId) => _trap.WriteWord(BiosLayout.TrapPort, serviceId);

    private void BuildRom()
    {
        StubWriter writer = new(_rom, BiosLayout.StubArea);

        writer.Position = BiosLayout.DefaultIret;
        writer.Iret();
        for (int vector = 0; vector < 256; vector++)
        {
            _vectorSegments[vector] = BiosLayout.RomSegment;
            _vectorOffsets[vector] = BiosLayout.DefaultIret;
        }

        writer.Position = BiosLayout.StubArea;
        ushort masterEoi = WriteEoiStub(writer, slave: false);
        ushort slaveEoi = WriteEoiStub(writer, slave: true);
        for (int irq = 0; irq < 8; irq++)
        {
            _vectorOffsets[0x08 + irq] = masterEoi;
            _vectorOffsets[0x70 + irq] = slaveEoi;
        }

        foreach (BiosInterruptHandler handler in _handlers)
        {
            _vectorOffsets[handler.Vector] = handler.WriteStub(writer);
            BiosInterruptHandler bound = handler;
            _trap.Register(handler.Vector, bound.Handle);
        }

        foreach (int user in (int[])[0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x79, 0x1F, 0x43, 0x1D, 0x41, 0x46])
        {
            _vectorSegments[user] = 0;
            _vectorOffsets[user] = 0;
        }

        _vectorOffsets[0x1E] = BiosLayout.DisketteTable;
        writer.Position = BiosLayout.DisketteTable;
        writer.Bytes(RomTables.DisketteParameters);
        writer.Position = BiosLayout.IbmDisketteTable;
        writer.Bytes(RomTables.DisketteParameters[..11]);
        writer.Position = BiosLayout.ConfigurationTable;
        writer.Bytes(RomTables.Configuration);

        // POST, then (ZF=1: a video ROM was copied to C0000h) its initialisation, INT 10h taken back
        // so the mirror stays first in the chain, mode 03h set through the ROM and the banner, then INT 19h.
        writer.Position = BiosLayout.PostEntry;
        writer.Cli();
        writer.Trap(PostService);
        int noVideoRom = writer.JnzForward();
        BigRealMode.WriteSetLimits(writer, BigRealMode.FourGigabyteData);
        writer.CallFar(VideoOptionRom.Segment, VideoOptionRom.EntryOffset);
        BigRealMode.WriteSetLimits(writer, BigRealMode.SixtyFourKilobyteData);
        writer.Trap(PostVideoService);
        writer.MovAx(0x0003);
        writer.Int(0x10);
        writer.Trap(PostBannerService);
        writer.BindHere(noVideoRom);
        writer.Int(0x19);
        int hang = writer.Position;
        writer.Hlt();
        writer.JmpShortTo(hang);
        _trap.Register(PostService, RunPost);
        _trap.Register(PostVideoService, _post.TakeBackVideoInterrupt);
        _trap.Register(PostBannerService, _post.PrintBannerAfterVideoRom);

        BigRealMode.WriteTables(writer);

        writer.Position = BiosLayout.ResetVector;
        writer.JmpFar(BiosLayout.RomSegment, BiosLayout.PostEntry);
        writer.Position = BiosLayout.DateString;
        writer.Bytes(RomTables.Date);
        writer.Position = BiosLayout.ModelByte;
        writer.Emit(RomTables.ModelAt);
    }

    private void RunPost()
    {
        PostCount++;
        _post.Run();
    }

    private static ushort WriteEoiStub(StubWriter writer, bool slave)
    {
        ushort entry = (ushort)writer.Position;
        writer.PushAx();
        writer.MovAl(0x20);
        if (slave)
        {
            writer.OutImm8Al(0xA0);
        }

        writer.OutImm8Al(0x20);
        writer.PopAx();
        writer.Iret();
        return entry;
    }
}
