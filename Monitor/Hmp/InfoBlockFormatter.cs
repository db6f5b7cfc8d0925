using System.Text;
using Emu.Monitor.Commands.Model;

namespace Emu.Monitor.Hmp;

/// <summary>HMP <c>info block</c>: QEMU block/monitor/block-hmp-cmds.c print_block_info over query-block (spec qmp.md 5.21).</summary>
public static class InfoBlockFormatter
{
    public static string Format(IReadOnlyList<BlockInfo> blocks, string? device)
    {
        StringBuilder sb = new();
        bool first = true;
        foreach (BlockInfo info in blocks)
        {
            if (device is not null && info.Device != device)
            {
                continue;
            }

            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            Append(sb, info);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, BlockInfo info)
    {
        BlockDeviceInfo? inserted = info.Inserted;
        if (info.Device.Length > 0)
        {
            sb.Append(info.Device);
            if (inserted is not null)
            {
                sb.Append(" (").Append(inserted.NodeName).Append(')');
            }
        }
        else
        {
            sb.Append(inserted?.NodeName ?? info.Qdev ?? "<anonymous>");
        }

        if (inserted is not null)
        {
            sb.Append(": ").Append(inserted.File).Append(" (").Append(inserted.Driver)
                .Append(inserted.ReadOnly ? ", read-only" : string.Empty)
                .Append(inserted.Encrypted ? ", encrypted" : string.Empty).Append(")\n");
        }
        else
        {
            sb.Append(": [not inserted]\n");
        }

        if (info.Qdev is not null)
        {
            sb.Append("    Attached to:      ").Append(info.Qdev).Append('\n');
        }

        if (info.Removable)
        {
            sb.Append("    Removable device: ").Append(info.Locked ? string.Empty : "not ")
                .Append("locked, tray ").Append(info.TrayOpen == true ? "open" : "closed").Append('\n');
        }

        if (inserted is not null)
        {
            sb.Append("    Cache mode:       ").Append(inserted.Cache.Writeback ? "writeback" : "writethrough")
                .Append(inserted.Cache.Direct ? ", direct" : string.Empty)
                .Append(inserted.Cache.NoFlush ? ", ignore flushes" : string.Empty).Append('\n');
        }
    }
}
