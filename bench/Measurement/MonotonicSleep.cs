using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// Blocks the calling thread until a <see cref="Stopwatch"/> timestamp, to within the kernel's wake-up
/// latency (about 0.1 ms here).
/// </summary>
/// <remarks>
/// Task.Delay and timers cannot pace an open-loop sender on Linux: they run on Environment.TickCount64,
/// which reads CLOCK_MONOTONIC_COARSE, so on a 250 Hz kernel a Task.Delay(1) lasts about 4.4 ms (measured
/// on the bench machine). A sender woken by it was up to 4 ms late, and that lateness counted in every
/// latency percentile as if the server had caused it. Stopwatch timestamps on Linux are CLOCK_MONOTONIC
/// nanoseconds, so an absolute clock_nanosleep on that clock wakes at the intended send time.
/// </remarks>
internal static partial class MonotonicSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Interrupted = 4; // EINTR

    private static readonly bool UseClockNanosleep = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    public static void Until(long timestamp)
    {
        if (UseClockNanosleep)
        {
            var deadline = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
            while (ClockNanosleep(ClockMonotonic, TimerAbsolute, in deadline, IntPtr.Zero) == Interrupted)
            {
            }

            return;
        }

        // Elsewhere: whole milliseconds of Thread.Sleep (precise on Windows and macOS), then yield to the deadline.
        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp) is var left && left > TimeSpan.Zero)
        {
            if (left > TimeSpan.FromMilliseconds(2))
            {
                Thread.Sleep(left - TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    // Returns the error number itself (0 when the deadline passed), not -1 and errno.
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in Timespec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
