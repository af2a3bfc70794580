using System.Diagnostics;
using System.Globalization;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>A compact fixed-width table on stdout: first column left-aligned, the others right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Print()
    {
        var widths = headers.Select((h, c) => _rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((v, c) => c == 0 ? v.PadRight(widths[c]) : v.PadLeft(widths[c])));
        Console.WriteLine(Line(headers));
        Console.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) Console.WriteLine(Line(row));
    }
}

internal static class Format
{
    public static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
    public static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture);
    public static string Ratio(double v) => v.ToString("F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>The 1-minute load average: how much else the machine was running.</summary>
    public static string LoadAverage() => OperatingSystem.IsLinux() ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}

/// <summary>
/// What one phase cost in memory: peak resident set (sampled every 2 ms on a background thread, from
/// /proc/self/statm), peak managed heap (GC.GetTotalMemory, same samples), bytes allocated (GC's precise
/// total-allocated counter) and what is still live after a full collection at the end (the phase's result).
/// Process.PeakWorkingSet64 is a high-water mark for the whole process, so it cannot be reset per phase.
/// </summary>
internal sealed class MemoryProbe : IDisposable
{
    private readonly Thread _thread;
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stop;
    private long _peakRss = Rss(), _peakHeap = GC.GetTotalMemory(false);

    private MemoryProbe()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "memory-probe" };
        _thread.Start();
    }

    /// <summary>Collects first (decommitting what the GC can), so a phase does not inherit the previous one's garbage.</summary>
    public static MemoryProbe Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new MemoryProbe();
    }

    public TimeSpan Elapsed { get; private set; }
    public long PeakRss => _peakRss;
    public long PeakHeap => _peakHeap;
    public long Allocated { get; private set; }
    public long LiveAfter { get; private set; }

    private void Sample()
    {
        while (!_stop)
        {
            _peakRss = Math.Max(_peakRss, Rss());
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
            Thread.Sleep(2);
        }
    }

    /// <summary>Stops the clock and the sampler; then measures what stays live (that collection is not timed).</summary>
    public void Dispose()
    {
        if (_stop) return;
        Elapsed = _clock.Elapsed;
        Allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        _stop = true;
        _thread.Join();
        _peakRss = Math.Max(_peakRss, Rss());
        LiveAfter = GC.GetTotalMemory(forceFullCollection: true);
    }

    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>Resident set size in bytes: /proc/self/statm's second field on Linux, Process.WorkingSet64 elsewhere.</summary>
    public static long Rss()
    {
        if (OperatingSystem.IsLinux())
        {
            var text = File.ReadAllText("/proc/self/statm");
            var fields = text.Split(' ', 3);
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * PageSize;
        }
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding GitOpsMl.sln), from the working directory or the app's.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GitOpsMl.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("GitOpsMl.sln not found above the working directory or the application; run from the repository.");
    }
}
