using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

/// <summary>A spec field written on the wrong kind is named with the kind that has it, not left as "unknown". (The set has no FeatureSet or Model, so only the unknown-field errors are looked at.)</summary>
public class MisplacedFieldTests
{
    private static Diagnostic OnlyError(string spec) => Assert.Single(ManifestValidator.Validate([
        new ManifestFile("job.yaml", System.Text.Encoding.UTF8.GetBytes($$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: TrainingJob
            metadata: {name: wine}
            spec:
              featureSetRef: {name: wine}
              modelRef: {name: wine}
              algorithm:
                mlp: {hiddenLayers: [32]}
            {{spec}}
            """))]).Diagnostics, d => d.Message.StartsWith("unknown field", StringComparison.Ordinal));

    [Fact]
    public void A_dataset_field_on_a_training_job_names_the_dataset()
    {
        var error = OnlyError("  split: {method: random, stratifyBy: quality}");

        Assert.Equal("spec.split", error.FieldPath);
        Assert.Equal("unknown field \"split\"; split is a field of Dataset (spec.split), not of this kind", error.Message);
    }

    [Fact]
    public void A_near_miss_of_the_kinds_own_field_still_gets_did_you_mean()
    {
        var error = OnlyError("  hyperparameter: {epochs: 3}");

        Assert.EndsWith("did you mean \"hyperparameters\"?", error.Message);
    }

    [Fact]
    public void A_field_no_kind_has_lists_the_fields_of_the_level()
    {
        var error = OnlyError("  nonsense: 1");

        Assert.StartsWith("unknown field \"nonsense\"; fields here: algorithm, ", error.Message);
    }
}
