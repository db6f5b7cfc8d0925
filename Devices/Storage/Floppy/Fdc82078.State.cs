using Emu.Core.State;

namespace Emu.Devices.Storage.Floppy;

/// <summary>Saved state (QEMU <c>vmstate_fdc</c> and <c>vmstate_fdrive</c>, with the phase and the READ ID timer always written).</summary>
public sealed partial class Fdc82078
{
    public void Save(StateWriter writer)
    {
        writer.BeginSection(StateName, 1);
        writer.Write("sra", _sra);
        writer.Write("srb", _srb);
        writer.Write("dor", _dor);
        writer.Write("current-drive", _currentDrive);
        writer.Write("tdr", _tdr);
        writer.Write("dsr", _dsr);
        writer.Write("msr", _msr);
        writer.Write("status0", _status0);
        writer.Write("fifo", _fifo);
        writer.Write("data-pos", _dataPos);
        writer.Write("data-len", _dataLen);
        writer.Write("data-state", _dataState);
        writer.Write("data-dir", (long)_dataDir);
        writer.Write("eot", _eot);
        writer.Write("timer0", _timer0);
        writer.Write("timer1", _timer1);
        writer.Write("precomp-track", _precompTrack);
        writer.Write("config", _config);
        writer.Write("lock", _lock);
        writer.Write("powerdown", _powerdown);
        writer.Write("reset-sense", _resetSense);
        writer.Write("phase", (long)_phase);
        writer.Write("irq", _irq.Level);
        writer.Write("read-id-in", _resultTimer.IsScheduled ? Math.Max(0, _resultTimer.Deadline - _scheduler.Now) : -1);
        for (int i = 0; i < _drives.Length; i++)
        {
            FdcDrive drive = _drives[i];
            writer.Write($"drive{i}.head", drive.Head);
            writer.Write($"drive{i}.track", drive.Track);
            writer.Write($"drive{i}.sector", drive.Sector);
            writer.Write($"drive{i}.last-sector", drive.LastSector);
            writer.Write($"drive{i}.media-changed", drive.MediaChanged);
            writer.Write($"drive{i}.perpendicular", drive.Perpendicular);
        }

        writer.EndSection();
    }

    public void Load(StateReader reader)
    {
        StateSection section = reader.GetSection(StateName, 1, 1);
        _sra = section.GetByte("sra");
        _srb = section.GetByte("srb");
        _dor = section.GetByte("dor");
        _currentDrive = (byte)section.GetInt32("current-drive", 0, 1);
        _tdr = section.GetByte("tdr");
        _dsr = section.GetByte("dsr");
        _msr = section.GetByte("msr");
        _status0 = section.GetByte("status0");
        section.GetBytes("fifo", _fifo);
        _dataLen = section.GetInt32("data-len", 0, int.MaxValue);
        _dataPos = section.GetInt32("data-pos", 0, _dataLen);
        _dataState = section.GetByte("data-state");
        _dataDir = (FdcDirection)section.GetInt32("data-dir", (int)FdcDirection.Write, (int)FdcDirection.Verify);
        _eot = section.GetByte("eot");
        _timer0 = section.GetByte("timer0");
        _timer1 = section.GetByte("timer1");
        _precompTrack = section.GetByte("precomp-track");
        _config = section.GetByte("config");
        _lock = (byte)section.GetInt32("lock", 0, 1);
        _powerdown = section.GetByte("powerdown");
        _resetSense = section.GetInt32("reset-sense", 0, ResetSenseCount);
        _phase = (FdcPhase)section.GetInt32("phase", (int)FdcPhase.Command, (int)FdcPhase.Result);
        _irq.Set(section.GetBool("irq"));
        long readIdIn = section.GetInt64("read-id-in", -1, ReadIdNanoseconds);
        _scheduler.Cancel(_resultTimer);
        if (readIdIn >= 0)
        {
            _scheduler.ScheduleIn(_resultTimer, readIdIn);
        }

        for (int i = 0; i < _drives.Length; i++)
        {
            FdcDrive drive = _drives[i];
            drive.Revalidate();
            drive.Restore(
                section.GetByte($"drive{i}.head"),
                section.GetByte($"drive{i}.track"),
                section.GetByte($"drive{i}.sector"),
                section.GetBool($"drive{i}.media-changed"),
                (byte)section.GetInt32($"drive{i}.perpendicular", 0, 7));
            drive.LastSector = section.GetByte($"drive{i}.last-sector");
        }
    }
}
