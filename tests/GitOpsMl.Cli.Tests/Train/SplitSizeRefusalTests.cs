using System.Text.Json;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>
/// The sibling of <see cref="SpecRefusalTests"/> for refusals that depend on how many rows the data holds: every
/// <see cref="SplitShortfall"/> a run refuses on is said by validate first, at the same field with the same reason
/// and words, from the rows it counts. A new shortfall without a case fails the first test; a new
/// <see cref="DataRefusalReason"/> must say whether a row count foresees it (the second).
/// </summary>
[Collection(TrainingCollection.Name)]
public class SplitSizeRefusalTests
{
    public sealed record Case(SplitShortfall Shortfall, int Rows, string Split, string Field, string MlpExtra = "", string JobExtra = "")
    {
        public override string ToString() => Shortfall.ToString();
    }

    public static readonly IReadOnlyList<Case> Cases =
    [
        // round(2 × 0.2) = 0 training rows.
        new(SplitShortfall.NoTrainingRows, 2, "{train: 0.2, validation: 0.3, test: 0.5}", "spec.split.train"),
        // 4 rows at the default fractions: round(3.2) = 3 training, round(3.6) = 4 → 1 validation, 0 test.
        new(SplitShortfall.NoTestRows, 4, "{train: 0.8, validation: 0.1, test: 0.1}", "spec.split.test"),
        // round(3.5) = 4 (half to even) and round(4.2) = 4: no validation rows for earlyStopping to watch.
        new(SplitShortfall.NoValidationRows, 7, "{train: 0.5, validation: 0.1, test: 0.4}", "spec.split.validation", JobExtra: "  earlyStopping: {metric: auc}"),
        // round(1.2) = 1 training row, round(2.1) = 2: one each.
        new(SplitShortfall.OneTrainingRowWithBatchNorm, 3, "{train: 0.4, validation: 0.3, test: 0.3}", "spec.split.train", MlpExtra: ", batchNorm: true"),
    ];

    public static TheoryData<Case> All => new(Cases);

    /// <summary>
    /// Data refusals a row count cannot foresee, and why. The rest (<see cref="DataRefusalReason.NoRows"/>,
    /// <see cref="DataRefusalReason.TooFewRows"/>) are the reasons of <see cref="SplitSizes"/>, each shortfall a case above.
    /// </summary>
    private static readonly Dictionary<DataRefusalReason, string> NotFromRowCounts = new()
    {
        [DataRefusalReason.Unreadable] = "the bytes' format, which validate's sample reads",
        [DataRefusalReason.SchemaMismatch] = "the header's columns, which validate's sample reads",
        [DataRefusalReason.Sha256Mismatch] = "the bytes' digest",
        [DataRefusalReason.TooManyInvalidRows] = "the values of every row",
        [DataRefusalReason.NullFractionExceeded] = "the values of every row",
        [DataRefusalReason.SplitColumnMissing] = "the values of the split column",
        [DataRefusalReason.NoTrainingValues] = "the values of the training split",
        [DataRefusalReason.WrongClassCount] = "the label values of the training split",
        [DataRefusalReason.PositiveClassNotInData] = "the label values of the training split",
        [DataRefusalReason.ValueOutOfRange] = "the values of the training split",
        [DataRefusalReason.DuplicateOutputName] = "the category values of the training split",
        [DataRefusalReason.ZeroWeights] = "the weight column's values",
    };

    [Fact]
    public void Every_split_shortfall_of_a_run_has_a_case()
    {
        Assert.Equal(Enum.GetValues<SplitShortfall>().Order(), Cases.Select(c => c.Shortfall).Order());
    }

    [Fact]
    public void Every_data_refusal_is_a_split_shortfalls_reason_or_says_why_a_row_count_cannot_foresee_it()
    {
        string[] shortfallReasons = [SplitSizes.NoRows, SplitSizes.TooFewRows];
        Assert.All(shortfallReasons, r => Assert.True(Enum.IsDefined(Enum.Parse<DataRefusalReason>(r))));
        Assert.Equal(Enum.GetNames<DataRefusalReason>().Order(StringComparer.Ordinal),
            shortfallReasons.Concat(NotFromRowCounts.Keys.Select(k => k.ToString())).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Validate_rejects_at_the_field_what_the_run_refuses_for_its_row_count(Case c)
    {
        using var repo = SmallTrainingRepository.Create(c.Rows, $"  split: {c.Split}", c.MlpExtra, c.JobExtra);

        var refused = Assert.ThrowsAny<GitOpsMlFailure>(() => SpecRefusalTests.RunWithoutValidation(repo));
        var reason = c.Shortfall == SplitShortfall.OneTrainingRowWithBatchNorm ? DataRefusalReason.TooFewRows : DataRefusalReason.NoRows;
        Assert.Equal((FailureKind.InvalidData, reason.ToString(), "Dataset/d", c.Field),
            (refused.Kind, refused.Reason, $"{refused.Object?.Kind}/{refused.Object?.Name}", refused.Field));

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = ValidateCommand.Run([repo.Root], "json", stdout, stderr);
        Assert.True(code == ExitCodes.Invalid, $"validate accepted what the run refuses ({refused.Message}):\n{stdout}");
        using var report = JsonDocument.Parse(stdout.ToString());
        var error = Assert.Single(report.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(("Dataset/d", c.Field, $"{refused.Reason}: {refused.Message}"),
            (error.GetProperty("object").GetString(), error.GetProperty("field").GetString(), error.GetProperty("message").GetString()));
    }
}
