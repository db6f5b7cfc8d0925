using Emu.Devices.Block;

namespace Emu.Monitor.Block;

/// <summary>
/// Opens a host image as a new medium: file name, format (<c>raw</c>, <c>qcow2</c>, or null to
/// probe) and read-only flag. Failures throw <see cref="Qmp.QmpException"/> with QEMU's texts
/// (<c>Could not open 'F': No such file or directory</c>, <c>Unknown driver 'X'</c>,
/// <c>Image is not in qcow2 format</c>).
/// </summary>
public delegate IBlockBackend ImageOpener(string fileName, string? format, bool readOnly);
