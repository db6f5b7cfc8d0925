using System.Globalization;
using Emu.App.Options;
using Emu.Bios;
using Emu.Bios.Firmware;
using Emu.Core.Cpu;
using Emu.Core.Io;
using Emu.Core.Machine;
using Emu.Core.Memory;
using Emu.Core.Timing;
using Emu.Devices.Block;
using Emu.Devices.Chipset;
using Emu.Devices.Input;
using Emu.Devices.Misc;
using Emu.Devices.Serial;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.Devices.Video;

namespace Emu.App.Machine;

/// <summary>
/// The composition root, written by hand: builds a PC from the options
/// in dependency order, one method per subsystem. Throws <see cref="OptionException"/> for
/// option errors and <see cref="BlockException"/> for images that cannot be opened.
/// </summary>
public sealed partial class PcBuilder
{
    /// <summary>
    /// Virtual nanoseconds per instruction in deterministic mode: a 100 MIPS guest CPU, about what
    /// the interpreter runs, so guest time stays close to wall time and delay loops stay cheap.
    /// </summary>
    public const long NanosecondsPerInstruction = 10;

    private readonly EmuOptions _options;
    private readonly MachineHost _host;
    private PcMachine _machine = null!;
    private ICharBackend? _com1Backend;
    private readonly Dictionary<BlockDrive, (DiskGeometryProperties Geometry, AtaDriveStrings Strings)> _diskProperties = [];

    public PcBuilder(EmuOptions options, MachineHost host)
    {
        _options = options;
        _host = host;
    }

    public PcMachine Build()
    {
        _machine = new PcMachine(new PhysicalMemory((int)_options.RamBytes), new IoBus());
        try
        {
            if (_options.EmptyMachine)
            {
                return BuildEmpty();
            }

            BuildCore();
            BuildChipset();
            BuildInput();
            BuildVideo();
            BuildSerial();
            BuildDebugConsoles();
            BuildDrives();
            BuildIde();
            BuildFloppy();
            PciBuilder.Build(_machine, _options.IsaPc);
            ConnectVideo();
            BuildPowerManagement();
            BuildFwCfg();
            FillCmos();
            BuildFirmware();
            WireResets();
            AttachMonitor();
            return _machine;
        }
        catch
        {
            _machine.Dispose();
            throw;
        }
    }

    private void BuildCore()
    {
        Cpu cpu = new(_machine.Memory, _machine.Io) { Tier = _options.CpuTier };
        cpu.Model = Emu.Core.Cpu.Model.CpuModelRequest.Resolve(_options.Cpu, _host.Warning is { } w ? text => w($"emu: {text}") : null);
        cpu.Reset();
        if (_host.Warning is { } warn)
        {
            cpu.Unsupported = text => warn($"emu: warning: cpu: {text}");
            cpu.TripleFault = () => warn("emu: warning: cpu: triple fault, the processor shut down");
        }

        _machine.Cpu = cpu;
        _machine.Clock = new VirtualClock(cpu, _options.Clock, NanosecondsPerInstruction);
        _machine.Scheduler = new EventScheduler(_machine.Clock);
        _machine.Loop = new RunLoop(new CpuProcessor(cpu), _machine.Scheduler)
        {
            RebootOnReset = !_options.NoReboot,
            ExitOnPowerOff = !_options.NoShutdown,
            Paused = _options.StartPaused,
        };
        _machine.Loop.ResetHandler = _machine.Reset;
    }

    private void BuildChipset()
    {
        IoBus io = _machine.Io;
        Pic8259Pair pic = new();
        pic.Attach(io);
        _machine.Pic = pic;
        _machine.Cpu.InterruptSource = pic;

        _machine.Pit = new Pit8254(_machine.Scheduler, pic.GetLine(0));
        _machine.Pit.Attach(io);
        _machine.PortB = new SystemControlPortB(_machine.Pit);
        _machine.PortB.Attach(io);
        _machine.Rtc = new Rtc146818(_machine.Scheduler, pic.GetLine(8), RtcStartTime());
        _machine.Rtc.Attach(io);
        _machine.Port92 = new Port92(_machine.Memory);
        _machine.Port92.Attach(io);
        new PostCodePort().Attach(io);
    }

    private DateTime RtcStartTime()
    {
        if (_host.RtcStart is { } start)
        {
            return start;
        }

        return _options.RtcBase switch
        {
            "utc" => DateTime.UtcNow,
            "localtime" => DateTime.Now,
            string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        };
    }

    private void BuildInput()
    {
        I8042 controller = new(_machine.Pic.GetLine(1), _machine.Pic.GetLine(12), _machine.Memory);
        controller.Attach(_machine.Io);
        _machine.KeyboardController = controller;
        _machine.Input = new HostInput(controller, _machine.Scheduler);
    }


    /// <summary>COM1-COM4 from <c>-serial</c>; without it COM1 goes to stdio under <c>-nographic</c> (and by default), to nothing under <c>-display none</c>.</summary>
    private void BuildSerial()
    {
        List<string> specs = [.. _options.Serial];
        if (specs.Count == 0 && !_options.NoDefaults)
        {
            specs.Add(_options.Display is DisplayMode.None or DisplayMode.Sdl ? "null" : "stdio");
        }

        LineLog? lineLog = OpenLineLog();
        ushort[] ports = [0x3F8, 0x2F8, 0x3E8, 0x2E8];
        int[] irqs = [4, 3, 4, 3];
        for (int i = 0; i < specs.Count && i < ports.Length; i++)
        {
            ICharBackend? backend = OpenCharBackend(specs[i], "-serial");
            if (backend is null)
            {
                continue;
            }

            if (i == 0 && lineLog is not null)
            {
                backend = lineLog.Tap(backend, "com1");
            }

            Uart16550 uart = new(ports[i], _machine.Scheduler, _machine.Pic.GetLine(irqs[i]), backend, $"serial{i}");
            uart.Attach(_machine.Io);
            uart.ConnectInput(_machine.Loop.Post);
            _machine.SerialPorts.Add(uart);
            if (i == 0)
            {
                _com1Backend = backend;
            }
        }

        if (_options.DebugCon is { } debug && OpenCharBackend(debug, "-debugcon") is { } debugBackend)
        {
            _machine.DebugConsole = new DebugConsole(lineLog?.Tap(debugBackend, "debugcon") ?? debugBackend);
            _machine.DebugConsole.Attach(_machine.Io);
        }
    }

    private LineLog? OpenLineLog()
    {
        if (_options.LineLog is not { } path)
        {
            return null;
        }

        try
        {
            LineLog log = new(path, _machine.Cpu);
            _machine.Own(log);
            _machine.LineLog = log;
            return log;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionException($"--line-log {path}: {e.Message}");
        }
    }

    private ICharBackend? OpenCharBackend(string spec, string option)
    {
        if (spec.StartsWith("chardev:", StringComparison.Ordinal))
        {
            return OpenChardev(spec[8..], $"{option} {spec}");
        }

        if (spec is "stdio" or "mon:stdio")
        {
            if (_host.Stdio is StdioCharBackend stdio)
            {
                stdio.StartInput();
            }

            return _host.Stdio;
        }

        if (spec == "null")
        {
            return new NullCharBackend();
        }

        if (spec == "none")
        {
            return null;
        }

        if (spec.StartsWith("file:", StringComparison.Ordinal))
        {
            string path = spec[5..];
            try
            {
                FileCharBackend file = new(path);
                _machine.Own(file);
                return file;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OptionException($"{option} {spec}: Could not open '{path}': {e.Message}");
            }
        }

        throw new OptionException($"{option} {spec}: chardev backends other than stdio, null and file: are not available");
    }

    private void BuildDrives()
    {
        if (_options.UsesDemoGuest && _host.DemoGuest is { } demo)
        {
            _machine.Drives.Add(new BlockDrive("floppy0", DriveInterface.Floppy, 0, DriveMedia.Disk, new MemoryImage(demo, "demo")));
            return;
        }

        Dictionary<string, int> nextIndex = new() { ["ide"] = 0, ["floppy"] = 0, ["none"] = 0 };
        HashSet<(string, int)> used = [];
        List<(DriveOption Option, BlockDrive Drive)> opened = [];
        foreach (DriveOption option in _options.Drives)
        {
            int index = option.Index ?? NextFree(used, option.Interface, nextIndex);
            if (!used.Add((option.Interface, index)))
            {
                throw new OptionException($"{option.Source}: drive with bus={index / 2}, unit={index % 2} (index={index}) exists");
            }

            if (option.Interface == "floppy" && index > 1 || option.Interface == "ide" && index > 3)
            {
                throw new OptionException($"{option.Source}: index {index} is out of range for if={option.Interface}");
            }

            IBlockBackend? medium = OpenImage(option);
            DriveMedia media = option.Media == "cdrom" ? DriveMedia.Cdrom : DriveMedia.Disk;
            DriveInterface attachment = option.Interface switch
            {
                "floppy" => DriveInterface.Floppy,
                "none" => DriveInterface.None,
                _ => DriveInterface.Ide,
            };
            BlockDrive drive = new(option.Id ?? DefaultId(attachment, index, media), attachment, index, media, medium)
            {
                HasDevice = attachment != DriveInterface.None,
                DeviceOps = attachment == DriveInterface.None ? null : BlockDrive.DefaultDeviceOps(attachment, media),
                ReadErrorAction = DriveExtraOptions.Action(option.ReadError) ?? BlockErrorAction.Report,
                WriteErrorAction = DriveExtraOptions.Action(option.WriteError) ?? BlockErrorAction.Enospc,
                NodeName = option.NodeName,
            };
            opened.Add((option, drive));
        }

        List<BlockDrive> anonymous = [];
        int unnamedDevices = 0;
        foreach (DeviceOption device in _options.Devices)
        {
            // -device without id= lives at /machine/peripheral-anon/device[N], N counting such devices.
            string qomPath = device.Id is null ? $"/machine/peripheral-anon/device[{unnamedDevices++}]" : $"/machine/peripheral/{device.Id}";
            if (device.Driver == "isa-debugcon")
            {
                continue;
            }

            if (device.Drive is null)
            {
                BlockDrive empty = AnonymousDrive(device, used, nextIndex);
                empty.QomPath = qomPath;
                _diskProperties[empty] = IdeDeviceProperties.Resolve(device.Driver, device.Source, _options.Globals, device.Properties);
                anonymous.Add(empty);
                continue;
            }

            int at = opened.FindIndex(d => d.Drive.Id == device.Drive);
            if (at < 0)
            {
                throw new OptionException($"{device.Source}: Property '{device.Driver}.drive' can't find value '{device.Drive}'");
            }

            if (device.Driver == "floppy")
            {
                opened[at] = (opened[at].Option, FloppyDevice.Attach(device, opened[at].Drive, used, qomPath));
                continue;
            }

            (DriveOption option, BlockDrive unbound) = opened[at];
            int bus = device.Bus is { } b && b.StartsWith("ide.", StringComparison.Ordinal) && int.TryParse(b[4..], CultureInfo.InvariantCulture, out int n) ? n : -1;
            int index = bus >= 0 ? (bus * 2) + (device.Unit ?? 0) : NextFree(used, "ide", nextIndex);
            used.Add(("ide", index));
            DriveMedia media = device.Driver == "ide-cd" ? DriveMedia.Cdrom : DriveMedia.Disk;
            BlockDrive attached = new(unbound.Id, DriveInterface.Ide, index, media, unbound.Medium)
            {
                QdevId = device.Id,
                QomPath = qomPath,
                DeviceShareRw = device.ShareRw,
                ReadErrorAction = unbound.ReadErrorAction,
                WriteErrorAction = unbound.WriteErrorAction,
                NodeName = unbound.NodeName,
            };
            opened[at] = (option, attached);
            _diskProperties[attached] = IdeDeviceProperties.Resolve(device.Driver, device.Source, _options.Globals, device.Properties);
        }

        List<BlockDrive> defaults = DefaultDrives(_options, used);
        _machine.Drives.AddRange(opened.Select(d => d.Drive));
        _machine.Drives.AddRange(defaults);
        _machine.Drives.AddRange(anonymous);
        NumberBoardDevices([.. opened.Where(d => d.Option.Interface != "none").Select(d => d.Drive), .. defaults.Where(d => d.HasDevice)], _machine.SerialPorts.Count);
    }

    /// <summary>
    /// QEMU's pc machine creates the devices of <c>-drive if=floppy|ide</c> itself and names them
    /// <c>/machine/unattached/device[N]</c> in creation order: the floppy drives from 13, then the
    /// IDE drives by index right after them (measured with QEMU 7.2: one CD at index 2 alone is
    /// device[18]; with a floppy it is device[19]). Each ISA serial port the board creates comes
    /// before them and shifts the numbers by one (QEMU 7.2: floppy0 is device[14] with COM1).
    /// </summary>
    private static void NumberBoardDevices(List<BlockDrive> boardDrives, int serialPorts)
    {
        List<BlockDrive> floppies = boardDrives.Where(d => d.Interface == DriveInterface.Floppy).OrderBy(d => d.Index).ToList();
        for (int i = 0; i < floppies.Count; i++)
        {
            floppies[i].QomPath = $"/machine/unattached/device[{13 + serialPorts + i}]";
        }

        int next = 18 + serialPorts + floppies.Count;
        foreach (BlockDrive drive in boardDrives.Where(d => d.Interface == DriveInterface.Ide).OrderBy(d => d.Index))
        {
            drive.QomPath = $"/machine/unattached/device[{next++}]";
        }
    }

    /// <summary><c>-device ide-cd</c> without <c>drive=</c>: an empty CD-ROM drive whose backend has no name (QMP device "").</summary>
    private static BlockDrive AnonymousDrive(DeviceOption device, HashSet<(string, int)> used, Dictionary<string, int> nextIndex)
    {
        if (device.Driver != "ide-cd")
        {
            throw new OptionException($"{device.Source}: Device needs media, but drive is empty");
        }

        int bus = device.Bus is { } b && b.StartsWith("ide.", StringComparison.Ordinal) && int.TryParse(b[4..], CultureInfo.InvariantCulture, out int n) ? n : -1;
        int index = bus >= 0 ? (bus * 2) + (device.Unit ?? 0) : NextFree(used, "ide", nextIndex);
        used.Add(("ide", index));
        return new BlockDrive(string.Empty, DriveInterface.Ide, index, DriveMedia.Cdrom, null) { QdevId = device.Id };
    }

    private static int NextFree(HashSet<(string, int)> used, string attachment, Dictionary<string, int> next)
    {
        int index = next[attachment];
        while (used.Contains((attachment, index)))
        {
            index++;
        }

        next[attachment] = index + 1;
        return index;
    }

    private static string DefaultId(DriveInterface attachment, int index, DriveMedia media) => attachment switch
    {
        DriveInterface.Floppy => $"floppy{index}",
        DriveInterface.Ide => $"ide{index / 2}-{(media == DriveMedia.Cdrom ? "cd" : "hd")}{index % 2}",
        _ => $"none{index}",
    };

    private IBlockBackend? OpenImage(DriveOption option)
    {
        if (string.IsNullOrEmpty(option.File))
        {
            if (option.Media != "cdrom" && option.Interface != "floppy")
            {
                throw new OptionException($"{option.Source}: A block device must be specified for \"file\"");
            }

            return null;
        }

        BlockOpenOptions open = new()
        {
            Format = option.Format,
            ReadOnly = option.ReadOnly || option.Media == "cdrom",
            Snapshot = option.Snapshot || _options.Snapshot,
            Cache = option.Cache switch
            {
                "writethrough" => CacheMode.Writethrough,
                "none" => CacheMode.None,
                "directsync" => CacheMode.DirectSync,
                "unsafe" => CacheMode.Unsafe,
                _ => CacheMode.Writeback,
            },
            Discard = option.Discard is "unmap" or "on" ? DiscardMode.Unmap : DiscardMode.Ignore,
            Locking = option.Locking != "off",
            Warning = _host.Warning,
        };
        try
        {
            IBlockBackend backend = BlockImage.Open(option.File, open);
            _machine.Own(backend);
            return backend;
        }
        catch (BlockException e)
        {
            throw new OptionException($"{option.Source}: {e.Message}");
        }
    }

    /// <summary>
    /// The PIIX3 IDE function's legacy channels, present on the pc machine even with -nodefaults
    /// (QEMU), with each IDE drive attached by index (0 = ide0 master ... 3 = ide1 slave). A disk
    /// reports the physical geometry the BIOS and CMOS use (spec ide-atapi-bios.md C.2).
    /// </summary>
    private void BuildIde()
    {
        IdeController ide = new(_machine.Pic.GetLine(IdeController.PrimaryIrq), _machine.Pic.GetLine(IdeController.SecondaryIrq));
        ide.Attach(_machine.Io);
        foreach (BlockDrive drive in _machine.Drives.Where(d => d.Interface == DriveInterface.Ide))
        {
            if (drive.Media == DriveMedia.Cdrom)
            {
                ide.Attach(drive.Index, new AtapiCdrom(drive, DiskProperties(drive).Strings));
            }
            else if (drive.HasMedium)
            {
                ide.Attach(drive.Index, IdeDisks.Create(drive, DiskProperties(drive)));
            }
        }

        _machine.Ide = ide;
    }

    /// <summary>The ide-hd or ide-cd properties of a drive: its -device's, or the globals alone for a drive the board creates.</summary>
    private (DiskGeometryProperties Geometry, AtaDriveStrings Strings) DiskProperties(BlockDrive drive) =>
        _diskProperties.TryGetValue(drive, out var properties)
            ? properties
            : IdeDeviceProperties.Resolve(drive.Media == DriveMedia.Cdrom ? "ide-cd" : "ide-hd", null, _options.Globals, []);

    private void FillCmos()
    {
        BlockDrive? a = Floppy(0);
        BlockDrive? b = Floppy(1);
        CmosConfiguration cmos = new()
        {
            RamBytes = _options.RamBytes,
            FloppyA = FloppyType(a, present: true),
            FloppyB = FloppyType(b, present: b is not null),
            HardDisks = [.. Enumerable.Range(0, 4).Select(CmosDisk)],
            BootOrder = _options.BootOrder ?? "cad",
            FloppyBootSignatureCheck = !_options.NoFloppyBootCheck,
        };
        CmosDefaults.Fill(_machine.Rtc, cmos);
    }

    private BlockDrive? Floppy(int index) =>
        _machine.Drives.FirstOrDefault(d => d.Interface == DriveInterface.Floppy && d.Index == index);

    private static FloppyDriveType FloppyType(BlockDrive? drive, bool present)
    {
        if (!present)
        {
            return FloppyDriveType.None;
        }

        byte type = Emu.Bios.Disk.BiosDrive.CreateFloppy(0, drive).Floppy!.CmosType;
        return (FloppyDriveType)type;
    }

    private CmosHardDisk? CmosDisk(int index)
    {
        BlockDrive? drive = HardDisks().FirstOrDefault(d => d.Index == index);
        if (drive?.Medium is null)
        {
            return null;
        }

        return IdeDisks.CmosEntry((AtaDisk)_machine.Ide.Unit(index));
    }

    private IEnumerable<BlockDrive> HardDisks() =>
        _machine.Drives.Where(d => d.Interface == DriveInterface.Ide && d.Media == DriveMedia.Disk && d.HasMedium).OrderBy(d => d.Index);

    private void BuildFirmware()
    {
        if (_options.BiosFile is { } file)
        {
            byte[] image;
            try
            {
                image = File.ReadAllBytes(file);
                ExternalFirmware.Map(_machine.Memory, image, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new OptionException($"-bios {file}: {(e is ArgumentException ? e.Message : $"could not load PC BIOS '{file}'")}");
            }

            return;
        }

        BiosLog log = new() { Warning = _host.Warning is null ? null : text => _host.Warning($"emu: warning: bios: {text}") };
        BiosContext context = new(_machine.Cpu, _machine.Memory, _machine.Io, _machine.Scheduler, log)
        {
            WakeCpu = () => _machine.Cpu.Halted = false,
        };
        ICharBackend? console = _options.Display is DisplayMode.None or DisplayMode.Sdl ? null : _com1Backend;
        BiosConfiguration configuration = new()
        {
            BootOrder = _options.BootOrder ?? (_options.UsesDemoGuest ? "a" : "cad"),
            CheckFloppySignature = !_options.NoFloppyBootCheck,
            FloppyA = Floppy(0),
            FloppyB = Floppy(1),
            HardDisks = [.. HardDisks()],
            IdentifyHardDisk = drive => IdeDisks.Identify((AtaDisk)_machine.Ide.Unit(drive.Index)),
            BiosGeometry = IdeDisks.BiosGeometry(_machine.Ide),
            HasCdromDrive = !_options.NoDefaults || _machine.Drives.Any(d => d.Media == DriveMedia.Cdrom),
            Cdroms = [.. _machine.Drives.Where(d => d.Interface == DriveInterface.Ide && d.Media == DriveMedia.Cdrom).OrderBy(d => d.Index)],
            Kernel = LoadKernel(),
            SerialConsole = console is null ? null : value => console.Write(new ReadOnlySpan<byte>(in value)),
            Banner = $"Emu BIOS (version {Program.Version})",
            VideoRom = _videoRom,
            Acpi = _machine.PowerManagement is not null,
            Smbios = _machine.PowerManagement is null ? null : new Emu.Bios.Smbios.SmbiosBiosInformation("Emu", Program.Version, Emu.Bios.Rom.BiosLayout.RomSegment, Emu.Bios.Rom.BiosLayout.RomSize),
        };
        HleBios bios = new(context, configuration);
        bios.Install();
        bios.Keyboard.ResetRequested = _machine.Loop.RequestReset;
        _machine.Bios = bios;
    }

    /// <summary>The files of <c>-kernel</c>/<c>-initrd</c> (null without <c>-kernel</c>).</summary>
    private Emu.Bios.Boot.LinuxKernel? LoadKernel()
    {
        if (_options.KernelFile is null)
        {
            return null;
        }

        return new Emu.Bios.Boot.LinuxKernel(
            ReadFile(_options.KernelFile, "kernel"),
            _options.InitrdFile is null ? null : ReadFile(_options.InitrdFile, "initrd"),
            _options.Append ?? string.Empty);
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionException($"could not load {what} '{path}': {e.Message}");
        }
    }

    private void WireResets()
    {
        _machine.Port92.ResetRequested = _machine.Loop.RequestReset;
        _machine.KeyboardController.ResetRequested = _machine.Loop.RequestReset;
    }

    /// <summary>
    /// A configured monitor (<see cref="EmuOptions.Monitor"/>, served by Monitor.MonitorAttachment)
    /// can still act on a halted machine, so a halt does not end the run.
    /// </summary>
    private void AttachMonitor()
    {
        _machine.Loop.WaitForWorkWhenIdle = _options.Monitor.Any;
    }
}
