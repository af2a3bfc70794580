using System.Runtime.InteropServices;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). With one intra-op thread and sequential execution
/// ONNX Runtime runs every kernel on the caller, so calls per thread-CPU-second is the graph's cost without the time
/// the thread spent waiting for a core: on a shared machine (load average 10+ on 2 cores) wall-clock rates of the same
/// graph varied 2× between runs while thread-CPU rates agreed within about 5 %.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool Available => OperatingSystem.IsLinux();

    /// <summary>Seconds of CPU the calling thread has used; NaN where the clock is not available.</summary>
    public static double Seconds()
    {
        if (!Available || clock_gettime(ClockThreadCpuTimeId, out var time) != 0)
        {
            return double.NaN;
        }
        return time.Seconds + time.Nanoseconds * 1e-9;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport, not LibraryImport: the generated marshaller needs unsafe code, and a blittable out struct needs none.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);
}
