using Emu.Devices.Block;
using Emu.Devices.Storage;
using Emu.Devices.Storage.Ide;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>
/// A disk whose image fails a request (QEMU ide_handle_rw_error with -drive rerror=/werror=):
/// report aborts the command, ignore completes it, stop keeps it pending with BSY set and runs it
/// again on resume; every failure is reported once through BlockDrive.IoError (BLOCK_IO_ERROR).
/// </summary>
public sealed class AtaIoErrorTests
{
    private const int OneMiB = 1 << 20;

    [Fact]
    public void ReportAbortsTheReadAndReportsIt()
    {
        (IdeRig rig, FailingBackend image, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Report, BlockErrorAction.Enospc);
        rig.SetLba28(10, 1);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        BlockIoErrorEventArgs e = Assert.Single(errors);
        Assert.Equal((false, BlockErrorAction.Report, false, "Input/output error"), (e.Write, e.Action, e.NoSpace, e.Reason));
        Assert.True(image.Failing);
    }

    [Fact]
    public void EnospcStopsOnlyWhenTheHostIsOutOfSpace()
    {
        (IdeRig rig, FailingBackend image, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Report, BlockErrorAction.Enospc);
        rig.SetLba28(10, 1);
        rig.Out(IdeRig.Status, 0x30);
        rig.WriteData(new byte[512]);
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        image.Error = BlockError.NoSpace;
        rig.SetLba28(10, 1);
        rig.Out(IdeRig.Status, 0x30);
        rig.WriteData(new byte[512]);
        Assert.Equal(0x80, rig.In(IdeRig.Status) & 0x80);
        Assert.Equal([BlockErrorAction.Report, BlockErrorAction.Stop], errors.Select(e => e.Action));
        Assert.True(errors[1].NoSpace);
        Assert.Equal("No space left on device", errors[1].Reason);
    }

    [Fact]
    public void StopKeepsTheWritePendingAndRetriesItOnResume()
    {
        (IdeRig rig, FailingBackend image, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Report, BlockErrorAction.Stop);
        byte[] data = [.. Enumerable.Repeat((byte)0x5A, 512)];
        rig.SetLba28(7, 1);
        rig.Out(IdeRig.Status, 0x30);
        rig.WriteData(data);
        Assert.Equal(0x80, rig.In(IdeRig.Status) & 0x80);
        Assert.Equal(BlockErrorAction.Stop, Assert.Single(errors).Action);
        Assert.True(errors[0].Write);

        image.Failing = false;
        rig.Controller.RetryStoppedRequests();
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(data, image.Data.AsSpan(7 * 512, 512).ToArray());
        Assert.Single(errors);
    }

    [Fact]
    public void IgnoreCompletesTheReadAsIfItHadWorked()
    {
        (IdeRig rig, _, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Ignore, BlockErrorAction.Enospc);
        rig.SetLba28(10, 1);
        rig.Out(IdeRig.Status, 0x20);
        Assert.Equal(0x58, rig.In(IdeRig.Status));
        rig.ReadData(512);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(BlockErrorAction.Ignore, Assert.Single(errors).Action);
    }

    [Fact]
    public void AFailedFlushIsAWriteErrorThatReportAborts()
    {
        (IdeRig rig, _, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Ignore, BlockErrorAction.Report);
        rig.Out(IdeRig.Status, 0xE7); // FLUSH CACHE
        Assert.Equal(0x41, rig.In(IdeRig.Status));
        Assert.Equal(0x04, rig.In(IdeRig.Error));
        Assert.True(Assert.Single(errors).Write);
    }

    [Fact]
    public void AFlushStoppedOnAnErrorRunsAgainOnResume()
    {
        (IdeRig rig, FailingBackend image, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Report, BlockErrorAction.Stop);
        rig.Out(IdeRig.Status, 0xEA); // FLUSH CACHE EXT
        Assert.Equal(0x80, rig.In(IdeRig.Status) & 0x80);
        Assert.Equal(BlockErrorAction.Stop, Assert.Single(errors).Action);

        image.Failing = false;
        rig.Controller.RetryStoppedRequests();
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Single(errors);
    }

    [Fact]
    public void IgnoreCompletesAFailedFlush()
    {
        (IdeRig rig, _, List<BlockIoErrorEventArgs> errors) = Rig(BlockErrorAction.Report, BlockErrorAction.Ignore);
        rig.Out(IdeRig.Status, 0xE7);
        Assert.Equal(0x50, rig.In(IdeRig.Status));
        Assert.Equal(BlockErrorAction.Ignore, Assert.Single(errors).Action);
    }

    private static (IdeRig Rig, FailingBackend Image, List<BlockIoErrorEventArgs> Errors) Rig(BlockErrorAction read, BlockErrorAction write)
    {
        IdeRig rig = new();
        FailingBackend image = new(new byte[OneMiB]);
        BlockDrive drive = new("ide0-hd0", DriveInterface.Ide, 0, DriveMedia.Disk, image) { ReadErrorAction = read, WriteErrorAction = write };
        List<BlockIoErrorEventArgs> errors = [];
        drive.IoError += (_, e) => errors.Add(e);
        rig.Controller.Attach(0, new AtaDisk(drive, new ChsGeometry(2, 16, 63)));
        return (rig, image, errors);
    }
}
