using System.Diagnostics;
using Emu.App.Options;

namespace Emu.Guest.Tests;

/// <summary>
/// The options libvirt passes (issue 16): the ones Emu honours are parsed into the machine's
/// options; the ones it cannot honour are refused, with qemu-system-i386's own text where QEMU
/// refuses the same value.
/// </summary>
public sealed class LibvirtOptionTests
{
    [Fact]
    public void LibvirtsDomainOptionsAreHonoured()
    {
        EmuOptions o = CommandLine.Parse([
            "-no-user-config", "-machine", "pc-i440fx-7.2,usb=off,dump-guest-core=off,accel=kvm:tcg", "-accel", "tcg",
            "-cpu", "qemu32", "-smp", "1,sockets=1,cores=1,threads=1", "-uuid", "5a2e6b0c-4d7e-4f61-9c1b-2f3a4b5c6d7e",
            "-rtc", "base=utc,driftfix=slew", "-boot", "strict=on", "-msg", "timestamp=on", "-overcommit", "mem-lock=off",
            "-sandbox", "off", "-pidfile", "/run/emu.pid"]);
        Assert.False(o.IsaPc);
        Assert.Equal(Guid.Parse("5a2e6b0c-4d7e-4f61-9c1b-2f3a4b5c6d7e"), o.Uuid);
        Assert.True(o.MessageTimestamps);
        Assert.Equal("/run/emu.pid", o.PidFile);
        Assert.Equal("utc", o.RtcBase);
        Assert.True(CommandLine.Parse(["-machine", "isapc,usb=off"]).IsaPc);
    }

    /// <summary>What Emu cannot do, said plainly (QEMU accepts these).</summary>
    [Theory]
    [InlineData(new[] { "-smp", "2" }, "Invalid SMP CPUs 2. The max CPUs supported by machine 'pc-i440fx-7.2' is 1")]
    [InlineData(new[] { "-cpu", "486" }, "unable to find CPU model '486'")]
    [InlineData(new[] { "-machine", "pc,usb=on" }, "-machine pc,usb=on: Emu has no USB controller; only usb=off is supported")]
    [InlineData(new[] { "-machine", "pc,accel=kvm" }, "-machine pc,accel=kvm: only the tcg accelerator is available")]
    [InlineData(new[] { "-overcommit", "mem-lock=on" }, "-overcommit mem-lock=on: Emu cannot lock guest memory or pass CPU power management through; only mem-lock=off is supported")]
    [InlineData(new[] { "-sandbox", "on" }, "seccomp support is disabled")]
    public void WhatEmuCannotHonourIsRefused(string[] args, string message)
    {
        OptionException e = Assert.Throws<OptionException>(() => CommandLine.Parse(args));
        Assert.Equal(message, e.Message);
    }

    /// <summary>Bad values get qemu-system-i386's one line, word for word after the program name.</summary>
    [Theory]
    [InlineData("-uuid", "not-a-uuid")]
    [InlineData("-cpu", "nosuchcpu")]
    [InlineData("-cpu", "qemu32,+nosuchflag")]
    [InlineData("-cpu", "pentium3,nosuchprop=1")]
    [InlineData("-cpu", "qemu32,sse=maybe")]
    [InlineData("-cpu", "qemu32,family=999")]
    [InlineData("-cpu", "qemu32,stepping=x")]
    [InlineData("-cpu", "qemu32,vendor=short")]
    [InlineData("-smp", "many")]
    [InlineData("-msg", "timestamp=maybe")]
    [InlineData("-msg", "colour=on")]
    [InlineData("-overcommit", "swap=on")]
    [InlineData("-sandbox", "maybe")]
    [InlineData("-machine", "pc,nosuchprop=1")]
    [InlineData("-machine", "pc-i440fx-7.2,usb=maybe")]
    public void BadValuesGetQemusError(string option, string value)
    {
        using TempDirectory dir = new();
        string[] args = ["-nodefaults", "-display", "none", "-S", option, value];
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, args);
        (int qemuStatus, string qemuError) = RunQemu(dir.Path, args);
        Assert.Equal(1, emu.ExitCode);
        Assert.Equal(1, qemuStatus);
        Assert.Equal(qemuError.Split('\n')[0].Replace("qemu-system-i386: ", "emu: ", StringComparison.Ordinal), emu.StandardError.Split('\n')[0]);
    }

    /// <summary>
    /// A feature Emu does not implement gets QEMU's warning for a feature its TCG lacks, and stays off;
    /// QEMU's own unsupported features warn alike. Both runs stop at a missing -kernel, after the CPU is built.
    /// </summary>
    [Fact]
    public void FeaturesEmuLacksGetQemusWarning()
    {
        using TempDirectory dir = new();
        string[] args = ["-nodefaults", "-display", "none", "-S", "-kernel", dir.File("missing-kernel"), "-cpu", "qemu32,+ht,+vmx,-sse"];
        EmuProcess.Result emu = EmuProcess.Run(dir.Path, args);
        (_, string qemuError) = RunQemu(dir.Path, args);
        string[] Warnings(string text, string program) =>
            text.Split('\n').Where(l => l.StartsWith(program + ": warning: ", StringComparison.Ordinal)).Select(l => l[program.Length..]).ToArray();
        Assert.Equal([": warning: TCG doesn't support requested feature: CPUID.01H:EDX.ht [bit 28]",
            ": warning: TCG doesn't support requested feature: CPUID.01H:ECX.vmx [bit 5]"], Warnings(qemuError, "qemu-system-i386"));
        Assert.Equal(Warnings(qemuError, "qemu-system-i386"), Warnings(emu.StandardError, "emu"));

        // SSE2 is QEMU's but not yet Emu's: asking for it warns the same way.
        EmuProcess.Result sse2 = EmuProcess.Run(dir.Path, ["-nodefaults", "-display", "none", "-S", "-kernel", dir.File("missing-kernel"), "-cpu", "qemu32,+sse2"]);
        Assert.Contains("emu: warning: TCG doesn't support requested feature: CPUID.01H:EDX.sse2 [bit 26]\n", sse2.StandardError);
    }

    [Fact]
    public void PidFileHoldsTheProcessIdWhileRunningAndIsRemovedAtExit()
    {
        using TempDirectory dir = new();
        string pidFile = dir.File("emu.pid");
        EmuProcess.Result result = EmuProcess.Run(dir.Path, ["-nodefaults", "-display", "none", "-pidfile", pidFile, "-debugcon", $"file:{dir.File("debug.txt")}", "--instruction-limit", "1000"]);
        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(pidFile));

        EmuProcess.Result bad = EmuProcess.Run(dir.Path, ["-nodefaults", "-display", "none", "-pidfile", dir.File("missing/emu.pid")]);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("emu: cannot create PID file: Cannot open pid file: ", bad.StandardError, StringComparison.Ordinal);
    }

    private static (int Status, string Error) RunQemu(string directory, string[] args)
    {
        ProcessStartInfo start = new("qemu-system-i386") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            Assert.Fail($"qemu-system-i386 {string.Join(' ', args)} did not refuse its options");
        }

        output.Wait();
        return (process.ExitCode, error.Result);
    }
}
