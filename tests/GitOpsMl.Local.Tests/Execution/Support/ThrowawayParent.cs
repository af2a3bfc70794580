using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;

namespace GitOpsMl.Local.Tests.Execution.Support;

/// <summary>
/// This test assembly run as a program (`dotnet GitOpsMl.Local.Tests.dll parent ...`): a stand-in
/// control plane that starts a child through an executor, prints "started", and waits to be killed.
///   parent train STATE CLI DATAROOT RUN      — a long training run
///   parent serve STATE CLI BUNDLE VERSION    — one serving replica
/// </summary>
public static class ThrowawayParent
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4 || args[0] != "parent") return 2;
        var options = new LocalExecutionOptions(args[2], GitOpsMlCommand.FromPath(args[3]));
        if (args[1] == "train")
        {
            var training = new ProcessTrainingExecutor(options);
            await training.EnsureStartedAsync(new TrainingRunRequest(args[5], ChurnWorkspace.Job, ChurnWorkspace.Epochs(10000, earlyStopping: false), args[4], null));
        }
        else
        {
            var serving = new ProcessServingExecutor(options);
            var plan = new ServingPlan(ObjectKey.For("Deployment", null, "orphan"), "churn", new ServedBundle(args[5], args[4]), null, 0, false, 1);
            await serving.ApplyAsync(plan);
        }
        Console.WriteLine("started");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
