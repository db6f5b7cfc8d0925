using System.Globalization;
using Emu.Core.Cpu;
using Emu.Core.Timing;

namespace Emu.App.Options;

/// <summary>
/// Parses QEMU's spelling of the options Emu supports (qemu-options.hx): one or two leading
/// dashes, an argument as the next word, <c>key=value,...</c> lists with <c>,,</c> for a literal
/// comma. Anything else is refused with QEMU's one-line error.
/// </summary>
public static class CommandLine
{
    private static readonly HashSet<string> Flags =
    [
        "nographic", "no-reboot", "no-shutdown", "S", "nodefaults", "snapshot", "no-fd-bootchk",
        "h", "help", "version", "print-instructions", "no-user-config", "daemonize",
    ];

    private static readonly HashSet<string> WithArgument =
    [
        "m", "fda", "fdb", "hda", "hdb", "hdc", "hdd", "cdrom", "boot", "drive", "device", "bios", "display",
        "serial", "debugcon", "name", "machine", "vga", "M", "rtc", "qmp", "qmp-pretty", "chardev", "mon", "accel",
        "clock", "instruction-limit", "kernel", "initrd", "append", "global", "nic", "net", "line-log",
        "stop-at-line", "uuid", "cpu", "smp", "msg", "overcommit", "sandbox", "pidfile", "cpu-tier", "object", "audiodev",
        "add-fd", "blockdev", "loadvm",
    ];

    /// <summary>Options that ask for a configured machine or a monitor: with any of them the demo guest does not boot.</summary>
    private static readonly HashSet<string> ConfiguringOptions =
    [
        "S", "nodefaults", "machine", "M", "device", "qmp", "qmp-pretty", "mon", "chardev", "blockdev",
    ];

    public static EmuOptions Parse(IReadOnlyList<string> args)
    {
        EmuOptions options = new();
        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (!word.StartsWith('-') || word == "-")
            {
                // QEMU treats a bare word as the first hard disk (-hda).
                AddDrive(options, word, word, "ide", 0, "disk");
                continue;
            }

            string name = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word[1..];
            if (Flags.Contains(name))
            {
                options.ConfiguresMachine |= ConfiguringOptions.Contains(name);
                ApplyFlag(options, name);
                continue;
            }

            if (!WithArgument.Contains(name))
            {
                throw new OptionException($"{word}: invalid option");
            }

            if (i + 1 >= args.Count)
            {
                throw new OptionException($"{word}: requires an argument");
            }

            string value = args[++i];
            options.ConfiguresMachine |= ConfiguringOptions.Contains(name);
            Apply(options, "-" + name, value);
        }

        if (options.KernelFile is null && (options.InitrdFile is not null || options.Append is not null))
        {
            // QEMU's wording.
            throw new OptionException($"{(options.InitrdFile is not null ? "-initrd" : "-append")} only allowed with -kernel option");
        }

        if (options.StopAtLines.Count > 0 && (options.LineLog is null || !options.Monitor.Any))
        {
            throw new OptionException("--stop-at-line needs --line-log (the lines it watches) and a QMP monitor (to continue the VM)");
        }

        LibvirtOptions.CheckDaemonize(options);
        BlockdevOption.Resolve(options.BlockNodes, options.Drives);
        ObjectOptions.Check(options);
        options.BootOrder ??= IsaSerialDevice.BootOrderFromIndexes(options.Devices);
        return options;
    }

    private static void ApplyFlag(EmuOptions options, string name)
    {
        switch (name)
        {
            case "nographic":
                options.Display = DisplayMode.NoGraphic;
                break;
            case "no-reboot":
                options.NoReboot = true;
                break;
            case "no-shutdown":
                options.NoShutdown = true;
                break;
            case "S":
                options.StartPaused = true;
                break;
            case "nodefaults":
                options.NoDefaults = true;
                break;
            case "snapshot":
                options.Snapshot = true;
                break;
            case "no-fd-bootchk":
                options.NoFloppyBootCheck = true;
                break;
            case "h" or "help":
                options.ShowHelp = true;
                break;
            case "version":
                options.ShowVersion = true;
                break;
            case "print-instructions":
                options.PrintInstructionCount = true;
                break;
            case "daemonize":
                options.Daemonize = true;
                break;
            case "no-user-config":
                // QEMU reads no configuration file by default either (7.2 has no default config files).
                break;
            default:
                throw new OptionException($"-{name}: invalid option");
        }
    }

    private static void Apply(EmuOptions options, string option, string value)
    {
        string source = $"{option} {value}";
        switch (option)
        {
            case "-m":
                options.RamBytes = ParseMemory(source, value);
                break;
            case "-fda" or "-fdb":
                AddDrive(options, source, value, "floppy", option == "-fda" ? 0 : 1, "disk");
                break;
            case "-hda" or "-hdb" or "-hdc" or "-hdd":
                AddDrive(options, source, value, "ide", option[3] - 'a', "disk");
                break;
            case "-cdrom":
                AddDrive(options, source, value, "ide", 2, "cdrom");
                break;
            case "-drive":
                DriveOption drive = ParseDrive(source, value);
                DriveExtraOptions.CheckNames(options.Drives, drive, source);
                options.Drives.Add(drive);
                break;
            case "-device":
                if (!IsaSerialDevice.TryApply(options, source, value))
                {
                    options.Devices.Add(ParseDevice(source, value));
                }

                break;
            case "-blockdev":
                BlockdevOption.Parse(source, value, options.BlockNodes);
                break;
            case "-object":
                ObjectOptions.ApplyObject(options, source, value);
                break;
            case "-audiodev":
                ObjectOptions.ApplyAudiodev(source, value);
                break;
            case "-add-fd":
                ObjectOptions.ApplyAddFd(options, source, value);
                break;
            case "-global":
                options.Globals.Add(ParseGlobal(source, value));
                break;
            case "-boot":
                options.BootOrder = ParseBoot(source, value);
                break;
            case "-bios":
                options.BiosFile = value;
                break;
            case "-kernel":
                options.KernelFile = value;
                break;
            case "-initrd":
                options.InitrdFile = value;
                break;
            case "-append":
                options.Append = value;
                break;
            case "-display":
                options.Display = ParseDisplay(source, value);
                break;
            case "-vga":
                options.Vga = VgaOption.Parse(source, value);
                break;
            case "-serial":
                options.Serial.Add(CheckCharSpec(source, value));
                break;
            case "-debugcon":
                options.DebugCon = CheckCharSpec(source, value);
                break;
            case "-name":
                options.Name = LibvirtOptions.ParseName(source, value);
                break;
            case "-machine" or "-M":
                MachineOption.Parse(source, value, options);
                break;
            case "-nic" or "-net":
                if (KeyValues.Split(value)[0] != "none")
                {
                    throw new OptionException($"{source}: Emu has no network card; only 'none' is accepted");
                }

                break;
            case "-accel":
                if (!KeyValues.Split(value)[0].Replace("accel=", string.Empty, StringComparison.Ordinal).Split(':').Contains("tcg"))
                {
                    throw new OptionException($"{source}: only the tcg accelerator is available");
                }

                break;
            case "-rtc":
                options.RtcBase = ParseRtc(source, value);
                break;
            case "-qmp":
                options.Monitor.Qmp.Add(value);
                break;
            case "-qmp-pretty":
                options.Monitor.QmpPretty.Add(value);
                break;
            case "-chardev":
                options.Monitor.Chardevs.Add(value);
                break;
            case "-mon":
                options.Monitor.Mon.Add(value);
                break;
            case "-clock":
                options.ClockGiven = true;
                options.Clock = value switch
                {
                    "deterministic" => ClockMode.Deterministic,
                    "realtime" => ClockMode.RealTime,
                    _ => throw new OptionException($"--clock {value}: expected 'deterministic' or 'realtime'"),
                };
                break;
            case "-instruction-limit":
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) || limit <= 0)
                {
                    throw new OptionException($"--instruction-limit {value}: expected a positive number");
                }

                options.InstructionLimit = limit;
                break;
            case "-line-log":
                options.LineLog = value;
                break;
            case "-stop-at-line":
                options.StopAtLines.Add(LineStop.Parse(value));
                break;
            case "-cpu-tier":
                options.CpuTier = value switch
                {
                    "interp" => CpuTier.Interp,
                    "jit" => CpuTier.Jit,
                    _ => throw new OptionException($"--cpu-tier {value}: expected 'interp' or 'jit'"),
                };
                break;
            case "-pidfile":
                options.PidFile = value;
                break;
            case "-loadvm":
                options.LoadVm = value;
                break;
            case "-uuid" or "-cpu" or "-smp" or "-msg" or "-overcommit" or "-sandbox":
                LibvirtOptions.Apply(options, option, value);
                break;
            default:
                throw new OptionException($"{option}: invalid option");
        }
    }

    private static void AddDrive(EmuOptions options, string source, string file, string attachment, int index, string media) =>
        options.Drives.Add(new DriveOption { Source = source, File = file, Interface = attachment, Index = index, Media = media });

    /// <summary>QEMU <c>-m [size=]megs[M|G]</c>; a bare number is MiB.</summary>
    private static long ParseMemory(string source, string value)
    {
        string text = value;
        foreach (string part in KeyValues.Split(value))
        {
            if (part.StartsWith("size=", StringComparison.Ordinal))
            {
                text = part[5..];
            }
            else if (!part.Contains('='))
            {
                text = part;
            }
        }

        long multiplier = 1L << 20;
        char suffix = text.Length > 0 ? char.ToUpperInvariant(text[^1]) : ' ';
        if (suffix is 'K' or 'M' or 'G' or 'T')
        {
            multiplier = suffix switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L << 40 };
            text = text[..^1];
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount <= 0 || amount > (1L << 40) / multiplier)
        {
            throw new OptionException($"{source}: Parameter 'size' expects a non-negative number below 2^64");
        }

        long bytes = amount * multiplier;
        if (bytes < 2L << 20)
        {
            throw new OptionException($"{source}: at least 2 MiB of RAM is needed");
        }

        if (bytes > 2047L << 20)
        {
            throw new OptionException($"{source}: at most 2047 MiB of RAM is supported");
        }

        return bytes & ~0xFFFL;
    }

    private static DriveOption ParseDrive(string source, string value)
    {
        DriveOption drive = new() { Source = source };
        foreach ((string key, string val) in KeyValues.Parse(source, value))
        {
            switch (key)
            {
                case "file":
                    drive.File = val;
                    break;
                case "format":
                    drive.Format = val is "raw" or "qcow2" ? val : throw new OptionException($"{source}: Unknown driver '{val}'");
                    break;
                case "if":
                    drive.Interface = val is "ide" or "floppy" or "none" ? val : throw new OptionException($"{source}: unsupported bus type '{val}'");
                    break;
                case "index":
                    drive.Index = ParseInt(source, key, val);
                    break;
                case "media":
                    drive.Media = val is "disk" or "cdrom" ? val : throw new OptionException($"{source}: '{val}' invalid media");
                    break;
                case "id":
                    drive.Id = val;
                    break;
                case "snapshot":
                    drive.Snapshot = KeyValues.ParseBool(source, key, val);
                    break;
                case "readonly":
                    drive.ReadOnly = KeyValues.ParseBool(source, key, val);
                    break;
                case "cache":
                    drive.Cache = val is "none" or "writeback" or "writethrough" or "directsync" or "unsafe" ? val : throw new OptionException($"{source}: invalid cache option");
                    break;
                case "discard":
                    drive.Discard = val is "ignore" or "off" or "unmap" or "on" ? val : throw new OptionException($"{source}: Invalid discard option");
                    break;
                default:
                    if (!DriveExtraOptions.Apply(drive, source, key, val))
                    {
                        throw new OptionException($"{source}: Invalid parameter '{key}'");
                    }

                    break;
            }
        }

        DriveExtraOptions.Check(drive, source);
        return drive;
    }

    private static DeviceOption ParseDevice(string source, string value)
    {
        List<string> parts = KeyValues.Split(value);
        string driver = parts.Count > 0 ? parts[0] : string.Empty;
        if (driver.StartsWith("driver=", StringComparison.Ordinal))
        {
            driver = driver[7..];
        }

        if (driver == "isa-debugcon")
        {
            return DebugConsoleDevice.Parse(source, parts);
        }

        if (driver is not ("ide-hd" or "ide-cd" or "floppy"))
        {
            throw new OptionException($"{source}: '{driver}' is not a valid device model name");
        }

        DeviceOption device = new() { Source = source, Driver = driver };
        foreach ((string key, string val) in parts.Skip(1).Select(p => KeyValues.ToPair(source, p)))
        {
            switch (key)
            {
                case "drive":
                    device.Drive = val;
                    break;
                case "id":
                    device.Id = val;
                    break;
                case "bus":
                    device.Bus = val;
                    break;
                case "unit":
                    device.Unit = ParseInt(source, key, val);
                    break;
                case "share-rw":
                    device.ShareRw = KeyValues.ParseBool(source, key, val);
                    break;
                case "bootindex":
                    device.BootIndex = ParseInt(source, key, val);
                    break;
                default:
                    if (driver == "floppy" || !IdeDeviceProperties.Has(driver, key))
                    {
                        throw new OptionException($"{source}: Property '{driver}.{key}' not found");
                    }

                    device.Properties.Add((key, val));
                    break;
            }
        }

        return device;
    }

    /// <summary>
    /// QEMU <c>-global DRIVER.PROP=VALUE</c> or <c>-global driver=D,property=P,value=V</c>; an
    /// unknown property is refused when a device of the driver is built, as QEMU does.
    /// </summary>
    private static GlobalOption ParseGlobal(string source, string value)
    {
        int eq = value.IndexOf('=');
        int dot = eq < 0 ? -1 : value.LastIndexOf('.', eq);
        if (value.StartsWith("driver=", StringComparison.Ordinal) || value.StartsWith("property=", StringComparison.Ordinal) || value.StartsWith("value=", StringComparison.Ordinal))
        {
            Dictionary<string, string> parts = [];
            foreach ((string key, string val) in KeyValues.Parse(source, value))
            {
                parts[key] = key is "driver" or "property" or "value" ? val : throw new OptionException($"{source}: Invalid parameter '{key}'");
            }

            return new GlobalOption(source, parts.GetValueOrDefault("driver", string.Empty), parts.GetValueOrDefault("property", string.Empty), parts.GetValueOrDefault("value", string.Empty));
        }

        if (eq < 0 || dot <= 0)
        {
            throw new OptionException($"{source}: Invalid parameter '{(eq < 0 ? value : value[..eq])}'");
        }

        return new GlobalOption(source, value[..dot], value[(dot + 1)..eq], value[(eq + 1)..]);
    }

    /// <summary>QEMU <c>-boot [order=]drives][,once=drives][,menu=on|off]...</c>; the letters are a-d and n.</summary>
    private static string ParseBoot(string source, string value)
    {
        string? order = null;
        foreach (string part in KeyValues.Split(value))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? "order" : part[..eq];
            string val = eq < 0 ? part : part[(eq + 1)..];
            switch (key)
            {
                case "order" or "once":
                    foreach (char c in val)
                    {
                        if (c is not ('a' or 'b' or 'c' or 'd' or 'n'))
                        {
                            throw new OptionException($"{source}: Invalid boot device '{c}'");
                        }
                    }

                    order = key == "once" || order is null ? val : order;
                    break;
                case "menu" or "strict" or "splash" or "splash-time" or "reboot-timeout":
                    break;
                default:
                    throw new OptionException($"{source}: Invalid parameter '{key}'");
            }
        }

        return order ?? "cad";
    }

    private static DisplayMode ParseDisplay(string source, string value) => DisplayOption.Parse(source, value);

    private static string CheckCharSpec(string source, string value)
    {
        if (value is "stdio" or "null" or "none" or "mon:stdio" || value.StartsWith("file:", StringComparison.Ordinal)
            || value.StartsWith("chardev:", StringComparison.Ordinal))
        {
            return value;
        }

        throw new OptionException($"{source}: character device '{value}' is not supported (stdio, null, none, file:PATH)");
    }

    private static string ParseRtc(string source, string value)
    {
        string result = "utc";
        foreach ((string key, string val) in KeyValues.Parse(source, value))
        {
            if (key == "base")
            {
                if (val is not ("utc" or "localtime") && !DateTime.TryParse(val, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
                {
                    throw new OptionException($"{source}: invalid datetime format");
                }

                result = val;
            }
            else if (key is not ("clock" or "driftfix"))
            {
                throw new OptionException($"{source}: Invalid parameter '{key}'");
            }
        }

        return result;
    }

    private static int ParseInt(string source, string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new OptionException($"{source}: Parameter '{key}' expects a number");
}
