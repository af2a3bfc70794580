using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>
/// A real Kubernetes control plane for tests, in the spirit of controller-runtime's envtest: etcd
/// and kube-apiserver (kube-controller-manager on request) from <see cref="KubernetesAssets"/>, on
/// free loopback ports, with a generated CA, serving certificate, bearer token and service-account
/// keys in a temporary folder. Use it as an xunit collection fixture, one per test assembly: it
/// starts in a few seconds, and everything it started is stopped on dispose — and, through
/// <see cref="WatchedProcess"/>, also when the test host dies. Where the binaries are absent it
/// starts nothing; tests marked <see cref="KubernetesFactAttribute"/> are skipped then.
/// </summary>
public class KubernetesControlPlane : IAsyncLifetime
{
    /// <summary>How long the API server may take to report ready: generous, for a loaded 2-core machine.</summary>
    public static TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);
    private const string ServiceClusterIpRange = "10.0.0.0/24";

    private readonly List<WatchedProcess> _processes = [];
    private readonly SemaphoreSlim _controllerManagerLock = new(1, 1);
    private string? _directory;
    private string? _adminToken;
    private ControlPlaneCertificates? _certificates;
    private k8s.Kubernetes? _client;

    /// <summary>The API server's URL, e.g. https://127.0.0.1:41234.</summary>
    public Uri Server { get; private set; } = null!;

    /// <summary>etcd's client URL (plain http on loopback), for tests that act on the storage itself, e.g. compact its history.</summary>
    public Uri EtcdServer { get; private set; } = null!;

    /// <summary>A kubeconfig with cluster-admin (system:masters) rights, for kubectl and other clients.</summary>
    public string KubeconfigPath { get; private set; } = null!;

    /// <summary>A client with cluster-admin rights.</summary>
    public k8s.Kubernetes Client => _client ?? throw new InvalidOperationException(KubernetesAssets.MissingReason ?? "the control plane is not started");

    /// <summary>How long the start took (etcd start to API server ready).</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>More kube-apiserver flags (e.g. feature gates), after the fixture's own.</summary>
    public IReadOnlyList<string> ExtraApiServerArguments { get; init; } = [];

    /// <summary>Pids of every binary started, for tests of the fixture itself.</summary>
    public IReadOnlyList<int> Pids => _processes.Select(p => p.Pid).ToList();

    public bool ControllerManagerRunning => _processes.Any(p => p.Name == "kube-controller-manager");

    public async Task InitializeAsync()
    {
        if (KubernetesAssets.Directory is null) return;
        var clock = Stopwatch.StartNew();
        RemoveFoldersOfDeadHosts();
        _directory = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, HostPidFile), Environment.ProcessId.ToString());
        try
        {
            await StartAsync(_directory);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
        StartDuration = clock.Elapsed;
    }

    private async Task StartAsync(string dir)
    {
        _certificates = ControlPlaneCertificates.Write(dir);
        _adminToken = NewToken();
        var controllerManagerToken = NewToken();
        var tokens = Path.Combine(dir, "tokens.csv");
        await File.WriteAllTextAsync(tokens,
            $"{_adminToken},gitopsml-test-admin,gitopsml-test-admin,\"system:masters\"\n" +
            $"{controllerManagerToken},system:kube-controller-manager,system:kube-controller-manager\n");
        ControllerManagerToken = controllerManagerToken;

        var ports = FreePorts.Take(3);
        var (etcdClient, etcdPeer, secure) = (ports[0], ports[1], ports[2]);
        Server = new Uri($"https://127.0.0.1:{secure}");
        EtcdServer = new Uri($"http://127.0.0.1:{etcdClient}");
        KubeconfigPath = Path.Combine(dir, "kubeconfig");
        await File.WriteAllTextAsync(KubeconfigPath, Kubeconfig("gitopsml-test-admin", _adminToken));

        var etcdData = Directory.CreateDirectory(Path.Combine(dir, "etcd")).FullName;
        _processes.Add(await WatchedProcess.StartAsync("etcd", KubernetesAssets.PathOf("etcd"),
        [
            "--name=local", "--data-dir=" + etcdData,
            $"--listen-client-urls=http://127.0.0.1:{etcdClient}", $"--advertise-client-urls=http://127.0.0.1:{etcdClient}",
            $"--listen-peer-urls=http://127.0.0.1:{etcdPeer}", $"--initial-advertise-peer-urls=http://127.0.0.1:{etcdPeer}",
            $"--initial-cluster=local=http://127.0.0.1:{etcdPeer}",
            // Test data is thrown away: skip fsync-heavy safety on a shared, loaded disk.
            "--unsafe-no-fsync=true",
        ], dir, StopDeadline));

        _processes.Add(await WatchedProcess.StartAsync("kube-apiserver", KubernetesAssets.PathOf("kube-apiserver"),
        [
            $"--etcd-servers=http://127.0.0.1:{etcdClient}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={secure}",
            "--tls-cert-file=" + _certificates.ServingCertFile, "--tls-private-key-file=" + _certificates.ServingKeyFile,
            "--client-ca-file=" + _certificates.CaCertFile, "--token-auth-file=" + tokens,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + _certificates.ServiceAccountPublicKeyFile,
            "--service-account-signing-key-file=" + _certificates.ServiceAccountKeyFile,
            "--service-cluster-ip-range=" + ServiceClusterIpRange,
            // No nodes: without this the API server keeps logging that loopback endpoints are invalid.
            "--endpoint-reconciler-type=none",
            "--cert-dir=" + Path.Combine(dir, "apiserver-certs"),
            .. ExtraApiServerArguments,
        ], dir, StopDeadline));

        await WaitHealthyAsync("/readyz", _processes[^1], [.. _processes]);

        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        _client = new k8s.Kubernetes(config);
    }

    private string ControllerManagerToken { get; set; } = "";

    /// <summary>
    /// Starts kube-controller-manager (Deployments, ReplicaSets, Jobs, garbage collection, namespaces,
    /// service accounts) once; later calls return at once. Waits until it serves /healthz.
    /// </summary>
    public async Task StartControllerManagerAsync()
    {
        if (_client is null) throw new InvalidOperationException(KubernetesAssets.MissingReason ?? "the control plane is not started");
        await _controllerManagerLock.WaitAsync();
        try
        {
            if (ControllerManagerRunning) return;
            var dir = _directory!;
            var kubeconfig = Path.Combine(dir, "controller-manager.kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, Kubeconfig("system:kube-controller-manager", ControllerManagerToken));
            var port = FreePorts.Take(1)[0];
            var process = await WatchedProcess.StartAsync("kube-controller-manager", KubernetesAssets.PathOf("kube-controller-manager"),
            [
                "--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1", $"--secure-port={port}", "--leader-elect=false",
                "--use-service-account-credentials=true",
                "--service-account-private-key-file=" + _certificates!.ServiceAccountKeyFile,
                "--root-ca-file=" + _certificates.CaCertFile,
                "--service-cluster-ip-range=" + ServiceClusterIpRange,
                // Else it creates folders in a system directory.
                "--flex-volume-plugin-dir=" + Directory.CreateDirectory(Path.Combine(dir, "flex")).FullName,
                "--cert-dir=" + Path.Combine(dir, "controller-manager-certs"),
                "--controllers=*,-nodeipam,-cloud-node-lifecycle,-service,-route",
            ], dir, StopDeadline);
            _processes.Add(process);
            await WaitHealthyAsync("/healthz", process, [process], new Uri($"https://127.0.0.1:{port}"), checkCertificate: false);
        }
        finally
        {
            _controllerManagerLock.Release();
        }
    }

    private async Task WaitHealthyAsync(string path, WatchedProcess serving, IReadOnlyList<WatchedProcess> watched, Uri? server = null, bool checkCertificate = true)
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = checkCertificate ? TrustsOurCa : (_, _, _, _) => true,
        };
        using var http = new HttpClient(handler) { BaseAddress = server ?? Server, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < ReadyTimeout)
        {
            if (watched.FirstOrDefault(p => p.HasExited) is { } exited)
                throw new InvalidOperationException($"{exited.Name} exited while starting; the end of {exited.LogFile}:\n{exited.LogTail()}");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{serving.Name} was not healthy at {path} within {ReadyTimeout.TotalSeconds:0} s (last: {last}); the end of {serving.LogFile}:\n{serving.LogTail()}");
    }

    private bool TrustsOurCa(HttpRequestMessage _, X509Certificate2? certificate, X509Chain? __, System.Net.Security.SslPolicyErrors ___)
    {
        if (certificate is null) return false;
        using var ca = X509Certificate2.CreateFromPem(_certificates!.CaCertPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private string Kubeconfig(string user, string token)
    {
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_certificates!.CaCertPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: envtest
              cluster:
                server: {Server.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: envtest
              context:
                cluster: envtest
                user: {user}
                namespace: default
            current-context: envtest

            """;
    }

    private const string FolderPrefix = "gitopsml-kube-";
    private const string HostPidFile = "host.pid";

    // A killed test host cannot delete its folder; its watchdogs still stop the binaries. The next run tidies up.
    private static void RemoveFoldersOfDeadHosts()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                if (!int.TryParse(File.ReadAllText(Path.Combine(dir, HostPidFile)).Trim(), out var pid)) continue;
                if (Directory.Exists($"/proc/{pid}")) continue;
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not ours, or in use */ }
        }
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        // Reverse order: controller manager, API server, then etcd, which the others need while stopping.
        for (var i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
        _processes.Clear();
        if (_directory is not null)
        {
            try { Directory.Delete(_directory, recursive: true); }
            catch (IOException) { /* a log still open somewhere: the temp folder is cleaned by the OS */ }
            _directory = null;
        }
    }
}
