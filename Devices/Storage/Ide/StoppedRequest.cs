namespace Emu.Devices.Storage.Ide;

/// <summary>The PIO transfer or flush a disk keeps pending while the VM is stopped on an I/O error (QEMU IDE_RETRY_*).</summary>
internal enum StoppedRequest
{
    None = 0,
    Read = 1,
    Write = 2,
    Flush = 3,
}
