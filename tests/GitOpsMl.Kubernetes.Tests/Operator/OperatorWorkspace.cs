using System.Net;
using System.Net.Sockets;

namespace GitOpsMl.Kubernetes.Tests.Operator;

/// <summary>
/// What a user of `gitopsml operator` has on disk: examples/churn's data (the --data-root) and its
/// manifests to `kubectl apply`, with a short training run; the operator's state folder beside them.
/// </summary>
public sealed class OperatorWorkspace : IDisposable
{
    public OperatorWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-operator-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        File.Copy(RepoFiles.Combine("examples", "churn", "data", "churn.csv"), DataFile);
        Directory.CreateDirectory(Manifests);
        foreach (var file in Directory.GetFiles(RepoFiles.Combine("examples", "churn", "manifests"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(Manifests, Path.GetFileName(file)));
        }
        // Few epochs: the test is about the operator, not the model; the example's gates still pass at 5.
        Replace("trainingjob.yaml", "epochs: 40", "epochs: 5");
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(Root, "elsewhere")).FullName;
        State = Path.Combine(Root, ".gitopsml");
        Port = FreePort();
    }

    /// <summary>The data root: relative Dataset paths (data/churn.csv) resolve here.</summary>
    public string Root { get; }

    public string Manifests => Path.Combine(Root, "manifests");

    public string DataFile => Path.Combine(Root, "data", "churn.csv");

    /// <summary>Where the operator is started: not the data root, so a current-directory fallback would find no data.</summary>
    public string WorkingDirectory { get; }

    public string State { get; }

    public int Port { get; }

    public void Replace(string file, string old, string replacement)
    {
        var path = Path.Combine(Manifests, file);
        var text = File.ReadAllText(path);
        Assert.Contains(old, text);
        File.WriteAllText(path, text.Replace(old, replacement));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
