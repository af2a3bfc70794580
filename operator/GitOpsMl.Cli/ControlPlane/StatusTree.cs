using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;
using Spectre.Console;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// The chain as `flux tree` / `kubectl argo rollouts get` show it: Dataset → FeatureSet → TrainingJob
/// → Model (versions with gate verdicts) → Deployment (stable/canary, weight, step) → Monitor (drift),
/// each with its health mark. Objects outside any chain are listed under their own roots.
/// </summary>
public static class StatusTree
{
    public static IReadOnlyList<Tree> Build(IReadOnlyList<CustomResource> all)
    {
        var byKind = all.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Metadata.Name).ToList());
        IEnumerable<T> Of<T>() where T : CustomResource => byKind.GetValueOrDefault(typeof(T).Name)?.OfType<T>() ?? [];
        var shown = new HashSet<ObjectKey>();
        var trees = new List<Tree>();

        foreach (var dataset in Of<Dataset>())
        {
            var tree = new Tree(Label(dataset, Dataset(dataset)));
            shown.Add(ObjectKey.Of(dataset));
            foreach (var fs in Of<FeatureSet>().Where(f => Same(f, dataset) && f.Spec.DatasetRef.Name == dataset.Metadata.Name))
            {
                var fsNode = tree.AddNode(Label(fs, fs.Status?.Hash is { } h ? $"hash {h[..12]}" : ""));
                shown.Add(ObjectKey.Of(fs));
                foreach (var job in Of<TrainingJob>().Where(j => Same(j, fs) && j.Spec.FeatureSetRef.Name == fs.Metadata.Name))
                {
                    var jobNode = fsNode.AddNode(Label(job, Job(job)));
                    shown.Add(ObjectKey.Of(job));
                    if (Of<Model>().FirstOrDefault(m => Same(m, job) && m.Metadata.Name == job.Spec.ModelRef.Name) is { } model)
                        AddModel(jobNode, model, Of<ModelVersion>(), Of<Deployment>(), Of<Api.Kinds.Monitor>(), shown);
                }
            }
            trees.Add(tree);
        }
        foreach (var model in Of<Model>().Where(m => !shown.Contains(ObjectKey.Of(m))))
        {
            var tree = new Tree("[grey](models without a training job in view)[/]");
            AddModel(tree, model, Of<ModelVersion>(), Of<Deployment>(), Of<Api.Kinds.Monitor>(), shown);
            trees.Add(tree);
        }
        return trees;
    }

    private static void AddModel(IHasTreeNodes parent, Model model, IEnumerable<ModelVersion> versions, IEnumerable<Deployment> deployments,
        IEnumerable<Api.Kinds.Monitor> monitors, HashSet<ObjectKey> shown)
    {
        shown.Add(ObjectKey.Of(model));
        var s = model.Status;
        var node = parent.AddNode(Label(model, $"latest {s?.LatestVersion ?? "-"}, approved {s?.LatestApprovedVersion ?? "-"}, production {s?.ProductionVersion ?? "-"}"));
        foreach (var v in versions.Where(v => Same(v, model) && v.Spec.ModelRef.Name == model.Metadata.Name).OrderBy(v => v.Spec.Version))
        {
            var phase = v.Status?.Phase?.ToString() ?? "Candidate";
            var color = phase switch { "Approved" => "green", "Rejected" => "red", "Retired" => "grey", _ => "blue" };
            var metrics = v.Spec.Metrics is { } m ? string.Join(" ", m.OrderBy(x => x.Key).Take(3).Select(x => $"{x.Key}={x.Value:0.###}")) : "";
            var versionNode = node.AddNode($"[{color}]{VersionNames.Of(v.Spec.Version)}[/] {Markup.Escape(phase)} [grey]{Markup.Escape(metrics)}[/]");
            foreach (var gate in v.Status?.GateResults ?? [])
            {
                var mark = gate.Verdict switch
                {
                    GateVerdict.NotJudged => "[grey]–[/]",
                    _ when gate.Passed => "[green]✔[/]",
                    _ => "[red]✖[/]",
                };
                var slice = gate.Slice is { } sliceName ? $" [[{Markup.Escape(sliceName)}]]" : "";
                versionNode.AddNode($"{mark} {Markup.Escape(gate.Gate)}{slice} {Markup.Escape(gate.Message ?? "")}");
            }
        }
        foreach (var d in deployments.Where(d => Same(d, model) && d.Spec.ModelRef.Name == model.Metadata.Name))
        {
            shown.Add(ObjectKey.Of(d));
            var ds = d.Status;
            var rollout = ds?.CanaryVersion is { } canary ? $", canary {canary} at {ds.CanaryWeight}% (step {(ds.CurrentStep ?? 0) + 1})" : "";
            var text = $"stable {ds?.StableVersion ?? "-"}{rollout}, {ds?.ReadyReplicas ?? 0}/{ds?.Replicas ?? 0} ready, {ds?.Phase?.ToString() ?? "-"}"
                       + (ds?.Url is { } url ? $", {url}" : "") + (ds?.RollbackReason is { } why ? $", rolled back: {why}" : "");
            var dNode = node.AddNode(Label(d, text));
            foreach (var mon in monitors.Where(m => Same(m, d) && m.Spec.DeploymentRef.Name == d.Metadata.Name))
            {
                shown.Add(ObjectKey.Of(mon));
                var drifting = ConditionList.Get(mon.Status?.Conditions, ConditionTypes.Drifting);
                var detail = drifting is null ? "no window judged yet"
                    : $"{(drifting.Status == ConditionStatus.True ? "DRIFTING" : "no drift")}: {drifting.Message}";
                dNode.AddNode(Label(mon, $"{mon.Status?.Samples ?? 0} samples, {detail}"));
            }
        }
    }

    private static string Dataset(Dataset d) =>
        d.Status?.Sha256 is { } sha ? $"{d.Status.RowCount} rows, sha256 {sha[..12]}" : "";

    private static string Job(TrainingJob j)
    {
        var s = j.Status;
        if (s is null) return "";
        return $"{s.Phase?.ToString() ?? "-"}" + (s.ModelVersion is { } mv ? $" → {mv}" : "") + (s.Attempts is > 1 ? $", attempt {s.Attempts}" : "");
    }

    private static string Label(CustomResource r, string detail)
    {
        var (glyph, color, text) = HealthMark.Of(r);
        var extra = string.IsNullOrEmpty(detail) ? "" : $" [grey]{Markup.Escape(detail)}[/]";
        var problem = color is "red" or "yellow" or "blue" ? $" [{color}]{Markup.Escape(Shorten(text))}[/]" : "";
        return $"[{color}]{glyph}[/] [bold]{r.Kind}/{Markup.Escape(r.Metadata.Name)}[/]{extra}{problem}";
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..159] + "…";

    private static bool Same(CustomResource a, CustomResource b) =>
        ObjectKey.NamespaceOf(a.Metadata.Namespace) == ObjectKey.NamespaceOf(b.Metadata.Namespace);
}
