using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Dataset status from what the probe observed. Accepted data records digest and counts
/// (lastValidated moves only when the digest does, so an unchanged file writes no status);
/// refused data clears the digest, so nothing downstream trains on bytes that no longer pass,
/// and stalls on a permanent reason (the file watcher and a spec change re-run it).
/// </summary>
public static class DatasetPlanner
{
    public static ReconcileResult Plan(Dataset dataset, DatasetObservation observation, DateTimeOffset now)
    {
        var previous = dataset.Status ?? new DatasetStatus();
        var generation = dataset.Metadata.Generation;
        if (observation.Ok)
        {
            var changed = previous.Sha256 != observation.Sha256;
            var message = $"{observation.Rows} rows ({observation.InvalidRows} invalid, dropped), sha256 {observation.Sha256![..12]}";
            var status = previous with
            {
                Sha256 = observation.Sha256,
                RowCount = observation.Rows,
                InvalidRowCount = observation.InvalidRows,
                LastValidated = changed || previous.LastValidated is null ? now : previous.LastValidated,
                Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.True, ConditionReasons.Validated, message, now, generation),
            };
            return new ReconcileResult(status, new ReconcileOutcome.Succeeded());
        }
        var failed = previous with
        {
            Sha256 = null,
            RowCount = null,
            InvalidRowCount = null,
            Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.False, observation.FailureReason!, observation.Message ?? "", now, generation),
        };
        ReconcileOutcome outcome = observation.Permanent
            ? new ReconcileOutcome.Stalled(observation.FailureReason!, observation.Message ?? "")
            : new ReconcileOutcome.Waiting(observation.FailureReason!, observation.Message ?? "", TimeSpan.FromSeconds(30));
        return new ReconcileResult(failed, outcome);
    }
}
