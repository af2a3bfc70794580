using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>
/// `train --data-root DIR`: the control plane trains from manifests it wrote to a state folder, away from the
/// repository holding the data; data paths then resolve against DIR.
/// </summary>
[Collection(TrainingCollection.Name)]
public class DataRootTests
{
    [Fact]
    public void Data_paths_resolve_against_the_data_root_instead_of_the_manifests_repository()
    {
        using var state = new TempRepository();
        var manifests = TestPaths.Combine("examples", "demand-forecast", "manifests", "demand.yaml");
        state.Write("objects/demand.yaml", File.ReadAllBytes(manifests));
        var dataRoot = TestPaths.Combine("examples", "demand-forecast");

        var (withoutOut, withoutErr) = (new StringWriter(), new StringWriter());
        var without = TrainCommand.Run(new TrainCommand.Arguments(state.PathOf("objects"), "demand", state.PathOf("a"), Device: "cpu"), withoutOut, withoutErr);
        Assert.Equal(ExitCodes.Invalid, without);
        Assert.Contains("spec.source.path: file not found", withoutErr.ToString());

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(state.PathOf("objects"), "demand", state.PathOf("b"), Device: "cpu", DataRoot: dataRoot), stdout, stderr);
        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        Assert.True(File.Exists(state.PathOf("b/model.onnx")));
    }
}
