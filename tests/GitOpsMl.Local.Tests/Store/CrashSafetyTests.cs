using System.Diagnostics;
using GitOpsMl.Api.Kinds;
using Microsoft.Data.Sqlite;

namespace GitOpsMl.Local.Tests.Store;

public sealed class CrashSafetyTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_writer_killed_mid_writes_loses_nothing_it_reported_committed()
    {
        _f.Store.Dispose();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(StoreCrashWriter).Assembly.Location);
        psi.ArgumentList.Add(StoreCrashWriter.Command);
        psi.ArgumentList.Add(_f.Path);
        using var child = Process.Start(psi)!;
        var acknowledged = -1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (acknowledged < 60 && await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            acknowledged = int.Parse(line);
        child.Kill(entireProcessTree: true); // SIGKILL: no flush, no dispose, possibly mid-transaction
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(acknowledged >= 60, $"the writer reported only {acknowledged} writes");

        using var reopened = _f.Reopen();
        var items = (await reopened.ListAsync("Dataset")).Items.Cast<Dataset>().ToDictionary(d => d.Metadata.Name);
        for (var i = 0; i <= acknowledged; i++)
            Assert.Equal(i, items[$"d{i}"].Status?.RowCount);
        // Every object is whole: its last logged revision is its resourceVersion, and the file is consistent.
        Assert.All(items.Values, d => Assert.True(long.Parse(d.Metadata.ResourceVersion!) <= reopened.CurrentRevision()));
        using var c = new SqliteConnection($"Data Source={_f.Path}");
        c.Open();
        using var check = c.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
        var more = await reopened.CreateAsync(StoreFixture.Dataset("after-restart"));
        Assert.True(long.Parse(more.Metadata.ResourceVersion!) > items.Values.Max(d => long.Parse(d.Metadata.ResourceVersion!)));
    }
}
