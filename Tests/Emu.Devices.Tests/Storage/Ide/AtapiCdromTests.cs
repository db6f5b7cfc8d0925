using System.Text;
using Emu.Devices.Storage.Ide;
using Emu.TestSupport;

namespace Emu.Devices.Tests.Storage.Ide;

/// <summary>The packet protocol and MMC replies against QEMU's measured transcript (spec ide-atapi-bios.md A.8, B.1-B.9).</summary>
public sealed class AtapiCdromTests
{
    [Fact]
    public void IdentifyPacketDeviceMatchesQemu()
    {
        AtapiRig rig = new();
        ushort[] w = rig.Ide.Identify(0xA1, 0x170);
        Assert.Equal(0x85C0, w[0]);
        Assert.Equal("QM00003", IdeRig.Ata(w, 10, 10).TrimEnd());
        Assert.Equal([0x0003, 0x0200, 0x0004], w[20..23]);
        Assert.Equal("2.5+    ", IdeRig.Ata(w, 23, 4));
        Assert.Equal("QEMU DVD-ROM".PadRight(40), IdeRig.Ata(w, 27, 20));
        Assert.Equal(0x0001, w[48]);
        Assert.Equal(0x0300, w[49]);
        Assert.Equal(0x0007, w[53]);
        Assert.Equal([0x0007, 0x0007], w[62..64]);
        Assert.Equal([0x0003, 0x00B4, 0x00B4, 0x012C, 0x00B4], w[64..69]);
        Assert.Equal([30, 30], w[71..73].Select(x => (int)x));
        Assert.Equal(0x001E, w[80]);
        Assert.Equal(0x203F, w[88]);
        int[] set = [0, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 48, 49, 53, 62, 63, 64, 65, 66, 67, 68, 71, 72, 80, 88];
        for (int i = 0; i < 256; i++)
        {
            if (!set.Contains(i))
            {
                Assert.True(w[i] == 0, $"word {i} = {w[i]:X4}");
            }
        }
    }

    [Fact]
    public void IdentifyDeviceAbortsAfterPostingThePacketSignature()
    {
        AtapiRig rig = new();
        rig.Write(4, 0);
        rig.Write(5, 0);
        rig.Write(7, 0xEC);
        Assert.True(rig.Irq);
        Assert.Equal(0x41, rig.Read(7));
        Assert.Equal(0x04, rig.Read(1));
        Assert.Equal(0x01, rig.Read(2));
        Assert.Equal(0x01, rig.Read(3));
        Assert.Equal(0x14, rig.Read(4));
        Assert.Equal(0xEB, rig.Read(5));
    }

    [Fact]
    public void TranscriptOfTheBasicCommandsMatchesQemu()
    {
        AtapiRig rig = new();
        Assert.Equal("50 00 03", rig.TestUnitReady().Registers);

        AtapiResult sense = rig.Packet([0x03, 0, 0, 0, 18]);
        Assert.Equal("F0 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00", Hex(sense.Data));
        Assert.Equal([0x12], sense.Blocks);
        Assert.Equal(0x12, rig.Read(4)); // the byte count of the last block stays

        Assert.Equal("00 04 04 10 00 02 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("00 1C 70 00 00 00 00 00 2A 14 3B 00 71 60 29 00 02 C0 00 02 02 00 02 C0 00 00 00 00 00 00", Hex(rig.ModeSense(0x2A).Data));
        Assert.Equal("00 0E 70 00 00 00 00 00 01 06 00 05 00 00 00 00", Hex(rig.ModeSense(0x01).Data));
        Assert.Equal(24, rig.ModeSense(0x0E).Data.Length);

        AtapiResult badPage = rig.ModeSense(0x0D);
        Assert.Equal("41 50 03", badPage.Registers);
        Assert.Equal((0x05, 0x24), rig.RequestSense());

        AtapiResult inquiry = rig.Packet([0x12, 0, 0, 0, 36]);
        Assert.Equal("05 80 00 21 1F 00 00 00", Hex(inquiry.Data[..8]));
        Assert.Equal("QEMU    QEMU DVD-ROM    2.5+", Encoding.ASCII.GetString(inquiry.Data, 8, 28));

        Assert.Equal("00 00 01 FF 00 00 08 00", Hex(rig.Packet([0x25]).Data));
        Assert.Equal("00 12 01 01 00 14 01 00 00 00 00 00 00 16 AA 00 00 00 02 00", Hex(rig.Packet([0x43, 0, 0, 0, 0, 0, 0, 0, 0xFF]).Data));
        Assert.Equal("00 0A 01 01 00 00 00 00 00 00 00 00", Hex(rig.Packet([0x43, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0x40]).Data));
        Assert.Equal("00 00 00 10 00 00 00 08 00 00 03 08 00 10 00 00 00 08 01 00", Hex(rig.Packet([0x46, 0, 0, 0, 0, 0, 0, 0, 32]).Data));

        foreach (byte opcode in (byte[])[0x42, 0x1A])
        {
            Assert.Equal("41 50 03", rig.Packet([opcode, 0, 0, 0, 0xFF, 0, 0, 0, 0xFF]).Registers);
            Assert.Equal((0x05, 0x20), rig.RequestSense());
        }

        Assert.Equal("00 00 00 00 00 01 00 00", Hex(rig.Packet([0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8]).Data));
        Assert.Equal("00 20 0E 01 01 01 01 20 00" + string.Concat(Enumerable.Repeat(" 00", 25)), Hex(rig.Packet([0x51, 0, 0, 0, 0, 0, 0, 0, 34]).Data));
    }

    [Fact]
    public void ReadTocInMsfAndRawFormats()
    {
        AtapiRig rig = new();
        // 512 blocks + 150 = 662 frames = 00:08:62.
        Assert.Equal("00 12 01 01 00 14 01 00 00 00 02 00 00 16 AA 00 00 00 08 3E",
            Hex(rig.Packet([0x43, 0x02, 0, 0, 0, 0, 0, 0, 0xFF]).Data));
        AtapiResult raw = rig.Packet([0x43, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0x80]);
        Assert.Equal(48, raw.Data.Length);
        Assert.Equal("00 2E 01 01", Hex(raw.Data[..4]));
        Assert.Equal(0xA2, raw.Data[4 + 22 + 3]);
        Assert.Equal("00 00 02 00", Hex(raw.Data[(4 + 22 + 7)..(4 + 22 + 11)]));
        Assert.Equal("41 50 03", rig.Packet([0x43, 0, 0, 0, 0, 0, 2, 0, 0xFF]).Registers); // start track 2
        Assert.Equal("41 50 03", rig.Packet([0x43, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xC0]).Registers); // format 3
    }

    [Fact]
    public void Read10DeliversOneSectorPerCall()
    {
        AtapiRig rig = new();
        AtapiResult read = rig.Packet([0x28, 0, 0, 0, 0, 16, 0, 0, 1]);
        Assert.Equal("50 00 03", read.Registers);
        Assert.Equal([0x800], read.Blocks);
        Assert.Equal(rig.Image.AsSpan(16 * 2048, 2048).ToArray(), read.Data);
        Assert.Equal(0x00, rig.Read(4));
        Assert.Equal(0x08, rig.Read(5));
    }

    [Fact]
    public void Read12OfSeveralSectorsCrossesSectorBoundariesWithinOneBlock()
    {
        AtapiRig rig = new();
        AtapiResult read = rig.Packet([0xA8, 0, 0, 0, 0, 100, 0, 0, 0, 3]);
        Assert.Equal("50 00 03", read.Registers);
        Assert.Equal([3 * 2048], read.Blocks);
        Assert.Equal(rig.Image.AsSpan(100 * 2048, 3 * 2048).ToArray(), read.Data);
    }

    [Fact]
    public void SmallByteCountLimitSplitsTheReplyIntoEvenBlocks()
    {
        AtapiRig rig = new();
        AtapiResult inquiry = rig.Packet([0x12, 0, 0, 0, 36], limit: 7);
        Assert.Equal("50 00 03", inquiry.Registers);
        Assert.Equal([6, 6, 6, 6, 6, 6], inquiry.Blocks);
        Assert.Equal(0x05, inquiry.Data[0]);
        AtapiResult read = rig.Packet([0x28, 0, 0, 0, 0, 2, 0, 0, 1], limit: 0x300);
        Assert.Equal([0x300, 0x300, 0x200], read.Blocks);
        Assert.Equal(rig.Image.AsSpan(2 * 2048, 2048).ToArray(), read.Data);
    }

    [Theory]
    [InlineData(512u, 1)]
    [InlineData(511u, 2)]
    [InlineData(0xFFFFFFFFu, 1)]
    [InlineData(1u, 0xFFFF)]
    public void ReadPastTheEndIsLogicalBlockOutOfRange(uint lba, int count)
    {
        AtapiRig rig = new();
        AtapiResult read = rig.Packet([0x28, 0, (byte)(lba >> 24), (byte)(lba >> 16), (byte)(lba >> 8), (byte)lba, 0, (byte)(count >> 8), (byte)count]);
        Assert.Equal("41 50 03", read.Registers);
        Assert.Empty(read.Data);
        Assert.Equal((0x05, 0x21), rig.RequestSense());
    }

    [Fact]
    public void Read12WithAHugeCountIsRefusedWithoutOverflow()
    {
        AtapiRig rig = new();
        Assert.Equal("41 50 03", rig.Packet([0xA8, 0, 0, 0, 0, 0x10, 0xFF, 0xFF, 0xFF, 0xF1]).Registers);
        Assert.Equal((0x05, 0x21), rig.RequestSense());
    }

    [Fact]
    public void ReadWithCountZeroSucceedsWithoutData()
    {
        AtapiRig rig = new();
        AtapiResult read = rig.Packet([0x28, 0, 0, 0, 0x10, 0, 0, 0, 0]);
        Assert.Equal("50 00 03", read.Registers);
        Assert.Empty(read.Blocks);
    }

    [Fact]
    public void ReadCdReturnsUserDataOrTheRawSector()
    {
        AtapiRig rig = new();
        AtapiResult user = rig.Packet([0xBE, 0, 0, 0, 0, 5, 0, 0, 1, 0x10]);
        Assert.Equal(rig.Image.AsSpan(5 * 2048, 2048).ToArray(), user.Data);
        AtapiResult raw = rig.Packet([0xBE, 0, 0, 0, 0, 5, 0, 0, 1, 0xF8]);
        Assert.Equal(2352, raw.Data.Length);
        Assert.Equal("00 FF FF FF FF FF FF FF FF FF FF 00 00 02 05 01", Hex(raw.Data[..16])); // 5 + 150 frames = 00:02:05 + mode 1
        Assert.Equal(rig.Image.AsSpan(5 * 2048, 2048).ToArray(), raw.Data[16..2064]);
        Assert.Equal("50 00 03", rig.Packet([0xBE, 0, 0, 0, 0, 5, 0, 0, 1, 0x00]).Registers);
        Assert.Equal("41 50 03", rig.Packet([0xBE, 0, 0, 0, 0, 5, 0, 0, 1, 0x20]).Registers);
        Assert.Equal((0x05, 0x24), rig.RequestSense());
    }

    [Fact]
    public void ZeroByteCountLimitAbortsADataCommandAtTheAtaLevel()
    {
        AtapiRig rig = new();
        AtapiResult inquiry = rig.Packet([0x12, 0, 0, 0, 36], limit: 0);
        Assert.Equal(0x41, inquiry.Status);
        Assert.Equal(0x04, inquiry.Error);
        Assert.Empty(inquiry.Data);
        Assert.Equal("50 00 03", rig.Packet([0x00], limit: 0).Registers); // non-data commands do not care
    }

    [Fact]
    public void OddAllocationLengthEndsInAPaddedWord()
    {
        AtapiRig rig = new();
        AtapiResult sense = rig.Packet([0x03, 0, 0, 0, 5]);
        Assert.Equal([5], sense.Blocks);
        Assert.Equal("50 00 03", sense.Registers);
        Assert.Equal("F0 00 00 00 00 00", Hex(sense.Data.Concat(new byte[1]).ToArray()[..6]));
    }

    [Fact]
    public void PacketWithDmaOrOverlapAborts()
    {
        AtapiRig rig = new();
        Assert.Equal(0x41, rig.Packet([0x00], features: 0x01).Status);
        Assert.Equal(0x41, rig.Packet([0x00], features: 0x02).Status);
    }

    [Fact]
    public void LockedTrayRefusesTheGuestsEjectAndReportsTheLockInModeSense()
    {
        AtapiRig rig = new();
        Assert.Equal("50 00 03", rig.PreventAllow(true).Registers);
        Assert.Equal(0x2B, rig.ModeSense(0x2A).Data[14]);
        Assert.Equal("41 20 03", rig.StartStop(0x02).Registers);
        Assert.Equal((0x02, 0x53), rig.RequestSense());
        Assert.Empty(rig.TrayMoves);
        Assert.False(rig.Drive.IsTrayOpen);
    }

    [Fact]
    public void GuestEjectOpensTheTrayKeepsTheMediumAndTellsTheHost()
    {
        AtapiRig rig = new();
        rig.PreventAllow(true);
        rig.PreventAllow(false);
        Assert.Equal("50 00 03", rig.StartStop(0x02).Registers);
        Assert.Equal([true], rig.TrayMoves);
        Assert.True(rig.Drive.IsTrayOpen);
        Assert.True(rig.Drive.HasMedium);

        Assert.Equal("41 20 03", rig.TestUnitReady().Registers);
        Assert.Equal((0x02, 0x3A), rig.RequestSense());
        Assert.Equal("00 04 04 10 00 01 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("50 00 03", rig.StartStop(0x02).Registers); // already open: no second move
        Assert.Equal([true], rig.TrayMoves);

        Assert.Equal("50 00 03", rig.StartStop(0x03).Registers);
        Assert.Equal([true, false], rig.TrayMoves);
        Assert.Equal("50 00 03", rig.TestUnitReady().Registers); // no media-change sequence after a guest-only open/close
    }

    [Fact]
    public void PowerConditionOrNoLoadEjectLeavesTheTrayAlone()
    {
        AtapiRig rig = new();
        Assert.Equal("50 00 03", rig.StartStop(0x12).Registers);
        Assert.Equal("50 00 03", rig.StartStop(0x00).Registers);
        Assert.Empty(rig.TrayMoves);
    }

    [Fact]
    public void HostEjectRequestOnALockedTrayShowsInGesn()
    {
        AtapiRig rig = new();
        rig.PreventAllow(true);
        rig.Drive.EjectRequest(force: false);
        Assert.True(rig.Irq);
        Assert.Equal("00 04 04 10 01 02 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("00 04 04 10 00 02 00 00", Hex(rig.EventStatus().Data));
    }

    [Fact]
    public void HostMediaChangeGivesNotReadyThenUnitAttention()
    {
        // B.9: after blockdev-change-medium: GESN NewMedia; TUR 02/3A; TUR 06/28; TUR 01/60 reason 00; REQUEST SENSE 06/28; TUR 50.
        AtapiRig rig = new();
        rig.HostChangeMedium(new byte[600 * 2048]);
        Assert.Equal([true, false], rig.TrayMoves);
        Assert.Equal("00 04 04 10 02 02 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("41 20 03", rig.TestUnitReady().Registers);
        Assert.Equal("41 60 03", rig.TestUnitReady().Registers);
        Assert.Equal("01 60 00", rig.TestUnitReady().Registers);
        Assert.Equal("05 80 00 21", Hex(rig.Packet([0x12, 0, 0, 0, 36]).Data[..4])); // INQUIRY is ALLOW_UA
        Assert.Equal((0x06, 0x28), rig.RequestSense());
        Assert.Equal("50 00 03", rig.TestUnitReady().Registers);
        Assert.Equal("00 00 02 57 00 00 08 00", Hex(rig.Packet([0x25]).Data));
    }

    [Fact]
    public void ForcedHostEjectUnlocksAndEmptiesTheDrive()
    {
        AtapiRig rig = new();
        rig.PreventAllow(true);
        rig.Drive.EjectRequest(force: true);
        rig.Drive.ChangeMedia(load: false);
        rig.Drive.RemoveMedium();
        Assert.Equal("00 04 04 10 00 01 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("41 20 03", rig.TestUnitReady().Registers);
        Assert.Equal((0x02, 0x3A), rig.RequestSense());
        Assert.Equal(0x29, rig.ModeSense(0x2A).Data[14]);

        // DEVICE RESET: signature, status 00, no interrupt; the tray closes (empty); NewMedia is still pending.
        rig.Read(7);
        rig.Write(7, 0x08);
        Assert.False(rig.Irq);
        Assert.Equal("00 01 01 14 EB A0 00", string.Join(' ', new[] { 1, 2, 3, 4, 5, 6, 7 }.Select(r => rig.Read(r).ToString("X2"))));
        Assert.False(rig.Drive.IsTrayOpen);
        Assert.Equal("00 04 04 10 02 00 00 00", Hex(rig.EventStatus().Data));
        Assert.Equal("41 20 03", rig.TestUnitReady().Registers);
        Assert.Equal((0x02, 0x3A), rig.RequestSense());
    }

    [Fact]
    public void EmptyDriveIsNotReadyButAnswersInquiryAndEjects()
    {
        AtapiRig rig = new(medium: false);
        Assert.Equal("41 20 03", rig.TestUnitReady().Registers);
        Assert.Equal((0x02, 0x3A), rig.RequestSense());
        Assert.Equal("41 20 03", rig.Packet([0x25]).Registers);
        Assert.Equal(36, rig.Packet([0x12, 0, 0, 0, 36]).Data.Length);
        Assert.Equal("00 00 00 10 00 00 00 00 00 00 03 08 00 10 00 00 00 08 00 00", Hex(rig.Packet([0x46, 0, 0, 0, 0, 0, 0, 0, 32]).Data));
        rig.PreventAllow(true);
        Assert.Equal("41 50 03", rig.StartStop(0x02).Registers);
        Assert.Equal((0x05, 0x53), rig.RequestSense());
    }

    [Fact]
    public void InquiryVpdPages()
    {
        AtapiRig rig = new();
        Assert.Equal("05 00 00 02 00 83", Hex(rig.Packet([0x12, 1, 0x00, 0, 0xFF]).Data));
        AtapiResult ids = rig.Packet([0x12, 1, 0x83, 0, 0xFF]);
        Assert.Equal(4 + 24 + 72, ids.Data.Length);
        Assert.Equal("QM00003             ", Encoding.ASCII.GetString(ids.Data, 8, 20));
        Assert.Equal("ATA     QEMU DVD-ROM", Encoding.ASCII.GetString(ids.Data, 32, 20));
        Assert.Equal(28, rig.Packet([0x12, 1, 0x83, 0, 99]).Data.Length);
        Assert.Equal("41 50 03", rig.Packet([0x12, 1, 0x83, 0, 27]).Registers);
        Assert.Equal((0x05, 0x4B), rig.RequestSense());
        Assert.Equal("41 50 03", rig.Packet([0x12, 1, 0x80, 0, 0xFF]).Registers);
        Assert.Equal((0x05, 0x24), rig.RequestSense());
    }

    [Fact]
    public void GesnRequiresPollingAndReportsNoEventForOtherClasses()
    {
        AtapiRig rig = new();
        Assert.Equal("41 50 03", rig.Packet([0x4A, 0x00, 0, 0, 0x10, 0, 0, 0, 8]).Registers);
        Assert.Equal("00 00 80 10", Hex(rig.Packet([0x4A, 0x01, 0, 0, 0x02, 0, 0, 0, 8]).Data));
    }

    [Fact]
    public void ReadDvdStructureOfACdIsIncompatibleExceptTheList()
    {
        AtapiRig rig = new();
        Assert.Equal("41 50 03", rig.Packet([0xAD, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x04]).Registers);
        Assert.Equal((0x05, 0x30), rig.RequestSense());
        Assert.Equal("00 12 00 00 00 40 08 04 01 40 00 08 03 40 00 C0 04 40 08 04",
            Hex(rig.Packet([0xAD, 0, 0, 0, 0, 0, 0, 0xFF, 0x00, 0xFF]).Data));
    }

    [Fact]
    public void DvdImageReportsTheDvdProfileAndItsPhysicalFormat()
    {
        long blocks = 2_295_104; // a 4.7 GB DVD
        AtapiRig rig = new(new ZeroBackend(blocks * 2048));
        Assert.Equal("00 10", Hex(rig.Packet([0x46, 0, 0, 0, 0, 0, 0, 0, 32]).Data[6..8]));
        AtapiResult physical = rig.Packet([0xAD, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x04]);
        Assert.Equal("50 00 03", physical.Registers);
        Assert.Equal(2052, physical.Data.Length);
        Assert.Equal("08 02 00 00 01 0F 01 00 00 00 00 00 00 23 05 3F 00 23 05 3F", Hex(physical.Data[..20]));
        Assert.Equal(8, rig.Packet([0xAD, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x08]).Data.Length);
        Assert.Equal("41 50 03", rig.Packet([0xAD, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0xFF]).Registers); // no BCA
        Assert.Equal("41 50 03", rig.Packet([0xAD, 0, 0, 0, 0, 0, 1, 0x00, 0x08, 0x04]).Registers); // layer 1
        Assert.Equal("00 23 05 3F 00 00 08 00", Hex(rig.Packet([0x25]).Data));
    }

    [Fact]
    public void SeekChecksTheAddress()
    {
        AtapiRig rig = new();
        Assert.Equal("50 00 03", rig.Packet([0x2B, 0, 0, 0, 0x01, 0xFF]).Registers);
        Assert.Equal("41 50 03", rig.Packet([0x2B, 0, 0, 0, 0x02, 0x00]).Registers);
    }

    [Fact]
    public void SystemResetClosesTheTrayAndClearsTheLockWithoutTellingTheHost()
    {
        AtapiRig rig = new();
        rig.StartStop(0x02);
        rig.PreventAllow(true);
        rig.Ide.Controller.Reset();
        Assert.False(rig.Drive.IsTrayOpen);
        Assert.False(rig.Drive.IsMediumLocked);
        Assert.Equal([true], rig.TrayMoves);
        Assert.Equal(0x14, rig.Read(4));
        Assert.Equal(0x50, rig.Read(7));
    }

    [Fact]
    public void SoftResetOfACdromPostsStatusZeroWithoutInterrupt()
    {
        AtapiRig rig = new();
        rig.Ide.Out(0x376, 0x04);
        rig.Ide.Out(0x376, 0x00);
        Assert.Equal(0x01, rig.Read(1));
        Assert.Equal(0x00, rig.Read(7));
        Assert.Equal(0xEB, rig.Read(5));
    }

    [Fact]
    public void SavedStateResumesAReadBetweenSectors()
    {
        AtapiRig rig = new();
        rig.PreventAllow(true);
        rig.Write(6, 0xA0);
        rig.Write(1, 0);
        rig.Write(4, 0xFE);
        rig.Write(5, 0xFF);
        rig.Write(7, 0xA0);
        rig.Ide.WriteData([0x28, 0, 0, 0, 0, 20, 0, 0, 2, 0, 0, 0], 0x170);
        byte[] first = rig.Ide.ReadData(3000, 0x170);
        using MemoryStream stream = new();
        rig.Ide.Controller.Save(new Emu.Core.State.StateWriter(stream));

        AtapiRig copy = new();
        copy.Ide.Controller.Load(Emu.Core.State.StateReader.Read(stream.ToArray()));
        byte[] rest = copy.Ide.ReadData(4096 - 3000, 0x170);
        Assert.Equal(rig.Image.AsSpan(20 * 2048, 3000).ToArray(), first);
        Assert.Equal(copy.Image.AsSpan((20 * 2048) + 3000, 4096 - 3000).ToArray(), rest);
        Assert.Equal(0x50, copy.Read(7));
        Assert.True(copy.Drive.IsMediumLocked);
    }

    [Fact]
    public void RandomPacketsNeverThrow()
    {
        Random random = new(99);
        AtapiRig rig = new(blocks: 40);
        byte[] cdb = new byte[12];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(cdb);
            if (random.Next(2) == 0)
            {
                cdb[0] = (byte)(random.Next(2) == 0 ? 0x28 : AtapiCommandTable.Get(cdb[0]) == AtapiCommandFlags.None ? 0xBE : cdb[0]);
            }

            rig.Packet(cdb, (ushort)random.Next(65536));
            if ((rig.Ide.In(0x376) & 0x08) != 0)
            {
                rig.Ide.Out(0x376, 0x04); // a block the guest cannot drain: software reset, as a driver's timeout would
                rig.Ide.Out(0x376, 0x00);
            }
        }
    }

    private static string Hex(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("X2")));
}
