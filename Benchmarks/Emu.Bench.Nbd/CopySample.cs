namespace Emu.Bench.Nbd;

/// <summary>One nbdcopy run: its wall time and the CPU time the exporting process spent meanwhile.</summary>
internal readonly record struct CopySample(double Seconds, double ServerCpuSeconds);
