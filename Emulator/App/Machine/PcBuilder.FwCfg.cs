using System.Buffers.Binary;
using Emu.Bios.Acpi;
using Emu.Bios.Smbios;
using Emu.Core.Cpu;
using Emu.Devices.Firmware;

namespace Emu.App.Machine;

public sealed partial class PcBuilder
{
    /// <summary>
    /// QEMU's fw_cfg at 510h with the items SeaBIOS reads on pc (spec pc-pci-acpi.md 3): one CPU,
    /// the RAM size and its E820 entry, no NUMA, no boot menu, IRQ 0 overridden (no APIC here, so
    /// unused), no reboot on boot failure (-1), empty bootorder and bios-geometry. There is no
    /// etc/table-loader: SeaBIOS then builds its own ACPI tables. -kernel through fw_cfg (QEMU's
    /// linuxboot option ROM) is not offered; the built-in BIOS loads the kernel itself and does not
    /// need fw_cfg at all.
    /// </summary>
    private void BuildFwCfg()
    {
        FwCfg fwCfg = new(_machine.Memory);
        ulong ram = (ulong)_options.RamBytes;
        // QEMU fw_cfg_arch_create: qemu_uuid in RFC 4122 (big-endian) byte order; nil without -uuid.
        fwCfg.Add(FwCfg.Uuid, (_options.Uuid ?? Guid.Empty).ToByteArray(bigEndian: true));
        fwCfg.Add(FwCfg.RamSize, BitConverter.GetBytes(ram));
        fwCfg.Add(FwCfg.NoGraphic, (ushort)0);
        fwCfg.Add(FwCfg.NbCpus, (ushort)1);
        fwCfg.Add(FwCfg.MaxCpus, (ushort)1);
        fwCfg.Add(FwCfg.Numa, new byte[16]);
        fwCfg.Add(FwCfg.BootMenu, (ushort)0);
        fwCfg.Add(FwCfg.AcpiTables, []);
        fwCfg.Add(FwCfg.Irq0Override, BitConverter.GetBytes(1u));

        byte[] e820 = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(e820.AsSpan(8), ram);
        BinaryPrimitives.WriteUInt32LittleEndian(e820.AsSpan(16), 1);
        fwCfg.AddFile("etc/e820", e820);
        fwCfg.AddFile("etc/boot-fail-wait", BitConverter.GetBytes(-1));
        fwCfg.AddFile("bootorder", []);
        fwCfg.AddFile("bios-geometry", []);
        if (_machine.PowerManagement is not null)
        {
            AcpiLoaderFiles acpi = AcpiLoaderFiles.Build();
            fwCfg.AddFile(AcpiLoaderFiles.TablesFile, acpi.Tables);
            fwCfg.AddFile(AcpiLoaderFiles.RsdpFile, acpi.Rsdp);
            fwCfg.AddFile(AcpiLoaderFiles.LoaderFile, acpi.Loader);

            // QEMU's SMBIOS without type 0, which SeaBIOS adds about itself; it places the table and fills the anchor's address.
            byte[] smbios = SmbiosTables.Build(_options.RamBytes, _machine.Cpu.Model.Signature, _machine.Cpu.Model.Features.Leaf1Edx, bios: null);
            fwCfg.AddFile("etc/smbios/smbios-tables", smbios);
            fwCfg.AddFile("etc/smbios/smbios-anchor", SmbiosTables.EntryPoint(smbios, 0));
        }

        fwCfg.Attach(_machine.Io);
        _machine.FwCfg = fwCfg;
    }
}
