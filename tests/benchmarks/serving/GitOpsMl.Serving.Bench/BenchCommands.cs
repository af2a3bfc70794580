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
        Console.Error.WriteLine("usage: bench bundle DIR | ort DIR [SECONDS] | serve <gitopsml serve flags> | latency BEFORE AFTER MODEL CODE | check LABEL VALUE [/ DIVISOR] OP LIMIT | body FILE MB");
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
        var before = Buckets(File.ReadAllText(beforeFile), model, code);
        var after = Buckets(File.ReadAllText(afterFile), model, code);
        var deltas = after.Select(kv => (Le: kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).OrderBy(x => x.Le).ToArray();
        var total = deltas.Length == 0 ? 0 : deltas[^1].Count;
        double Quantile(double q)
        {
            var target = q * total;
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server_latency code={code} count={total:0} p50_ms={Quantile(0.5) * 1000:0.000} p99_ms={Quantile(0.99) * 1000:0.000}"));
        return 0;
    }

    private static Dictionary<double, double> Buckets(string metrics, string model, string code)
    {
        var result = new Dictionary<double, double>();
        foreach (Match m in BucketLine().Matches(metrics))
        {
            if (m.Groups["model"].Value != model || m.Groups["code"].Value != code) continue;
            var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
            result[le] = result.GetValueOrDefault(le) + double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }
        return result;
    }

    [GeneratedRegex("""gitopsml_request_duration_seconds_bucket\{model="(?<model>[^"]*)",version="[^"]*",code="(?<code>\d+)",le="(?<le>[^"]+)"\} (?<n>[0-9.e+]+)""")]
    private static partial Regex BucketLine();
}
