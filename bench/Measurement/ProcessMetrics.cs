using System.Globalization;
using System.Runtime.InteropServices;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>CPU time and resident memory of a process and all its descendants, from /proc.</summary>
public static partial class ProcessMetrics
{
    private const int ScClkTck = 2;

    private static readonly long TicksPerSecond = ClockTicks();

    /// <summary>utime + stime of <paramref name="rootPid"/> and its descendants, in microseconds.</summary>
    public static long CpuMicros(int rootPid)
    {
        long ticks = 0;
        foreach (var pid in TreeOf(rootPid))
        {
            if (ReadStatFields(pid) is { } fields)
            {
                // Fields after "(comm)": [0]=state (field 3) ... [11]=utime (14), [12]=stime (15).
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        return ticks * 1_000_000 / TicksPerSecond;
    }

    /// <summary>
    /// Per thread of <paramref name="rootPid"/> and its descendants, the time it spent runnable but
    /// waiting for a CPU (schedstat run_delay), in microseconds: how much other work on the machine
    /// held the process back. Compare two readings with <see cref="RunQueueWaitBetween"/>.
    /// </summary>
    public static Dictionary<int, long> RunQueueWaitMicros(int rootPid)
    {
        var waits = new Dictionary<int, long>();
        foreach (var pid in TreeOf(rootPid))
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    try
                    {
                        var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                        waits[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = long.Parse(fields[1], CultureInfo.InvariantCulture) / 1000;
                    }
                    catch (IOException)
                    {
                        // The thread ended.
                    }
                }
            }
            catch (IOException)
            {
                // The process ended.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return waits;
    }

    /// <summary>Run-queue wait between two readings, summed over the threads alive at the second one.</summary>
    public static long RunQueueWaitBetween(Dictionary<int, long> before, Dictionary<int, long> after) =>
        after.Sum(thread => Math.Max(0, thread.Value - before.GetValueOrDefault(thread.Key)));

    /// <summary>VmRSS of <paramref name="rootPid"/> and its descendants, in kB.</summary>
    public static long RssKb(int rootPid)
    {
        long kb = 0;
        foreach (var pid in TreeOf(rootPid))
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        kb += long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return kb;
    }

    /// <summary>
    /// Busy time (everything but idle and iowait) of the given CPUs, from /proc/stat, in
    /// microseconds. Minus the CPU time of the process pinned there, it is what other work took
    /// from those CPUs.
    /// </summary>
    public static long CpuBusyMicros(IReadOnlySet<int> cpus)
    {
        long ticks = 0;
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsDigit(line[3]))
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!cpus.Contains(int.Parse(fields[0].AsSpan(3), CultureInfo.InvariantCulture)))
            {
                continue;
            }

            for (var i = 1; i < fields.Length && i <= 8; i++)
            {
                if (i is not (4 or 5))
                {
                    ticks += long.Parse(fields[i], CultureInfo.InvariantCulture); // user nice system irq softirq steal
                }
            }
        }

        return ticks * 1_000_000 / TicksPerSecond;
    }

    /// <summary>A taskset CPU list ("0", "0-3", "0,2") as a set.</summary>
    public static IReadOnlySet<int> ParseCpuList(string list)
    {
        var cpus = new HashSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (range.Length == 1 && int.TryParse(range[0], CultureInfo.InvariantCulture, out var single))
            {
                cpus.Add(single);
            }
            else if (range.Length == 2 && int.TryParse(range[0], CultureInfo.InvariantCulture, out var from) && int.TryParse(range[1], CultureInfo.InvariantCulture, out var to))
            {
                for (var cpu = from; cpu <= Math.Min(to, 4095); cpu++)
                {
                    cpus.Add(cpu);
                }
            }
        }

        return cpus;
    }

    /// <summary>The load average line of the machine (1, 5, 15 minutes).</summary>
    public static string LoadAverage()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }

    public static double LoadAverage1() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static List<int> TreeOf(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ReadStatFields(pid) is not { } fields)
            {
                continue;
            }

            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var tree = new List<int> { rootPid };
        for (var i = 0; i < tree.Count; i++)
        {
            if (children.TryGetValue(tree[i], out var list))
            {
                tree.AddRange(list);
            }
        }

        return tree;
    }

    private static string[]? ReadStatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close < 0 ? null : stat[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long ClockTicks()
    {
        var ticks = sysconf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long sysconf(int name);
}
