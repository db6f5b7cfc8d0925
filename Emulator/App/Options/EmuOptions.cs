using Emu.Core.Cpu;
using Emu.Core.Timing;

namespace Emu.App.Options;

/// <summary>Everything the command line said, in QEMU's terms (parsed by <see cref="CommandLine"/>).</summary>
public sealed class EmuOptions
{
    public const int DefaultRamMegabytes = 128;

    /// <summary>Guest RAM in bytes (<c>-m</c>, default 128 MiB as QEMU).</summary>
    public long RamBytes { get; set; } = (long)DefaultRamMegabytes << 20;

    public List<DriveOption> Drives { get; } = [];

    public List<DeviceOption> Devices { get; } = [];

    /// <summary><c>-global DRIVER.PROP=VALUE</c> defaults, applied to every device of the driver before its own properties.</summary>
    public List<GlobalOption> Globals { get; } = [];

    /// <summary><c>-boot</c> order letters; null = QEMU's default "cad".</summary>
    public string? BootOrder { get; set; }

    /// <summary><c>-bios FILE</c>: a raw firmware image instead of the built-in BIOS.</summary>
    public string? BiosFile { get; set; }

    public DisplayMode Display { get; set; } = DisplayMode.Default;

    /// <summary><c>-vga std|none</c>; null: QEMU's default (std, unless <c>-nodefaults</c>).</summary>
    public bool? Vga { get; set; }

    /// <summary><c>-serial</c> specs in port order (stdio, file:PATH, null, none).</summary>
    public List<string> Serial { get; } = [];

    /// <summary><c>-debugcon</c> spec, or null for no debug console.</summary>
    public string? DebugCon { get; set; }

    public bool NoReboot { get; set; }

    public bool NoShutdown { get; set; }

    /// <summary><c>-S</c>: start with the CPU stopped.</summary>
    public bool StartPaused { get; set; }

    public string? Name { get; set; }

    public bool NoDefaults { get; set; }

    /// <summary><c>-machine isapc</c>: the ISA-only PC, without the PCI bus and its functions.</summary>
    public bool IsaPc { get; set; }

    /// <summary><c>-machine none</c>: QEMU's empty machine, no CPU and no devices, for monitor-only use.</summary>
    public bool EmptyMachine { get; set; }

    /// <summary><c>-snapshot</c>: every drive as snapshot=on.</summary>
    public bool Snapshot { get; set; }

    /// <summary><c>-rtc base=</c>: "utc" (default), "localtime" or a date-time.</summary>
    public string RtcBase { get; set; } = "utc";

    /// <summary><c>-no-fd-bootchk</c>.</summary>
    public bool NoFloppyBootCheck { get; set; }

    public MonitorOptions Monitor { get; } = new();

    /// <summary><c>-uuid</c>: the machine's UUID (fw_cfg, query-uuid); null = the nil UUID, as QEMU.</summary>
    public Guid? Uuid { get; set; }

    /// <summary><c>-msg timestamp=on</c>: error messages start with the UTC time, as QEMU's.</summary>
    public bool MessageTimestamps { get; set; }

    /// <summary><c>-pidfile FILE</c>: where to write the process id once the machine is built.</summary>
    public string? PidFile { get; set; }

    /// <summary><c>-loadvm NAME</c>: start from the whole-machine snapshot NAME of the drives (QEMU's savevm).</summary>
    public string? LoadVm { get; set; }

    /// <summary><c>-blockdev</c> nodes in command-line order; turned into if=none drives once all options are read.</summary>
    public List<BlockdevOption.Node> BlockNodes { get; } = [];

    /// <summary>The id= of each <c>-device isa-serial</c> (QOM /machine/peripheral).</summary>
    public List<string> IsaSerialIds { get; } = [];

    /// <summary><c>-object secret</c> contents by id.</summary>
    public Dictionary<string, byte[]> Secrets { get; } = [];

    /// <summary><c>-object memory-backend-ram</c> sizes by id.</summary>
    public Dictionary<string, long> MemoryBackends { get; } = [];

    /// <summary><c>-machine memory-backend=ID</c>, or null.</summary>
    public string? MemoryBackend { get; set; }

    /// <summary><c>-add-fd</c>: inherited descriptors by fd set, opened as <c>/dev/fdset/N</c>.</summary>
    public Dictionary<int, List<int>> FdSets { get; } = [];

    /// <summary><c>-daemonize</c>: return once the machine is ready, leaving it running detached (see <c>Daemon</c>).</summary>
    public bool Daemonize { get; set; }

    /// <summary><c>--clock</c>: deterministic (default) or realtime.</summary>
    public ClockMode Clock { get; set; } = ClockMode.Deterministic;

    /// <summary>Whether <c>--clock</c> was given; without it a window runs in real time.</summary>
    public bool ClockGiven { get; set; }

    /// <summary><c>--print-instructions</c>: print the executed instruction count, and the SYSENTER and SYSEXIT counts, to stderr at the end.</summary>
    public bool PrintInstructionCount { get; set; }

    /// <summary><c>--line-log FILE</c>: COM1 and debug console lines with the instruction count at each newline.</summary>
    public string? LineLog { get; set; }

    /// <summary><c>--stop-at-line PORT:REGEX</c>, in order: the lines at which the VM stops as QMP <c>stop</c> stops it.</summary>
    public List<LineStop> StopAtLines { get; } = [];

    /// <summary><c>-cpu MODEL[,+feat,-feat,feat=on|off,prop=value]</c> as given (checked when parsed, resolved when the PC is built).</summary>
    public string Cpu { get; set; } = "qemu32";

    /// <summary><c>--cpu-tier interp|jit</c>: interpret every block, or compile hot blocks to IL.</summary>
    public CpuTier CpuTier { get; set; } = CpuTier.Interp;

    /// <summary><c>--instruction-limit N</c>: stop after N instructions (testing and benchmarks).</summary>
    public long? InstructionLimit { get; set; }

    public bool ShowHelp { get; set; }

    public bool ShowVersion { get; set; }

    /// <summary><c>-kernel</c>: a bzImage the BIOS boots before the boot order (Linux boot protocol).</summary>
    public string? KernelFile { get; set; }

    /// <summary><c>-initrd</c> (only with <c>-kernel</c>).</summary>
    public string? InitrdFile { get; set; }

    /// <summary><c>-append</c>: the kernel command line (only with <c>-kernel</c>).</summary>
    public string? Append { get; set; }

    /// <summary>
    /// The command line configured a machine or a monitor (-S, -qmp, -qmp-pretty, -mon, -chardev,
    /// -nodefaults, -machine, -device): the user asked for QEMU's machine, so no demo guest.
    /// </summary>
    public bool ConfiguresMachine { get; set; }

    /// <summary>
    /// The built-in demo guest boots (as a floppy in drive A) only for a bare command line: no
    /// option that configures a machine or a monitor (<see cref="ConfiguresMachine"/>), no drive or
    /// medium, no firmware and no kernel. Otherwise the machine is QEMU's, empty drives and all.
    /// </summary>
    public bool UsesDemoGuest => !ConfiguresMachine && Drives.Count == 0 && BiosFile is null && KernelFile is null;
}
