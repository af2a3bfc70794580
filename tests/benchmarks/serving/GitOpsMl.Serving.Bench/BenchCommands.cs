using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Serving.Bench;

public static partial class BenchCommands
{
    public static int Usage()
    {
        Console.Error.WriteLine("usage: bench bundle DIR | ort DIR [SECONDS] | serve <gitopsml serve flags> | latency BEFORE AFTER MODEL CODE | stages BEFORE AFTER MODEL | check LABEL VALUE [/ DIVISOR] OP LIMIT | body FILE MB");
        return 2;
    }

    public static int WriteBundle(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        ChurnBundle.Write(dir, "v1", seed: 1);
        Console.WriteLine(dir);
        return 0;
    }

    /// <summary>(a) Raw in-process Run() at batch 1 on one thread, with the server's session options; tensors built per call as the server does.</summary>
    public static int RawOrt(string dir, double seconds)
    {
        using var session = new InferenceSession(File.ReadAllBytes(Path.Combine(dir, "model.onnx")), OrtSessionFactory.CreateOptions(new OnnxThreadingOptions()));
        string[] names = ["tenure_months", "monthly_charges", "support_calls", "plan", "region", "contract"];
        string[] outputs = ["probabilities"];
        using var runOptions = new RunOptions();
        foreach (var rows in new[] { 1, 16 })
        {
            double Once()
            {
                var start = Stopwatch.GetTimestamp();
                var values = new OrtValue[6];
                for (var c = 0; c < 3; c++) values[c] = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(12.5f, rows).ToArray(), [rows, 1]);
                for (var c = 3; c < 6; c++)
                {
                    values[c] = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [rows, 1]);
                    for (var r = 0; r < rows; r++) values[c].StringTensorSetElementAt((c == 3 ? "plus" : c == 4 ? "west" : "monthly").AsSpan(), r);
                }
                using (var result = session.Run(runOptions, names, values, outputs))
                {
                    _ = result[0].GetTensorDataAsSpan<float>()[0];
                }
                foreach (var v in values) v.Dispose();
                return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            for (var i = 0; i < 2000; i++) Once();
            var samples = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds) samples.Add(Once());
            samples.Sort();
            var label = rows == 1 ? "raw_ort_batch1" : "raw_ort_batch1_padded16";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label} runs_per_s={samples.Count / clock.Elapsed.TotalSeconds:0} p50_us={samples[samples.Count / 2]:0.0} p99_us={samples[(int)(samples.Count * 0.99)]:0.0}"));
        }
        return 0;
    }

    /// <summary>The server itself: the same ServeArguments → ServingHost.RunAsync path as `gitopsml serve`.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var bundles = new List<string>();
        var a = new ServeArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            a = args[i] switch
            {
                "--bundle" => a with { Bundles = [.. a.Bundles, Next()] },
                "--host" => a with { Host = Next() },
                "--port" => a with { Port = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--max-batch-size" => a with { MaxBatchSize = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--max-delay" => a with { MaxDelay = Next() },
                "--max-queue" => a with { MaxQueue = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--target-queue-wait" => a with { TargetQueueWait = Next() },
                "--max-body-bytes" => a with { MaxBodyBytes = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrent-runs" => a with { ConcurrentRuns = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--log-format" => a with { LogFormat = Next() },
                "--benchmark-routes" => a with { BenchmarkRoutes = true },
                var other => throw new ArgumentException($"unknown flag {other}"),
            };
        }
        await ServingHost.RunAsync(a.ToOptions());
        return 0;
    }

    /// <summary>A v2 infer body of about <paramref name="megabytes"/> MB of random churn rows (for the memory-per-MB measurement).</summary>
    public static int WriteLargeBody(string file, double megabytes)
    {
        var rows = (int)(megabytes * 1_000_000 / 60);
        var body = ChurnRow.V2Body(ChurnRow.Random(rows, seed: 11));
        File.WriteAllText(file, body);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows} {new FileInfo(file).Length}"));
        return 0;
    }

    /// <summary>Server-side latency quantiles of requests with one status code between two /metrics scrapes (histogram bucket deltas, linear interpolation).</summary>
    public static int Latency(string beforeFile, string afterFile, string model, string code)
    {
        bool Matches(Match m) => m.Groups["model"].Value == model && m.Groups["code"].Value == code;
        var deltas = Deltas(BucketLine(), File.ReadAllText(beforeFile), File.ReadAllText(afterFile), Matches);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server_latency code={code} count={Total(deltas):0} p50_ms={Quantile(deltas, 0.5) * 1000:0.000} p99_ms={Quantile(deltas, 0.99) * 1000:0.000}"));
        return 0;
    }

    /// <summary>
    /// Where answered requests' server-side time went between two scrapes: per stage of
    /// gitopsml_request_stage_seconds, the mean (sum ÷ count), p50 and p99, and each stage's share of the summed means.
    /// </summary>
    public static int Stages(string beforeFile, string afterFile, string model)
    {
        var before = File.ReadAllText(beforeFile);
        var after = File.ReadAllText(afterFile);
        var stages = StageSumLine().Matches(after).Where(m => m.Groups["model"].Value == model).Select(m => m.Groups["stage"].Value).Distinct().ToArray();
        var means = new Dictionary<string, double>();
        foreach (var stage in stages)
        {
            double Sum(string text) => StageSumLine().Matches(text).Where(m => m.Groups["model"].Value == model && m.Groups["stage"].Value == stage)
                .Sum(m => double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
            var deltas = Deltas(StageBucketLine(), before, after, m => m.Groups["model"].Value == model && m.Groups["stage"].Value == stage);
            means[stage] = Total(deltas) > 0 ? (Sum(after) - Sum(before)) / Total(deltas) : double.NaN;
        }
        var all = means.Values.Where(double.IsFinite).Sum();
        foreach (var stage in stages)
        {
            var deltas = Deltas(StageBucketLine(), before, after, m => m.Groups["model"].Value == model && m.Groups["stage"].Value == stage);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stage {stage,-8} mean_ms={means[stage] * 1000:0.000} p50_ms={Quantile(deltas, 0.5) * 1000:0.000} p99_ms={Quantile(deltas, 0.99) * 1000:0.000} share_of_mean={means[stage] / all * 100:0}%"));
        }
        return 0;
    }

    private static (double Le, double Count)[] Deltas(Regex line, string before, string after, Func<Match, bool> matches)
    {
        var b = Buckets(line, before, matches);
        return Buckets(line, after, matches).Select(kv => (Le: kv.Key, Count: kv.Value - b.GetValueOrDefault(kv.Key))).OrderBy(x => x.Le).ToArray();
    }

    private static double Total((double Le, double Count)[] deltas) => deltas.Length == 0 ? 0 : deltas[^1].Count;

    private static double Quantile((double Le, double Count)[] deltas, double q)
    {
        var target = q * Total(deltas);
        double lowerLe = 0, lowerCount = 0;
        foreach (var (le, count) in deltas)
        {
            if (count >= target)
            {
                if (double.IsPositiveInfinity(le)) return lowerLe;
                return lowerLe + (le - lowerLe) * (count - lowerCount) switch { 0 => 1, var span => (target - lowerCount) / span };
            }
            (lowerLe, lowerCount) = (le, count);
        }
        return double.NaN;
    }

    private static Dictionary<double, double> Buckets(Regex line, string metrics, Func<Match, bool> matches)
    {
        var result = new Dictionary<double, double>();
        foreach (Match m in line.Matches(metrics))
        {
            if (!matches(m)) continue;
            var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
            result[le] = result.GetValueOrDefault(le) + double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }
        return result;
    }

    [GeneratedRegex("""gitopsml_request_duration_seconds_bucket\{model="(?<model>[^"]*)",version="[^"]*",code="(?<code>\d+)",le="(?<le>[^"]+)"\} (?<n>[0-9.e+]+)""")]
    private static partial Regex BucketLine();

    [GeneratedRegex("""gitopsml_request_stage_seconds_bucket\{model="(?<model>[^"]*)",stage="(?<stage>[^"]*)",le="(?<le>[^"]+)"\} (?<n>[0-9.e+]+)""")]
    private static partial Regex StageBucketLine();

    [GeneratedRegex("""gitopsml_request_stage_seconds_sum\{model="(?<model>[^"]*)",stage="(?<stage>[^"]*)"\} (?<n>[0-9.e+-]+)""")]
    private static partial Regex StageSumLine();
}
