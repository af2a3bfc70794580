using System.Diagnostics;
using System.Globalization;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Looks at processes recorded on disk by pid (Linux /proc): alive or not, and still ours — its
/// command line holds our token — so that a pid recycled by an unrelated process is never killed.
/// </summary>
public static class ProcessTable
{
    public static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the process runs (a zombie waiting to be reaped counts as gone) and its command line contains <paramref name="token"/>.</summary>
    public static bool IsAliveAndOurs(int pid, string token)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // state is the field after "(comm)"; comm may hold spaces and parentheses, so search from the last ')'.
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X') return false;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(token, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGKILLs the process when it is alive and ours; returns whether it did.</summary>
    public static bool KillIfOurs(int pid, string token)
    {
        if (!IsAliveAndOurs(pid, token)) return false;
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // it ended in between
        }
    }

    /// <summary>Waits until none of the processes is alive and ours (they were just killed), up to <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitGoneAsync(IEnumerable<int> pids, string token, TimeSpan timeout)
    {
        var list = pids.ToArray();
        var clock = Stopwatch.StartNew();
        while (list.Any(p => IsAliveAndOurs(p, token)))
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return true;
    }
}
