using GitOpsMl.Testing.Kubernetes;

namespace GitOpsMl.Crds.Tests;

/// <summary>The fixture's processes never outlive a stop: SIGTERM first, SIGKILL after the deadline.</summary>
public sealed class WatchedProcessTests
{
    [Fact]
    public async Task A_process_that_ignores_sigterm_is_killed_after_the_deadline()
    {
        var dir = Directory.CreateTempSubdirectory("gitopsml-watched-").FullName;
        try
        {
            await using var process = await WatchedProcess.StartAsync("stubborn", "/bin/sh", ["-c", "trap '' TERM; while :; do sleep 1; done"], dir, TimeSpan.FromSeconds(1));
            await Task.Delay(200);
            Assert.False(process.HasExited);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await process.StopAsync();

            Assert.True(process.HasExited);
            Assert.False(Directory.Exists($"/proc/{process.Pid}"), $"pid {process.Pid} is still there");
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_process_runs_in_its_own_process_group()
    {
        var dir = Directory.CreateTempSubdirectory("gitopsml-watched-").FullName;
        try
        {
            await using var process = await WatchedProcess.StartAsync("sleeper", "/bin/sleep", ["600"], dir, TimeSpan.FromSeconds(5));
            var stat = await File.ReadAllTextAsync($"/proc/{process.Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            Assert.Equal(process.Pid.ToString(), fields[2]); // pgrp: a group of its own, out of reach of a terminal's Ctrl+C
            await process.StopAsync();
            Assert.True(process.HasExited);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
