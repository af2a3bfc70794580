using System.Text;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Data.Tests.Inspection;

/// <summary>Data files for inspection tests in a temporary folder, deleted on dispose.</summary>
public sealed class InspectionFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("gitopsml-inspect-tests-").FullName;

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A Parquet file of a double, a long, a string and a timestamp column, in row groups of <paramref name="groupSize"/>.</summary>
    public string WriteParquet(string name, int rows, int groupSize)
    {
        var path = Path.Combine(Root, name);
        WriteParquetAsync(path, rows, groupSize).GetAwaiter().GetResult();
        return path;
    }

    private static async Task WriteParquetAsync(string path, int rows, int groupSize)
    {
        var x = new DataField<double?>("x (cm)");
        var n = new DataField<long?>("n");
        var plan = new DataField<string>("plan");
        var at = new DataField<DateTime?>("at");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, n, plan, at), stream);
        for (var start = 0; start < rows; start += groupSize)
        {
            var idx = Enumerable.Range(start, Math.Min(groupSize, rows - start)).ToArray();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, idx.Select(i => i % 10 == 0 ? (double?)null : i * 0.5).ToArray().AsMemory());
            await group.WriteAsync<long>(n, idx.Select(i => (long?)i).ToArray().AsMemory());
            await group.WriteAsync(plan, idx.Select(i => new[] { "basic", "pro", "plus" }[i % 3]).ToArray());
            await group.WriteAsync<DateTime>(at, idx.Select(i => (DateTime?)new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i)).ToArray().AsMemory());
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
