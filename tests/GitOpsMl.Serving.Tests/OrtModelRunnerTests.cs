using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Tests;

// ONNX Runtime's element-wise kernels round a SIMD packet and the scalar tail differently (by an ulp
// for some values), so padding runs to whole packets is what makes a row's answer independent of its batch.
public class OrtModelRunnerTests
{
    private static OrtModelRunner Runner(int seed = 1)
    {
        var manifest = new BundleManifest
        {
            Model = "churn", Version = "v1", Task = "binary", Classes = ChurnBundle.Classes, Inputs = ChurnBundle.Inputs,
            Files = new Dictionary<string, string>(), Lineage = new BundleLineage(),
        };
        return new OrtModelRunner(OrtSessionFactory.Create(ChurnBundle.Onnx(seed), new OnnxThreadingOptions()), new ModelSchema(manifest));
    }

    public static RowBatch Batch(IReadOnlyList<ChurnRow> rows) => new(
        rows.Count,
        [rows.Select(r => r.Tenure).ToArray(), rows.Select(r => r.Charges).ToArray(), rows.Select(r => r.Calls).ToArray(), null, null, null],
        [null, null, null, rows.Select(r => r.Plan ?? "").ToArray(), rows.Select(r => r.Region ?? "").ToArray(), rows.Select(r => r.Contract ?? "").ToArray()]);

    [Fact]
    public void Every_row_of_every_batch_size_equals_the_row_run_alone()
    {
        using var runner = Runner();
        var rows = ChurnRow.Random(70, seed: 21);
        var singles = rows.Select(r => runner.Run([Batch([r])], 1)).ToArray();
        foreach (var size in Enumerable.Range(1, 70))
        {
            var output = runner.Run([Batch(rows.Take(size).ToArray())], size);
            Assert.Equal(size * 2, output.Length);
            for (var i = 0; i < size; i++)
            {
                Assert.True(output.AsSpan(2 * i, 2).SequenceEqual(singles[i]), $"batch of {size}: row {i} differs");
            }
        }
    }

    [Fact]
    public void Several_requests_in_one_run_equal_their_separate_runs()
    {
        using var runner = Runner();
        var a = ChurnRow.Random(3, seed: 1);
        var b = ChurnRow.Random(5, seed: 2);
        var joint = runner.Run([Batch(a), Batch(b)], 8);
        Assert.Equal(runner.Run([Batch(a)], 3), joint[..6]);
        Assert.Equal(runner.Run([Batch(b)], 5), joint[6..]);
    }

    [Fact]
    public void A_model_whose_inputs_differ_from_the_manifest_is_refused()
    {
        var manifest = new BundleManifest
        {
            Model = "churn", Version = "v1", Task = "binary", Classes = ChurnBundle.Classes,
            Inputs = [.. ChurnBundle.Inputs.Take(5), new BundleInput("contract", BundleInput.Numeric)],
            Files = new Dictionary<string, string>(), Lineage = new BundleLineage(),
        };
        var session = OrtSessionFactory.Create(ChurnBundle.Onnx(1), new OnnxThreadingOptions());
        var error = Assert.Throws<InvalidDataException>(() => new OrtModelRunner(session, new ModelSchema(manifest)));
        Assert.Contains("contract", error.Message);
        session.Dispose();
    }
}
