using Emu.App.Options;

namespace Emu.Guest.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void ShortFormsBecomeDrives()
    {
        EmuOptions o = CommandLine.Parse(["-fda", "a.img", "-hdb", "b.img", "-cdrom", "c.iso", "-m", "256", "-boot", "order=dc"]);
        Assert.Collection(
            o.Drives,
            d => Assert.Equal(("floppy", 0, "a.img"), (d.Interface, d.Index!.Value, d.File!)),
            d => Assert.Equal(("ide", 1, "b.img"), (d.Interface, d.Index!.Value, d.File!)),
            d => Assert.Equal(("ide", 2, "cdrom"), (d.Interface, d.Index!.Value, d.Media)));
        Assert.Equal(256L << 20, o.RamBytes);
        Assert.Equal("dc", o.BootOrder);
    }

    [Fact]
    public void DriveAndDeviceProperties()
    {
        EmuOptions o = CommandLine.Parse(["-drive", "file=x,,y.img,format=qcow2,if=none,id=d0,snapshot=on,readonly=off,cache=unsafe,discard=unmap",
            "-device", "ide-hd,drive=d0,id=disk0,bus=ide.1,unit=0"]);
        DriveOption d = Assert.Single(o.Drives);
        Assert.Equal("x,y.img", d.File);
        Assert.Equal(("qcow2", "none", "d0", true, false), (d.Format, d.Interface, d.Id, d.Snapshot, d.ReadOnly));
        DeviceOption dev = Assert.Single(o.Devices);
        Assert.Equal(("ide-hd", "d0", "disk0", "ide.1", 0), (dev.Driver, dev.Drive, dev.Id, dev.Bus, dev.Unit!.Value));
    }

    [Fact]
    public void MonitorOptionsAreKeptForTheMonitor()
    {
        EmuOptions o = CommandLine.Parse(["-qmp", "unix:/tmp/q.sock,server=on,wait=off", "-chardev", "socket,id=c,path=/tmp/m", "-mon", "chardev=c,mode=control", "-qmp-pretty", "tcp:127.0.0.1:4444,server"]);
        Assert.Equal(["unix:/tmp/q.sock,server=on,wait=off"], o.Monitor.Qmp);
        Assert.Single(o.Monitor.Chardevs);
        Assert.Single(o.Monitor.Mon);
        Assert.Single(o.Monitor.QmpPretty);
        Assert.True(o.Monitor.Any);
    }

    [Theory]
    [InlineData(new[] { "-foo" }, "-foo: invalid option")]
    [InlineData(new[] { "-hda" }, "-hda: requires an argument")]
    [InlineData(new[] { "-m", "lots" }, "-m lots: Parameter 'size' expects a non-negative number below 2^64")]
    [InlineData(new[] { "-boot", "z" }, "-boot z: Invalid boot device 'z'")]
    [InlineData(new[] { "-machine", "q35" }, "-machine q35: unsupported machine type 'q35' (only 'pc', its name 'pc-i440fx-7.2', 'isapc' and 'none')")]
    [InlineData(new[] { "-nic", "user" }, "-nic user: Emu has no network card; only 'none' is accepted")]
    [InlineData(new[] { "-device", "e1000" }, "-device e1000: 'e1000' is not a valid device model name")]
    [InlineData(new[] { "-drive", "file=x,bogus=1" }, "-drive file=x,bogus=1: Invalid parameter 'bogus'")]
    [InlineData(new[] { "--clock", "fast" }, "--clock fast: expected 'deterministic' or 'realtime'")]
    [InlineData(new[] { "-vga", "cirrus" }, "-vga cirrus: Emu has no 'cirrus' card; use 'std' or 'none'")]
    [InlineData(new[] { "-vga", "foo" }, "-vga foo: unknown vga type: foo")]
    [InlineData(new[] { "--stop-at-line", "com2:x" }, "--stop-at-line com2:x: expected PORT:REGEX with PORT com1 or debugcon")]
    [InlineData(new[] { "--stop-at-line", "com1:x", "--line-log", "l" }, "--stop-at-line needs --line-log (the lines it watches) and a QMP monitor (to continue the VM)")]
    public void BadOptionsGiveOneQemuStyleLine(string[] args, string message)
    {
        OptionException e = Assert.Throws<OptionException>(() => CommandLine.Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void DoubleDashSpellingsAreAccepted()
    {
        EmuOptions o = CommandLine.Parse(["--nographic", "--no-reboot", "--print-instructions", "--clock", "realtime"]);
        Assert.Equal(DisplayMode.NoGraphic, o.Display);
        Assert.True(o.NoReboot);
        Assert.True(o.PrintInstructionCount);
        Assert.Equal(Emu.Core.Timing.ClockMode.RealTime, o.Clock);
    }
}
