using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Planning;

public sealed record TrainingJobPlan(TrainingJobStatus Status, ReconcileOutcome Outcome, TrainingJobAction Action)
{
    public ReconcileResult Result => new(Status, Outcome);
}
