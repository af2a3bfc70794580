namespace GitOpsMl.Controllers.Sources;

/// <summary>
/// How a fetch authenticates over https, from the Secret of spec.secretRef with Flux's keys. ToString names
/// the kind and the user only: a credential printed by accident (a log, an interpolated message) shows no secret.
/// </summary>
public abstract record GitCredentials
{
    private GitCredentials() { }

    /// <summary>HTTP basic authentication (keys <c>username</c> and <c>password</c>; a token as the password works for GitHub, GitLab, Gitea).</summary>
    public sealed record Basic(string Username, string Password) : GitCredentials
    {
        public override string ToString() => $"basic authentication as \"{Username}\"";
    }

    /// <summary>An <c>Authorization: Bearer</c> header on every request (key <c>bearerToken</c>).</summary>
    public sealed record BearerToken(string Token) : GitCredentials
    {
        public override string ToString() => "a bearer token";
    }
}
