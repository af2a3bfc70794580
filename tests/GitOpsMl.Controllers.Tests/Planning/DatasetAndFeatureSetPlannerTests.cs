using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Tests.Planning;

public sealed class DatasetAndFeatureSetPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Sha = new('a', 64);

    private static Dataset Dataset(DatasetStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "churn", Generation = 2 },
        Spec = new DatasetSpec { Schema = [new ColumnSpec { Name = "tenure" }, new ColumnSpec { Name = "churned" }] },
        Status = status,
    };

    [Fact]
    public void Accepted_data_records_digest_and_counts_and_keeps_last_validated_while_the_digest_holds()
    {
        var first = DatasetPlanner.Plan(Dataset(), DatasetObservation.Read(Sha, 100, 2, "/d.csv"), Now);
        var status = Assert.IsType<DatasetStatus>(first.Status);
        Assert.Equal((Sha, 100L, 2L, Now), (status.Sha256, status.RowCount, status.InvalidRowCount, status.LastValidated));
        Assert.IsType<ReconcileOutcome.Succeeded>(first.Outcome);

        var again = DatasetPlanner.Plan(Dataset(status), DatasetObservation.Read(Sha, 100, 2, "/d.csv"), Now.AddHours(1));
        Assert.Equal(Now, ((DatasetStatus)again.Status).LastValidated);
    }

    [Fact]
    public void Refused_data_clears_the_digest_and_stalls_on_a_permanent_reason()
    {
        var result = DatasetPlanner.Plan(Dataset(new DatasetStatus { Sha256 = Sha, RowCount = 100 }),
            DatasetObservation.Failed(ConditionReasons.InvalidData, "Dataset churn: 40% invalid rows", permanent: true), Now);
        Assert.Null(((DatasetStatus)result.Status).Sha256);
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(result.Outcome);
        Assert.Equal(ConditionReasons.InvalidData, stalled.Reason);
        Assert.Contains("40% invalid rows", stalled.Message);
    }

    [Fact]
    public void A_transient_read_failure_waits_instead_of_stalling()
    {
        var result = DatasetPlanner.Plan(Dataset(), DatasetObservation.Failed(ConditionReasons.SourceNotFound, "busy", permanent: false), Now);
        Assert.IsType<ReconcileOutcome.Waiting>(result.Outcome);
    }

    private static FeatureSet FeatureSet(string column) => new()
    {
        Metadata = new ObjectMeta { Name = "churn", Generation = 1 },
        Spec = new FeatureSetSpec
        {
            DatasetRef = new LocalObjectReference { Name = "churn" },
            Label = new LabelSpec { Column = "churned", Task = PredictionTask.Binary },
            Features = [new FeatureSpec { Column = column }],
        },
    };

    private static Dataset ReadyDataset() => Dataset(new DatasetStatus
    {
        Sha256 = Sha,
        Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Succeeded", Message = "", ObservedGeneration = 2, LastTransitionTime = Now }],
    });

    [Fact]
    public void A_feature_set_is_ready_with_a_lineage_hash_once_its_dataset_is()
    {
        var result = FeatureSetPlanner.Plan(FeatureSet("tenure"), ReadyDataset(), Now);
        Assert.IsType<ReconcileOutcome.Succeeded>(result.Outcome);
        Assert.Equal(LineageHashes.FeatureSet(FeatureSet("tenure").Spec, ReadyDataset().Spec.Schema), ((FeatureSetStatus)result.Status).Hash);
    }

    [Fact]
    public void A_feature_set_waits_on_a_missing_or_unready_dataset_naming_it()
    {
        Assert.Contains("Dataset churn not found", Assert.IsType<ReconcileOutcome.Waiting>(FeatureSetPlanner.Plan(FeatureSet("tenure"), null, Now).Outcome).Message);
        Assert.Contains("Dataset churn", Assert.IsType<ReconcileOutcome.Waiting>(FeatureSetPlanner.Plan(FeatureSet("tenure"), Dataset(), Now).Outcome).Message);
    }

    [Fact]
    public void A_feature_on_a_column_the_schema_lacks_stalls_naming_the_field()
    {
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(FeatureSetPlanner.Plan(FeatureSet("tenur"), ReadyDataset(), Now).Outcome);
        Assert.Contains("spec.features[0].column: column tenur is not in Dataset churn's schema", stalled.Message);
    }
}
