global using unsafe HandlerFn = delegate*<Emu.Core.Cpu.Cpu, ref Iced.Intel.Instruction, ref Emu.Core.Cpu.Ops, Emu.Core.Cpu.Flow>;
