using System.Runtime.InteropServices;

namespace Orleans.Chat.Bench.Net;

/// <summary>RLIMIT_NOFILE of this process (inherited by the servers it starts): raised to the hard limit.</summary>
public static partial class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    /// <summary>Raises the soft limit to the hard one; returns the limit now in force.</summary>
    public static long RaiseToHardLimit()
    {
        if (getrlimit(RlimitNofile, out var limit) != 0)
        {
            return -1;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (setrlimit(RlimitNofile, ref raised) == 0)
            {
                return (long)raised.Current;
            }
        }

        return (long)limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct ResourceLimit(ulong Current, ulong Maximum);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref ResourceLimit limit);
}
