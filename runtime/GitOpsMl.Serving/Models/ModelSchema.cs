using GitOpsMl.Api.Bundles;

namespace GitOpsMl.Serving.Models;

/// <summary>What a model version takes and returns, derived from its manifest (and checked against model.onnx on load).</summary>
public sealed class ModelSchema
{
    public const string ProbabilitiesOutput = "probabilities";
    public const string PredictionsOutput = "predictions";
    public const string LabelOutput = "label";

    private readonly Dictionary<string, InputColumn> _byName;

    public ModelSchema(BundleManifest manifest)
    {
        Task = manifest.Task switch
        {
            "binary" => ModelTask.Binary,
            "multiclass" => ModelTask.Multiclass,
            _ => ModelTask.Regression,
        };
        Classes = Task == ModelTask.Regression ? [] : manifest.Classes.ToArray();
        Inputs = manifest.Inputs.Select((c, i) => new InputColumn(c.Name, c.Kind, i)).ToArray();
        _byName = Inputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        InputNames = Inputs.Select(c => c.Name).ToArray();
    }

    public ModelTask Task { get; }

    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<string> InputNames { get; }

    public bool IsClassifier => Task != ModelTask.Regression;

    /// <summary>Name of the ONNX output the server reads.</summary>
    public string OnnxOutput => IsClassifier ? ProbabilitiesOutput : PredictionsOutput;

    /// <summary>Columns of <see cref="OnnxOutput"/>: class count, or 1 for regression.</summary>
    public int OutputWidth => IsClassifier ? Classes.Count : 1;

    /// <summary>Outputs a client may ask for: the ONNX output, plus "label" (argmax class) for classifiers.</summary>
    public IReadOnlyList<string> OutputNames => IsClassifier ? [ProbabilitiesOutput, LabelOutput] : [PredictionsOutput];

    public InputColumn? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Index of the most probable class in one row of probabilities (first one on ties, NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best] || float.IsNaN(row[best])) best = i;
        }
        return best;
    }
}
