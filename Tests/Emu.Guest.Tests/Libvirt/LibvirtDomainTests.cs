namespace Emu.Guest.Tests.Libvirt;

/// <summary>
/// libvirt 9.0 (Debian) managing Emu in QEMU's place (issue 16): a daemon of the test's own
/// probes Emu as an emulator (<c>virsh domcapabilities</c>: <c>-machine none</c>,
/// <c>-daemonize</c> and the QMP capability queries), then <c>virsh start</c> builds Emu's
/// command line (JSON <c>-blockdev</c>, <c>-chardev socket,fd=N</c>, fd sets, objects) and drives
/// it over QMP until the Linux guest boots from the qcow2 IDE disk, with the CD attached, and
/// reports on the serial log file; <c>virsh suspend</c> stops it, <c>virsh change-media</c>
/// ejects the CD and inserts another, and <c>virsh destroy</c> ends it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(ProcessCollection.Name)]
public sealed class LibvirtDomainTests
{
    private const string Name = "emu-libvirt-test";

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

            // The CD swapped the way libvirt does it (blockdev-open-tray, -remove-medium, -del, -add, -insert-medium,
            // -close-tray); forced, because the paused guest may hold the tray locked.
            string cd2 = Path.Combine(dir.Path, "cd2.iso");
            File.Copy(cd, cd2);
            libvirtd.VirshOk("change-media", Name, "hdc", "--eject", "--force");
            Assert.DoesNotContain(cd, libvirtd.VirshOk("qemu-monitor-command", Name, """{"execute":"query-named-block-nodes"}"""));
            libvirtd.VirshOk("change-media", Name, "hdc", cd2, "--insert", "--force");
            Assert.Contains(cd2, libvirtd.VirshOk("domblklist", Name));
            Assert.Contains($"\"file\":\"{cd2}\"", libvirtd.VirshOk("qemu-monitor-command", Name, """{"execute":"query-block"}"""));

            libvirtd.VirshOk("destroy", Name);
            Assert.Equal("shut off", libvirtd.VirshOk("domstate", Name).Trim());
            Assert.Contains("-blockdev", File.ReadAllText(libvirtd.DomainLog(Name)));
        }
        finally
        {
            // Never leave an emulator behind, whatever failed.
            libvirtd.Virsh("destroy", Name);
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

    /// <summary>Polls <c>virsh domstate</c> until the domain is in <paramref name="state"/>.</summary>
    private static void WaitForState(Libvirtd libvirtd, string state)
    {
        DateTime limit = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (libvirtd.VirshOk("domstate", Name).Trim() != state)
        {
            Assert.True(DateTime.UtcNow < limit, $"the domain is not '{state}' but '{libvirtd.VirshOk("domstate", Name).Trim()}'");
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

    private static string ReadLog(Libvirtd libvirtd) =>
        File.Exists(libvirtd.DomainLog(Name)) ? File.ReadAllText(libvirtd.DomainLog(Name)) : "(none)";
}
