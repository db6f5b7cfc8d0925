using Emu.Core.State;
using Emu.Devices.Pci;
using Emu.Devices.Serial;
using Emu.Monitor.Machine;

namespace Emu.App.Machine;

/// <summary>
/// The whole PC as one saved state (savevm/loadvm): the CPU first (its instruction count is the
/// clock), then the clock, RAM, and every device of <see cref="PcMachine"/> in build order. A part
/// that holds state but cannot save it blocks the save, as QEMU's non-migratable devices do,
/// rather than write an incomplete state. Machine thread only.
/// </summary>
internal static class MachineState
{
    public static List<IStatefulDevice> Sections(PcMachine machine)
    {
        List<IStatefulDevice> sections = [machine.Cpu, new ClockState(machine.Scheduler), new RamState(machine.Memory)];
        sections.AddRange([machine.Pic, machine.Pit, machine.PortB, machine.Rtc, machine.Port92]);
        if (machine.PowerManagement is { } pm)
        {
            sections.Add(pm);
        }

        sections.AddRange([machine.FwCfg, machine.KeyboardController]);
        if (machine.Vga is { } vga)
        {
            sections.Add(vga);
        }

        sections.AddRange([machine.Ide, machine.Dma.Low, machine.Dma.High, machine.FloppyController]);
        if (machine.Pci is { } pci)
        {
            sections.Add(pci.Ports);
            foreach (PciFunction function in pci.Bus.Functions)
            {
                sections.Add(function);
            }
        }

        foreach (Uart16550 uart in machine.SerialPorts)
        {
            sections.Add(uart);
        }

        return sections;
    }

    public static byte[] Save(PcMachine machine)
    {
        if (machine.IsEmpty)
        {
            throw new VmStateException("State blocked by non-migratable device 'machine': -machine none has no state to save");
        }

        return StateSnapshot.Save(Sections(machine));
    }

    /// <summary>
    /// Loads a saved PC. A malformed state or one for another machine (a section missing) changes
    /// nothing; a bad value found after some devices loaded resets the machine, so it never runs
    /// half loaded.
    /// </summary>
    public static void Load(PcMachine machine, byte[] state)
    {
        if (machine.IsEmpty)
        {
            throw new VmStateException("-machine none has no state to load");
        }

        List<IStatefulDevice> sections = Sections(machine);
        StateReader reader;
        try
        {
            reader = StateReader.Read(state);
            foreach (IStatefulDevice section in sections)
            {
                if (!reader.TryGetSection(section.StateName, out _))
                {
                    throw new StateFormatException($"section {section.StateName} is missing (the state is of another machine)");
                }
            }
        }
        catch (StateFormatException e)
        {
            throw new VmStateException(e.Message, e);
        }

        try
        {
            foreach (IStatefulDevice section in sections)
            {
                section.Load(reader);
            }
        }
        catch (StateFormatException e)
        {
            machine.Reset();
            throw new VmStateException(e.Message + " (the machine was reset)", e);
        }
    }
}
