using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Sources;
using GitOpsMl.Local.Tests.EndToEnd.Support;
using GitOpsMl.Local.Tests.Sources;

namespace GitOpsMl.Local.Tests.EndToEnd;

/// <summary>
/// `gitopsml up --secrets-dir` as a user runs it, against a private repository on an authenticated git server:
/// a wrong password is AuthenticationFailed and appears nowhere in the control plane's output; the corrected
/// Secret file is used by the next retry, without restarting anything.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PrivateGitSourceTests
{
    private const string Password = "pw-e2e-51c7a9";
    private const string WrongPassword = "wrong-e2e-0d4f2b";

    private static void WriteSecret(string folder, string password)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "username"), "ml-bot\n");
        File.WriteAllText(Path.Combine(folder, "password"), password + "\n");
    }

    [GitHttpBackendFact]
    public async Task Up_with_a_secrets_folder_reports_a_refused_password_without_showing_it_then_syncs_once_the_Secret_file_is_fixed()
    {
        using var workspace = new EndToEndWorkspace();
        var served = Path.Combine(workspace.Root, "served");
        using var repo = new TempGitRepository(Path.Combine(served, "ml"));
        var sha = repo.Write("data/small.csv", Manifests.Data).Write("manifests/first.yaml", Manifests.Dataset("first")).Commit("one dataset");
        await using var server = await AuthenticatedGitServer.StartAsync(served, "ml-bot", Password, "unused-token");
        var secret = Path.Combine(workspace.Root, "secrets", "default", "git-creds");
        WriteSecret(secret, WrongPassword);
        var cluster = Path.Combine(workspace.Root, "cluster");
        Directory.CreateDirectory(cluster);
        await File.WriteAllTextAsync(Path.Combine(cluster, "gitsource.yaml"), $$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: GitSource
            metadata: {name: ml}
            spec:
              url: {{server.UrlOf("ml")}}
              path: manifests
              interval: 2s
              secretRef: {name: git-creds}
            """);

        await using var up = UpProcess.Start(workspace, cluster, "--secrets-dir", Path.Combine(workspace.Root, "secrets"));
        using var state = new StateReader(workspace) { Output = () => up.Output };

        var refused = await state.UntilAsync<GitSource>("ml", s => Ready(s) == GitSourceReasons.AuthenticationFailed, EndToEndCollection.Converge, "the password refused");
        Assert.Null(refused!.Status!.LastAppliedRevision);
        Assert.Null(await state.GetAsync<Dataset>("first"));

        WriteSecret(secret, Password);
        var synced = await state.UntilAsync<GitSource>("ml", s => s.Status?.LastAppliedRevision?.EndsWith(sha) == true, EndToEndCollection.Converge, "the fixed Secret used");
        Assert.NotNull(await state.GetAsync<Dataset>("first"));
        await up.StopAsync();
        Assert.Contains(GitSourceReasons.AuthenticationFailed, up.Output);
        Assert.DoesNotContain(WrongPassword, up.Output);
        Assert.DoesNotContain(Password, up.Output);
        Assert.Equal(synced!.Status!.LastAppliedRevision, (await state.GetAsync<GitSource>("ml"))!.Status!.LastAppliedRevision);
    }

    private static string? Ready(GitSource s) => ConditionList.Get(s.Status?.Conditions, ConditionTypes.Ready)?.Reason;
}
