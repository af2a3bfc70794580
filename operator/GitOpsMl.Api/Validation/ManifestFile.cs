namespace GitOpsMl.Api.Validation;

/// <summary>A manifest file's bytes and the name it is reported under (the path as the user gave it).</summary>
public sealed record ManifestFile(string DisplayName, byte[] Bytes);
