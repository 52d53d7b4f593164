using System.Diagnostics;
using System.Globalization;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// A pid file of the processes a cluster target started, each with its start time: a harness
/// killed outright (SIGKILL) cannot stop them, so the next start ends those still running. The
/// start time makes sure a pid the system has since given to another process is left alone.
/// </summary>
public static class LeftoverProcesses
{
    public static void Record(string pidFile, int pid)
    {
        if (StartTime(pid) is { } startTime)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
            File.AppendAllText(pidFile, $"{pid} {startTime}\n");
        }
    }

    /// <summary>Kills every recorded process that still runs, then forgets the file.</summary>
    public static void KillFrom(string pidFile)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(pidFile))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) || StartTime(pid) != parts[1])
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
                Console.WriteLine($"   killed pid {pid}, left running by an earlier run");
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        File.Delete(pidFile);
    }

    /// <summary>Field 22 of /proc/pid/stat (start time in clock ticks since boot), or null when there is no such process.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
