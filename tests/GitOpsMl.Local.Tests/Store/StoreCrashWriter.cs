using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>
/// The test assembly's entry point (GenerateProgramFile is off): run as
/// <c>dotnet GitOpsMl.Local.Tests.dll store-crash-writer DB [normal]</c> it writes to the store until killed,
/// printing each write only after it committed, so the test knows what must survive a SIGKILL.
/// </summary>
public static class StoreCrashWriter
{
    public const string Command = "store-crash-writer";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [Command, var path, ..] || args.Length > 3) return 2;
        // A third argument "normal" runs with synchronous=NORMAL (to compare write rates by hand).
        using var store = new SqliteObjectStore(path, options: new SqliteStoreOptions { SynchronousFull = args is not [_, _, "normal"] });
        for (var i = 0; ; i++)
        {
            var created = (Dataset)await store.CreateAsync(StoreFixture.Dataset($"d{i}"));
            // A second write per object: the status subresource, a read-modify-write inside one transaction.
            await store.UpdateStatusAsync(created with { Status = new DatasetStatus { RowCount = i } });
            Console.Out.WriteLine(i);
            Console.Out.Flush();
        }
    }
}
