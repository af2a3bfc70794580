using System.Net.Sockets;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// A copy of examples/churn in a temporary repository (manifests, data, a root marker), with its own
/// state folder and a free front port; removed on dispose.
/// </summary>
public sealed class ChurnWorkspace : IDisposable
{
    public ChurnWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-cpbench-").FullName;
        File.WriteAllText(Path.Combine(Root, ".gitopsml-root"), "");
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        File.Copy(BenchPaths.Combine("examples", "churn", "data", "churn.csv"), DataFile);
        Directory.CreateDirectory(Manifests);
        foreach (var file in Directory.GetFiles(BenchPaths.Combine("examples", "churn", "manifests"), "*.yaml"))
            File.Copy(file, Path.Combine(Manifests, Path.GetFileName(file)));
        Port = FreePort();
    }

    public string Root { get; }
    public string Manifests => Path.Combine(Root, "manifests");
    public string DataFile => Path.Combine(Root, "data", "churn.csv");
    public string State => Path.Combine(Root, ".gitopsml");
    public int Port { get; }
    public Uri Front => new($"http://127.0.0.1:{Port}/");

    public void Write(string file, string yaml) => File.WriteAllText(Path.Combine(Manifests, file), yaml);

    public void Replace(string file, string old, string replacement)
    {
        var path = Path.Combine(Manifests, file);
        var text = File.ReadAllText(path);
        if (!text.Contains(old, StringComparison.Ordinal)) throw new InvalidOperationException($"{path} does not contain '{old}'");
        File.WriteAllText(path, text.Replace(old, replacement, StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
