using System.Diagnostics;

namespace Emu.Guest.Tests.Libvirt;

/// <summary>
/// A libvirt daemon of the test's own (Debian's libvirt-daemon-system, run as root without
/// systemd): started in a private mount namespace where libvirt's state, runtime, cache and log
/// directories and its qemu.conf are folders of the test's temporary directory, so it neither
/// sees nor disturbs a system daemon, and keeps no domain definition (/etc/libvirt/qemu) after
/// the test. Its socket is reached from outside through that folder.
/// The test qemu.conf turns off libvirt's per-domain /dev namespace (a container has no room for
/// it), sends the emulator's stderr to a file instead of virtlogd, and runs the emulator as root,
/// so the build it runs may lie under a folder only root can enter (a CI checkout). /dev/kvm, if the host has
/// one, is hidden: Emu is a TCG-only emulator, and libvirt re-probes an emulator on every use
/// while KVM looks usable but the emulator did not report it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class Libvirtd : IDisposable
{
    private const string Daemon = "/usr/sbin/libvirtd";
    private readonly Process _process;

    private Libvirtd(string root, Process process)
    {
        Root = root;
        _process = process;
    }

    public string Root { get; }

    /// <summary>The URI virsh connects with: the system driver through this daemon's socket.</summary>
    public string Uri => $"qemu:///system?socket={Root}/run/libvirt-sock";

    /// <summary>Where libvirt writes each domain's command line and the emulator's stderr.</summary>
    public string DomainLog(string name) => Path.Combine(Root, "log", "qemu", name + ".log");

    public static Libvirtd Start(string root)
    {
        Assert.True(File.Exists(Daemon), $"{Daemon} is missing: run tools/setup.sh (it installs libvirt-daemon-system and libvirt-clients)");
        foreach (string dir in new[] { "run", "lib", "cache", "log", "etc-qemu" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }

        File.WriteAllText(Path.Combine(root, "qemu.conf"), "namespaces = []\nstdio_handler = \"file\"\nuser = \"root\"\ngroup = \"root\"\n");
        File.WriteAllText(Path.Combine(root, "nokvm"), string.Empty);
        File.SetUnixFileMode(Path.Combine(root, "nokvm"), UnixFileMode.None);
        string mounts = string.Join(" && ", [
            $"mount --bind '{root}/run' /run/libvirt",
            $"mount --bind '{root}/lib' /var/lib/libvirt",
            $"mount --bind '{root}/cache' /var/cache/libvirt",
            $"mount --bind '{root}/log' /var/log/libvirt",
            $"mount --bind '{root}/qemu.conf' /etc/libvirt/qemu.conf",
            $"mount --bind '{root}/etc-qemu' /etc/libvirt/qemu",
            $"{{ [ ! -e /dev/kvm ] || mount --bind '{root}/nokvm' /dev/kvm; }}",
            $"exec {Daemon} --pid-file '{root}/libvirtd.pid'",
        ]);
        ProcessStartInfo start = new("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-m", "--propagation", "private", "sh", "-c", mounts })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Libvirtd daemon = new(root, process);
        DateTime limit = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Path.Combine(root, "run", "libvirt-sock")))
        {
            Assert.False(process.HasExited, $"libvirtd exited with {(process.HasExited ? process.ExitCode : 0)} before it listened");
            Assert.True(DateTime.UtcNow < limit, "libvirtd did not create its socket within 2 minutes");
            Thread.Sleep(100);
        }

        return daemon;
    }

    /// <summary>Runs virsh against this daemon; returns its exit code and output (stdout then stderr).</summary>
    public (int ExitCode, string Output) Virsh(params string[] args)
    {
        ProcessStartInfo start = new("virsh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Uri);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process virsh = Process.Start(start)!;
        Task<string> stdout = virsh.StandardOutput.ReadToEndAsync();
        Task<string> stderr = virsh.StandardError.ReadToEndAsync();
        if (!virsh.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            virsh.Kill(entireProcessTree: true);
            Assert.Fail($"virsh {string.Join(' ', args)} still running after 5 minutes");
        }

        return (virsh.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs virsh and fails the test with its output when it does not succeed.</summary>
    public string VirshOk(params string[] args)
    {
        (int code, string output) = Virsh(args);
        Assert.True(code == 0, $"virsh {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    public void Dispose()
    {
        // libvirtd ends its domains' emulators only when told; the test destroys its domain first.
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromMinutes(1));
        }

        _process.Dispose();
    }
}
