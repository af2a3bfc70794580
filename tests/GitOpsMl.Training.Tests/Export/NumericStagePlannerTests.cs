using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Training.Export;

namespace GitOpsMl.Training.Tests.Export;

/// <summary>The exported graph runs each form of numeric step as few times as the columns' own step orders allow.</summary>
public class NumericStagePlannerTests
{
    private static readonly NumericStep Impute = new ImputeStep(ImputeStrategy.Mean, 1);
    private static readonly NumericStep Standardize = new StandardizeStep(0, 2);
    private static readonly NumericStep MinMax = new MinMaxStep(0, 4);
    private static readonly NumericStep Log1p = new Log1pStep();
    private static readonly NumericStep Clip = new ClipStep(0, 15);

    public static TheoryData<string, NumericStep[][], string> Cases => new()
    {
        { "no steps: no stage", [[], []], "" },
        { "one column", [[Impute, Log1p, Standardize]], "Impute Log1p Affine" },
        { "standardize and minMax share one affine stage", [[Standardize], [MinMax], []], "Affine" },
        // The churn example: the affine stage waits until every column is ready for it.
        { "churn", [[Impute, Log1p, Standardize], [Standardize], [Clip, Standardize]], "Impute Clip Log1p Affine" },
        { "orders that conflict need a repeat", [[Log1p, Standardize], [Standardize, Log1p]], "Log1p Affine Log1p" },
        { "a repeated step in one column runs twice", [[Standardize, Standardize]], "Affine Affine" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_the_fewest_shared_stages_keeping_each_columns_order(string why, NumericStep[][] columns, string expected)
    {
        var stages = NumericStagePlanner.Plan(columns);

        Assert.True(expected == string.Join(" ", stages.Select(s => s.Kind)), why);
        // Every column gets exactly its own steps, in its own order.
        for (var c = 0; c < columns.Length; c++)
        {
            Assert.Equal(columns[c], stages.Select(s => s.Steps[c]).OfType<NumericStep>());
        }
    }
}
