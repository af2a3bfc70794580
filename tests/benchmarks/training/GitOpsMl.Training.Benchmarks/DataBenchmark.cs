using System.Globalization;
using System.Text;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Validation;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// Data load + transform per 1M rows, CSV and Parquet: the phases the trainer runs before any tensor exists —
/// read (File.ReadAllBytes, sha256, parse: DatasetReader.Read), validate (SchemaValidator.Validate; read +
/// validate is exactly DatasetLoader.Load), split (DatasetSplitter.Split, then Table.Take of each part),
/// fit (FeaturePipelineFitter.Fit on the training part) and transform (pipeline.Transform of every row).
/// Baselines in the same run: for CSV, File.ReadAllBytes + UTF-8 decode + splitting every line into fields
/// without parsing them (the raw read ceiling); for Parquet, Parquet.Net's own column reads into typed arrays.
/// </summary>
internal static class DataBenchmark
{
    private const int RowGroupSize = 250_000;

    public static void Run(BenchmarkOptions options)
    {
        var rows = options.Quick ? 100_000 : 1_000_000;
        var perMillion = 1_000_000.0 / rows;
        var repeats = options.Quick ? 1 : 2;
        Console.WriteLine();
        Console.WriteLine($"2. Data load + transform: {Format.N0(rows)} rows × 8 numeric + 3 categorical columns + bool label, 1–3 % missing in 4 columns; " +
                          "split random 0.8/0.1/0.1; 11 features (impute, log1p, standardize, minMax, clip, bucketize, oneHot, hashBucket); " +
                          $"best of {repeats} pass(es) per phase");
        var folder = Directory.CreateTempSubdirectory("gitopsml-bench-data-").FullName;
        try
        {
            var csv = Path.Combine(folder, "table.csv");
            var parquet = Path.Combine(folder, "table.parquet");
            var generation = System.Diagnostics.Stopwatch.StartNew();
            var table = Generate(rows, seed: 7);
            WriteCsv(csv, table);
            WriteParquet(parquet, table).GetAwaiter().GetResult();
            table = null;
            Console.WriteLine($"  generated in {generation.Elapsed.TotalSeconds:F1} s: CSV {Format.Mb(new FileInfo(csv).Length)} MB, " +
                              $"Parquet {Format.Mb(new FileInfo(parquet).Length)} MB ({RowGroupSize:N0}-row groups); RSS before the first phase {Format.Mb(MemoryProbe.Rss())} MB");

            var phases = new PhaseTable(perMillion);
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                Phases(phases, DataFormat.Csv, csv, rows, describe: repeat == 0);
                Phases(phases, DataFormat.Parquet, parquet, rows, describe: false);
            }
            phases.Print();
            Console.WriteLine("  vs raw = phase time over the raw read of the same file. allocated = managed bytes allocated in the phase; peaks sampled every " +
                              "2 ms during it (RSS is the whole process's, libtorch and earlier garbage the GC kept committed included); live after = managed " +
                              "heap after a full GC at its end (what the pipeline holds so far). Each format starts from an empty pipeline.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One format's phases, in the order TrainingRun runs them; everything they built is released on return.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Phases(PhaseTable phases, DataFormat format, string path, int rows, bool describe)
    {
        var name = format == DataFormat.Csv ? "csv" : "parquet";
        var spec = Spec(format);
        if (format == DataFormat.Csv) phases.Measure("csv raw read (bytes, decode, split lines)", () => RawCsv(path));
        else phases.Measure("parquet raw read (Parquet.Net columns)", () => RawParquet(path).GetAwaiter().GetResult());
        RawDataset? raw = phases.Measure($"{name} read", () => DatasetReader.Read(spec, File.ReadAllBytes(path)));
        var dataset = phases.Measure($"{name} validate", () => SchemaValidator.Validate(spec, raw!));
        raw = null;
        var train = phases.Measure($"{name} split + take", () =>
        {
            var split = DatasetSplitter.Split(spec.Split, dataset.Table);
            _ = dataset.Table.Take(split.Validation);
            _ = dataset.Table.Take(split.Test);
            return dataset.Table.Take(split.Train);
        });
        var pipeline = phases.Measure($"{name} fit (train rows)", () => FeaturePipelineFitter.Fit(Features, spec, train));
        var matrix = phases.Measure($"{name} transform (all rows)", () => pipeline.Transform(dataset.Table));
        if (dataset.Report.ValidRows != rows || matrix.Rows != rows)
            throw new InvalidOperationException($"{name}: expected {rows} valid rows, got {dataset.Report.ValidRows} (matrix {matrix.Rows})");
        if (describe)
            Console.WriteLine($"  feature matrix {Format.N0(matrix.Rows)} × {matrix.Width} floats ({Format.Mb(4L * matrix.Rows * matrix.Width)} MB)");
    }

    /// <summary>Times each phase under a <see cref="MemoryProbe"/>; keeps, per phase, the figures of its fastest pass.</summary>
    private sealed class PhaseTable(double perMillion)
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, MemoryProbe> _best = [];

        public T Measure<T>(string phase, Func<T> work)
        {
            var probe = MemoryProbe.Start();
            var result = work();
            probe.Dispose();
            if (!_best.TryGetValue(phase, out var kept)) _order.Add(phase);
            if (kept is null || probe.Elapsed < kept.Elapsed) _best[phase] = probe;
            GC.KeepAlive(result);
            return result;
        }

        /// <summary>vs raw compares with the fastest raw read of the same file (a pass's own raw read may have been slowed by other load).</summary>
        public void Print()
        {
            var table = new TextTable("phase", "s", "s per 1M rows", "vs raw", "allocated MB", "peak heap MB", "live after MB", "peak RSS MB");
            var raw = 0.0;
            foreach (var phase in _order)
            {
                var p = _best[phase];
                var seconds = p.Elapsed.TotalSeconds;
                if (phase.Contains(" raw read", StringComparison.Ordinal)) raw = seconds;
                table.Add(phase, Format.F(seconds, 2), Format.F(seconds * perMillion, 2), Format.Ratio(seconds / raw),
                    Format.Mb(p.Allocated), Format.Mb(p.PeakHeap), Format.Mb(p.LiveAfter), Format.Mb(p.PeakRss));
            }
            table.Print();
        }
    }

    // ---- the table ----------------------------------------------------------------------------

    private static readonly string[] Plans = ["basic", "plus", "pro", "team", "enterprise"];
    private static readonly string[] Regions = Enumerable.Range(0, 50).Select(i => $"r{i:00}").ToArray();

    private static DatasetSpec Spec(DataFormat format) => new()
    {
        Source = new DatasetSource { Path = format == DataFormat.Csv ? "table.csv" : "table.parquet" },
        Format = format,
        Schema =
        [
            new() { Name = "f_normal", Type = ColumnType.Float, MaxNullFraction = 0.05 },
            new() { Name = "f_lognormal", Type = ColumnType.Float, Min = 0, Nullable = false },
            new() { Name = "f_uniform", Type = ColumnType.Float, Min = 0, Max = 100, Nullable = false },
            new() { Name = "f_wide", Type = ColumnType.Float, Nullable = false },
            new() { Name = "f_bucket", Type = ColumnType.Float, MaxNullFraction = 0.05 },
            new() { Name = "f_plain", Type = ColumnType.Float, Nullable = false },
            new() { Name = "n_count", Type = ColumnType.Int, Min = 0, Max = 1000, MaxNullFraction = 0.05 },
            new() { Name = "n_age", Type = ColumnType.Int, Min = 18, Max = 99, Nullable = false },
            new() { Name = "plan", Type = ColumnType.Category, Values = [.. Plans], Nullable = false },
            new() { Name = "region", Type = ColumnType.Category, MaxNullFraction = 0.05 },
            new() { Name = "city", Type = ColumnType.String, Nullable = false },
            new() { Name = "label", Type = ColumnType.Bool, Role = ColumnRole.Label, Nullable = false },
        ],
        Split = new SplitSpec { Method = SplitMethod.Random, Seed = 42, Train = 0.8, Validation = 0.1, Test = 0.1 },
    };

    private static TransformSpec T(TransformType type) => new() { Type = type };

    private static readonly FeatureSetSpec Features = new()
    {
        Label = new LabelSpec { Column = "label", Task = PredictionTask.Binary, PositiveClass = "true" },
        Features =
        [
            new() { Column = "f_normal", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.Median, Indicator = true }, T(TransformType.Standardize)] },
            new() { Column = "f_lognormal", Transforms = [T(TransformType.Log1p), T(TransformType.Standardize)] },
            new() { Column = "f_uniform", Transforms = [T(TransformType.MinMax)] },
            new() { Column = "f_wide", Transforms = [new() { Type = TransformType.Clip, Min = -3, Max = 3 }, T(TransformType.Standardize)] },
            new() { Column = "f_bucket", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.Mean }, new() { Type = TransformType.Bucketize, Quantiles = 10 }] },
            new() { Column = "f_plain", Transforms = [T(TransformType.Standardize)] },
            new() { Column = "n_count", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.Mean }, T(TransformType.Standardize)] },
            new() { Column = "n_age", Transforms = [T(TransformType.Standardize)] },
            new() { Column = "plan", Transforms = [T(TransformType.OneHot)] },
            new() { Column = "region", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.MostFrequent }, new() { Type = TransformType.OneHot, Unknown = UnknownCategory.Other }] },
            new() { Column = "city", Transforms = [new() { Type = TransformType.HashBucket, Buckets = 64 }] },
        ],
    };

    /// <summary>Column-major synthetic data; null or NaN = missing.</summary>
    private sealed record Columns(int Rows, double?[][] Floats, long?[][] Ints, string?[][] Strings, bool[] Label);

    private static Columns Generate(int rows, ulong seed)
    {
        var random = new SplitMix64(seed);
        double N() => TrainerBenchmark.Normal(random);
        bool Missing(double fraction) => random.NextDouble() < fraction;
        var floats = Enumerable.Range(0, 6).Select(_ => new double?[rows]).ToArray();
        var ints = Enumerable.Range(0, 2).Select(_ => new long?[rows]).ToArray();
        var strings = Enumerable.Range(0, 3).Select(_ => new string?[rows]).ToArray();
        var label = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var z = N();
            floats[0][r] = Missing(0.03) ? null : Math.Round(z, 4);
            floats[1][r] = Math.Round(Math.Exp(1 + N()), 3);
            floats[2][r] = Math.Round(random.NextDouble() * 100, 3);
            floats[3][r] = Math.Round(4 * N(), 4);
            floats[4][r] = Missing(0.01) ? null : Math.Round(10 * random.NextDouble() + N(), 3);
            floats[5][r] = Math.Round(N(), 4);
            ints[0][r] = Missing(0.02) ? null : random.NextInt(1001);
            ints[1][r] = 18 + random.NextInt(82);
            strings[0][r] = Plans[random.NextInt(Plans.Length)];
            strings[1][r] = Missing(0.02) ? null : Regions[random.NextInt(Regions.Length)];
            strings[2][r] = $"city-{random.NextInt(20_000)}";
            label[r] = z + 0.5 * N() > 0.3;
        }
        return new Columns(rows, floats, ints, strings, label);
    }

    private static string[] ColumnNames => Spec(DataFormat.Csv).Schema.Select(c => c.Name).ToArray();

    private static void WriteCsv(string path, Columns t)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(string.Join(",", ColumnNames));
        writer.Write('\n');
        var line = new StringBuilder();
        for (var r = 0; r < t.Rows; r++)
        {
            line.Clear();
            foreach (var c in t.Floats) line.Append(c[r]?.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            foreach (var c in t.Ints) line.Append(c[r]?.ToString(CultureInfo.InvariantCulture)).Append(',');
            foreach (var c in t.Strings) line.Append(c[r]).Append(',');
            line.Append(t.Label[r] ? "true" : "false").Append('\n');
            writer.Write(line);
        }
    }

    private static async Task WriteParquet(string path, Columns t)
    {
        var names = ColumnNames;
        var floatFields = Enumerable.Range(0, 6).Select(i => new DataField<double?>(names[i])).ToArray();
        var intFields = Enumerable.Range(0, 2).Select(i => new DataField<long?>(names[6 + i])).ToArray();
        var stringFields = Enumerable.Range(0, 3).Select(i => new DataField<string>(names[8 + i])).ToArray();
        var labelField = new DataField<bool>(names[11]);
        var schema = new ParquetSchema([.. floatFields, .. intFields, .. stringFields, labelField]);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var start = 0; start < t.Rows; start += RowGroupSize)
        {
            var n = Math.Min(RowGroupSize, t.Rows - start);
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < floatFields.Length; i++) await group.WriteAsync<double>(floatFields[i], t.Floats[i].AsMemory(start, n));
            for (var i = 0; i < intFields.Length; i++) await group.WriteAsync<long>(intFields[i], t.Ints[i].AsMemory(start, n));
            for (var i = 0; i < stringFields.Length; i++) await group.WriteAsync(stringFields[i], t.Strings[i][start..(start + n)]);
            await group.WriteAsync<bool>(labelField, t.Label.AsMemory(start, n));
        }
    }

    // ---- baselines ------------------------------------------------------------------------------

    /// <summary>The raw read ceiling: bytes, UTF-8 decode, every line split into field spans (nothing parsed).</summary>
    private static long RawCsv(string path)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        long fields = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            foreach (var _ in line.Split(',')) fields++;
        }
        return fields;
    }

    /// <summary>Parquet.Net's own column reads into typed arrays: what any reader built on it pays before its own work.</summary>
    private static async Task<long> RawParquet(string path)
    {
        long values = 0;
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(File.ReadAllBytes(path), writable: false));
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            foreach (var field in reader.Schema.DataFields)
            {
                if (field.ClrType == typeof(double)) await group.ReadAsync<double>(field, new double?[n].AsMemory());
                else if (field.ClrType == typeof(long)) await group.ReadAsync<long>(field, new long?[n].AsMemory());
                else if (field.ClrType == typeof(bool)) await group.ReadAsync<bool>(field, new bool?[n].AsMemory());
                else await group.ReadAsync(field, new string?[n].AsMemory());
                values += n;
            }
        }
        return values;
    }
}
