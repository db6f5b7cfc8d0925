namespace Emu.Guest.Tests.Libvirt;

/// <summary>
/// libvirt 9.0 (Debian) managing Emu in QEMU's place (issue 16): a daemon of the test's own
/// probes Emu as an emulator (<c>virsh domcapabilities</c>: <c>-machine none</c>,
/// <c>-daemonize</c> and the QMP capability queries), then <c>virsh start</c> builds Emu's
/// command line (JSON <c>-blockdev</c>, <c>-chardev socket,fd=N</c>, fd sets, objects) and drives
/// it over QMP until the Linux guest boots from the qcow2 IDE disk, with the CD attached, and
/// reports on the serial log file; <c>virsh suspend</c> stops it, <c>virsh snapshot-create-as</c>
/// saves the whole machine in the disk (savevm), <c>virsh change-media</c> ejects the CD and inserts
/// another, which the resumed guest reads before it powers off; <c>virsh snapshot-revert</c> brings
/// the guest back to the snapshot (loadvm), with the old CD, from where it finishes its script
/// again, and <c>virsh destroy</c> ends whatever is left.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(ProcessCollection.Name)]
public sealed class LibvirtDomainTests
{
    private const string Name = "emu-libvirt-test";
    private const string PowerName = "emu-libvirt-acpi";

    // A guard against a hung boot only: minutes under an interpreter on a busy host.
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(25);

    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void VirshProbesStartsSuspendsAndDestroysAnEmuDomainThatBootsLinux()
    {
        using TempDirectory dir = new("emu-lv-");
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        string emulator = WriteEmulatorWrapper(dir.Path);
        string disk = Path.Combine(dir.Path, "disk.qcow2");
        File.Copy(GuestImages.Require("linux-hd.qcow2"), disk);
        string cd = GuestImages.CopyTo("linux-cd.iso", dir.Path);
        string serial = Path.Combine(dir.Path, "serial.log");
        string xml = Path.Combine(dir.Path, "domain.xml");
        File.WriteAllText(xml, DomainXml(emulator, disk, cd, serial));

        using Libvirtd libvirtd = Libvirtd.Start(Path.Combine(dir.Path, "libvirt"));
        try
        {
            string caps = libvirtd.VirshOk("domcapabilities", "--emulatorbin", emulator, "--arch", "i686", "--machine", "pc", "--virttype", "qemu");
            Assert.Contains($"<path>{emulator}</path>", caps);
            Assert.Contains("<machine>pc-i440fx-7.2</machine>", caps);
            Assert.Contains("<vcpu max='1'/>", caps);

            libvirtd.VirshOk("define", xml);
            libvirtd.VirshOk("start", Name);
            WaitForSerial(libvirtd, serial, "\nEMU-BOOT-OK ");

            // The wrapper's --stop-at-line stopped the guest at EMU-BOOT-OK (a STOP event): polled from
            // here, the rest of its script can end in power-off before a suspend arrives. Suspending the
            // paused domain is then a no-op for libvirt.
            WaitForState(libvirtd, "paused");
            libvirtd.VirshOk("suspend", Name);
            Assert.Equal("paused", libvirtd.VirshOk("domstate", Name).Trim());

            // An internal snapshot of the paused guest: libvirt 9.0 sends HMP savevm through human-monitor-command.
            libvirtd.VirshOk("snapshot-create-as", Name, "booted");
            Assert.Contains("booted", libvirtd.VirshOk("snapshot-list", Name, "--name"));
            Assert.Equal("paused", libvirtd.VirshOk("domstate", Name).Trim());

            // The CD swapped the way libvirt does it (blockdev-open-tray, -remove-medium, -del, -add, -insert-medium,
            // -close-tray); forced, because the paused guest may hold the tray locked. The new disc's first 64 KiB
            // differ from the old one's in one byte.
            string cd2 = Path.Combine(dir.Path, "cd2.iso");
            string cd2First64K = WriteMarkedCopy(cd, cd2);
            libvirtd.VirshOk("change-media", Name, "hdc", "--eject", "--force");
            Assert.DoesNotContain(cd, libvirtd.VirshOk("qemu-monitor-command", Name, """{"execute":"query-named-block-nodes"}"""));
            libvirtd.VirshOk("change-media", Name, "hdc", cd2, "--insert", "--force");
            Assert.Contains(cd2, libvirtd.VirshOk("domblklist", Name));
            Assert.Contains($"\"file\":\"{cd2}\"", libvirtd.VirshOk("qemu-monitor-command", Name, """{"execute":"query-block"}"""));

            // Resumed, the guest loads its disk drivers and reads the new disc (its md5 and README),
            // finishes its script and powers off, which on_poweroff turns into a shut-off domain.
            libvirtd.VirshOk("resume", Name);
            string swapped = WaitForSerial(libvirtd, serial, "\nEMU-TEST-DONE");
            Assert.Contains($" first64k={cd2First64K}", Line(swapped, "EMU-MD5 sr0 "));
            Assert.Contains("EMU-CDROM-OK", swapped);
            WaitForState(libvirtd, "shut off");

            // Back to the snapshot (HMP loadvm), running: libvirt starts a new emulator with -loadvm and
            // the snapshot's configuration, whose CD is the original. The guest goes on from just after
            // EMU-BOOT-OK, reads its disks (the old disc this time), finishes its script and powers off
            // again. The first run's serial file goes first, so only the new emulator's output counts.
            File.Delete(serial);
            libvirtd.VirshOk("snapshot-revert", Name, "booted", "--running");
            string after = WaitForSerial(libvirtd, serial, "\nEMU-TEST-DONE");
            Assert.Contains(LinuxGuest.ExpectedLine("EMU-MD5 sda "), after);
            Assert.Contains(LinuxGuest.ExpectedLine("EMU-MD5 sr0 "), after);
            Assert.DoesNotContain("Linux version", after);
            WaitForState(libvirtd, "shut off");
            Monitor.QemuImg.Run("check", disk);
            Assert.Contains("booted", Monitor.QemuImg.Run("snapshot", "-l", "-U", disk));
            Assert.Contains("-blockdev", File.ReadAllText(libvirtd.DomainLog(Name)));
        }
        finally
        {
            // Never leave an emulator behind, whatever failed.
            libvirtd.Virsh("destroy", Name);
        }
    }

    /// <summary>
    /// <c>virsh shutdown</c> asks the guest to power off through ACPI (libvirt sends QMP
    /// system_powerdown): firmware/tests/acpi_power.asm, booted from a floppy, enables ACPI, waits
    /// for the power button on the SCI (READY on its debug console) and answers it with S5, so the
    /// domain ends "shut off" by the guest's own hand. The Linux guest has no userspace that
    /// answers the button, hence this program.
    /// </summary>
    [Fact]
    [Trait("Tier", "SlowGuest")]
    public void VirshShutdownPowersTheGuestOffThroughAcpi()
    {
        using TempDirectory dir = new("emu-lv-");
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        string emulator = WriteEmulatorWrapper(dir.Path);
        byte[] image = new byte[1_474_560];
        GuestImages.TestProgram("acpi_power").CopyTo(image, 0);
        string floppy = Path.Combine(dir.Path, "acpi_power.img");
        File.WriteAllBytes(floppy, image);
        string debugcon = Path.Combine(dir.Path, "debugcon.txt");
        string xml = Path.Combine(dir.Path, "domain.xml");
        File.WriteAllText(xml, PowerButtonDomainXml(emulator, floppy, debugcon));

        using Libvirtd libvirtd = Libvirtd.Start(Path.Combine(dir.Path, "libvirt"));
        try
        {
            libvirtd.VirshOk("define", xml);
            libvirtd.VirshOk("start", PowerName);
            WaitForFile(debugcon, "READY\n", () => ReadLog(libvirtd, PowerName));
            Assert.Equal("running", libvirtd.VirshOk("domstate", PowerName).Trim());

            libvirtd.VirshOk("shutdown", PowerName);
            WaitForState(libvirtd, PowerName, "shut off");
            string report = File.ReadAllText(debugcon);
            Assert.Contains("PASS power-button-status-cleared\n", report, StringComparison.Ordinal);
            Assert.Contains("DONE", report, StringComparison.Ordinal);
            Assert.DoesNotContain("FAIL", report, StringComparison.Ordinal);

            // The guest, not libvirt, ended the domain: libvirt records the guest's SHUTDOWN as the reason.
            Assert.Contains("shutdown", libvirtd.VirshOk("domstate", PowerName, "--reason"));
        }
        finally
        {
            libvirtd.Virsh("destroy", PowerName);
        }
    }

    /// <summary>
    /// The emulator libvirt runs: a wrapper that starts the built emu.dll with the dotnet host; the
    /// domain (not the capability probe) also stops at the guest's EMU-BOOT-OK line.
    /// </summary>
    private static string WriteEmulatorWrapper(string directory)
    {
        string path = Path.Combine(directory, "emu-for-libvirt");
        string dll = Path.Combine(AppContext.BaseDirectory, "emu.dll");
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "/usr/bin/dotnet";
        string lines = Path.Combine(directory, "lines.log");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            case "$*" in
              *guest={{Name}}*) exec '{{dotnet}}' '{{dll}}' "$@" --line-log '{{lines}}' --stop-at-line 'com1:^EMU-BOOT-OK' ;;
            esac
            exec '{{dotnet}}' '{{dll}}' "$@"

            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static string DomainXml(string emulator, string disk, string cd, string serial) => $"""
        <domain type='qemu'>
          <name>{Name}</name>
          <memory unit='MiB'>128</memory>
          <vcpu>1</vcpu>
          <os><type arch='i686' machine='pc'>hvm</type><boot dev='hd'/></os>
          <features><acpi/></features>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <devices>
            <emulator>{emulator}</emulator>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='{disk}'/>
              <target dev='hda' bus='ide'/>
            </disk>
            <disk type='file' device='cdrom'>
              <driver name='qemu' type='raw'/>
              <source file='{cd}'/>
              <target dev='hdc' bus='ide'/>
              <readonly/>
            </disk>
            <controller type='usb' model='none'/>
            <serial type='file'><source path='{serial}'/><target port='0'/></serial>
            <video><model type='none'/></video>
            <memballoon model='none'/>
          </devices>
        </domain>
        """;

    /// <summary>
    /// A machine with only a floppy drive holding the program; its debug console (port 0xE9, which
    /// libvirt's XML cannot describe) comes through libvirt's QEMU command-line passthrough.
    /// </summary>
    private static string PowerButtonDomainXml(string emulator, string floppy, string debugcon) => $"""
        <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
          <name>{PowerName}</name>
          <memory unit='MiB'>32</memory>
          <vcpu>1</vcpu>
          <os><type arch='i686' machine='pc'>hvm</type><boot dev='fd'/></os>
          <features><acpi/></features>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <devices>
            <emulator>{emulator}</emulator>
            <disk type='file' device='floppy'>
              <driver name='qemu' type='raw'/>
              <source file='{floppy}'/>
              <target dev='fda' bus='fdc'/>
            </disk>
            <controller type='usb' model='none'/>
            <video><model type='none'/></video>
            <memballoon model='none'/>
          </devices>
          <qemu:commandline>
            <qemu:arg value='-debugcon'/>
            <qemu:arg value='file:{debugcon}'/>
          </qemu:commandline>
        </domain>
        """;

    private static void WaitForState(Libvirtd libvirtd, string state) => WaitForState(libvirtd, Name, state);

    /// <summary>Polls <c>virsh domstate</c> until the domain is in <paramref name="state"/>.</summary>
    private static void WaitForState(Libvirtd libvirtd, string name, string state)
    {
        DateTime limit = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string now;
        while ((now = libvirtd.VirshOk("domstate", name).Trim()) != state)
        {
            Assert.True(DateTime.UtcNow < limit, $"the domain is not '{state}' but '{now}'");
            Thread.Sleep(500);
        }
    }

    /// <summary>Polls a file the guest writes until it holds <paramref name="marker"/>.</summary>
    private static void WaitForFile(string path, string marker, Func<string> log)
    {
        DateTime limit = DateTime.UtcNow + BootLimit;
        while (!(File.Exists(path) && File.ReadAllText(path).Contains(marker, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < limit, $"no '{marker.Trim()}' after {BootLimit} in {path}; emulator log:\n{log()}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Polls the serial log file libvirt gave the guest's COM1 until <paramref name="marker"/> appears.</summary>
    private static string WaitForSerial(Libvirtd libvirtd, string serial, string marker)
    {
        DateTime limit = DateTime.UtcNow + BootLimit;
        while (true)
        {
            string output = File.Exists(serial) ? File.ReadAllText(serial) : string.Empty;
            if (output.Contains(marker, StringComparison.Ordinal))
            {
                return output;
            }

            Assert.False(output.Contains("Kernel panic", StringComparison.Ordinal), output);
            Assert.True(DateTime.UtcNow < limit, $"no '{marker.Trim()}' after {BootLimit}; serial so far:\n{output}\nemulator log:\n{ReadLog(libvirtd)}");
            Thread.Sleep(1000);
        }
    }

    private static string ReadLog(Libvirtd libvirtd, string name = Name) =>
        File.Exists(libvirtd.DomainLog(name)) ? File.ReadAllText(libvirtd.DomainLog(name)) : "(none)";

    /// <summary>
    /// Copies the ISO with one byte of its system area (the first 32 KiB, unused by ISO 9660 and,
    /// in this image, all zeros) changed, so a guest that reads the copy's first 64 KiB prints
    /// another md5 than for the original; returns that md5.
    /// </summary>
    private static string WriteMarkedCopy(string iso, string copy)
    {
        const int MarkAt = 0x7000;
        File.Copy(iso, copy);
        using (FileStream stream = new(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = MarkAt;
            Assert.Equal(0, stream.ReadByte());
            stream.Position = MarkAt;
            stream.WriteByte((byte)'E');
        }

        byte[] first64K = new byte[64 * 1024];
        using (FileStream stream = File.OpenRead(copy))
        {
            stream.ReadExactly(first64K);
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(first64K));
    }

    private static string Line(string log, string prefix)
    {
        string? line = log.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{prefix}' line in:\n{log}");
        return line.TrimEnd('\r');
    }
}
