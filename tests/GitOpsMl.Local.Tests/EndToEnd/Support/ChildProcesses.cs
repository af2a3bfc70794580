namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>Processes whose command line mentions a folder: the trainers and servers a control plane started for that state.</summary>
public static class ChildProcesses
{
    public static IReadOnlyList<(int Pid, string CommandLine)> Mentioning(string folder)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains(folder, StringComparison.Ordinal)) found.Add((pid, commandLine.Trim()));
        }
        return found;
    }
}
